/**
 * The people a project write names: a lead by `leadAccountId` (or, in the legacy stage only, by
 * username), and role actors by accountId. Each must be a person of the site; an unknown or other
 * account is the tracker's 400 naming the field, and nothing is written.
 */
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import {
  checkLegacyParameters,
  findByLegacyIdentifier,
  type IdentityContext,
} from '../user-api/legacy-request.ts';
import type { Viewer } from '../visibility/visibility.ts';

/** Who names the people: the site, the caller's viewer and the request's identity context. */
export interface PeopleContext {
  readonly directory: Directory;
  readonly site: Site;
  readonly viewer: Viewer;
  readonly identity: IdentityContext;
}

/** A person of the site who may lead or act: an active person account linked to the site. */
export function isSitePerson(site: Site, entry: DirectoryEntry | undefined): entry is DirectoryEntry {
  if (!entry?.links.has(site.id)) return false;
  return entry.account.accountType === 'atlassian' && entry.account.status === 'active';
}

/** The tracker's 400 for problems with named fields (the first problem's message at the top). */
export function invalid(problems: readonly ErrorDetail[]): VeilError {
  return new VeilError('request.invalid', problems[0]?.message ?? 'The request is not valid', problems);
}

const noSuchUser = (path: string, value: string): ErrorDetail => ({
  path,
  message: `The user '${value}' does not exist or cannot be named here.`,
});

/**
 * The lead a write names: `accountField` by accountId, or `usernameField` by username (legacy stage
 * only; refused otherwise). Undefined when neither is given, null when the accountId is given empty.
 */
export async function resolveLead(
  context: PeopleContext,
  body: Readonly<Record<string, unknown>>,
  fields: { readonly accountField: string; readonly usernameField: string },
): Promise<string | null | undefined> {
  const accountId = body[fields.accountField];
  const username = body[fields.usernameField];
  if (typeof username === 'string' && username !== '') {
    checkLegacyParameters(context.identity, { [fields.usernameField]: username });
    if (typeof accountId === 'string' && accountId !== '')
      throw invalid([
        {
          path: fields.usernameField,
          message: `Cannot provide both ${fields.usernameField} and ${fields.accountField}.`,
        },
      ]);
    const { directory, site, viewer } = context;
    const entry = await findByLegacyIdentifier(directory, site, viewer, 'username', username);
    if (!isSitePerson(site, entry)) throw invalid([noSuchUser(fields.usernameField, username)]);
    return entry.account.accountId;
  }
  if (accountId === null || accountId === '') return null;
  if (typeof accountId !== 'string') return undefined;
  await requireSitePeople(context, fields.accountField, [accountId]);
  return accountId;
}

/** Who may act in a role: any account of the site but a customer (deactivated people and apps too). */
export function mayActInRoles(site: Site, entry: DirectoryEntry | undefined): boolean {
  return (entry?.links.has(site.id) ?? false) && entry?.account.accountType !== 'customer';
}

/** Every accountId named must pass `accepts` (a person of the site by default): one 400 naming the first that does not. */
export async function requireSitePeople(
  context: Pick<PeopleContext, 'directory' | 'site'>,
  path: string,
  accountIds: readonly string[],
  accepts: (site: Site, entry: DirectoryEntry | undefined) => boolean = isSitePerson,
): Promise<void> {
  const entries = await context.directory.entries([...new Set(accountIds)]);
  const unknown = accountIds.find((id) => !accepts(context.site, entries.get(id)));
  if (unknown !== undefined) throw invalid([noSuchUser(path, unknown)]);
}
