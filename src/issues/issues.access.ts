/**
 * Who may do what with a site's issues: people with the tracker on the site (and platform admins) browse
 * and edit; installed apps too (their scopes are checked for every operation by `auth/app-scopes.ts`);
 * anonymous callers browse only where the site allows it; site admins administer (delete). The accounts
 * an issue names must be on the site, and its assignee assignable.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findMembershipRows } from '../site-groups/site-groups.repository.ts';
import type { Site } from '../sites/sites.model.ts';
import { outsideReader, type RestrictionReader } from './restrictions.ts';

export const issueNotFound = () =>
  new VeilError('issue.not_found', 'Issue does not exist or you do not have permission to see it.');

async function hasTracker(directory: Directory, caller: Caller, site: Site): Promise<boolean> {
  if (caller.kind === 'app') return caller.siteId === site.id;
  if (caller.kind !== 'person') return false;
  if (caller.isPlatformAdmin) return true;
  const entry = await directory.entry(caller.account.accountId);
  return entry?.links.get(site.id)?.products.includes('jira') ?? false;
}

/** Whether the caller may browse the site's projects and their issues. */
export async function mayBrowseIssues(directory: Directory, caller: Caller, site: Site): Promise<boolean> {
  if (caller.kind === 'anonymous') return site.anonymousAccess;
  return hasTracker(directory, caller, site);
}

/** Browse, or the 404 of an unknown issue (a caller who may not browse learns nothing of what exists). */
export async function requireBrowseIssues(directory: Directory, caller: Caller, site: Site): Promise<void> {
  if (!(await mayBrowseIssues(directory, caller, site))) throw issueNotFound();
}

/** Edit (create, change, comment, watch, vote), or 401/403. */
export async function requireEditIssues(directory: Directory, caller: Caller, site: Site): Promise<void> {
  if (caller.kind === 'anonymous')
    throw new VeilError('auth.required', 'You are not logged in. Sign in, or use an API token.');
  if (!(await hasTracker(directory, caller, site)))
    throw new VeilError('auth.forbidden', 'You do not have permission to edit issues of this site.');
}

/** Administer (delete issues, others' comments): site admins, platform admins and installed apps. */
export function mayAdministerIssues(caller: Caller, site: Site): boolean {
  if (caller.kind === 'app') return caller.siteId === site.id;
  if (caller.kind !== 'person') return false;
  return caller.isPlatformAdmin || caller.administeredSiteIds.includes(site.id);
}

/** The accountId that acts (the signed-in person, or the app's own account); null for nobody. */
export function actorOf(caller: Caller): string | null {
  return caller.kind === 'anonymous' ? null : caller.account.accountId;
}

const onSite = (site: Site, entry: DirectoryEntry | undefined) => entry?.links.has(site.id) ?? false;

/** Whether the account may be assigned issues: an active person with the tracker on the site. */
export function isAssignableEntry(site: Site, entry: DirectoryEntry | undefined): boolean {
  if (entry?.account.accountType !== 'atlassian' || entry.account.status !== 'active') return false;
  return entry.links.get(site.id)?.products.includes('jira') ?? false;
}

/**
 * Checks that each accountId named in a field is an account of the site, and the assignee assignable;
 * one 400 naming every field that names someone else (nothing is written).
 */
export async function checkNamedPeople(
  directory: Directory,
  site: Site,
  named: ReadonlyMap<string, readonly string[]>,
  assigneeId: string | null | undefined,
): Promise<void> {
  const ids = [...new Set([...named.values()].flat().concat(assigneeId ? [assigneeId] : []))];
  const entries = await directory.entries(ids);
  const problems: { path: string; message: string }[] = [];
  for (const [field, accountIds] of named) {
    const unknown = accountIds.find((id) => !onSite(site, entries.get(id)));
    if (unknown) problems.push({ path: field, message: `The user '${unknown}' is not a user of this site.` });
  }
  if (assigneeId && !isAssignableEntry(site, entries.get(assigneeId)))
    problems.push({ path: 'assignee', message: `User '${assigneeId}' cannot be assigned issues.` });
  if (problems.length === 0) return;
  throw new VeilError('request.invalid', problems[0]?.message ?? 'A user is not valid', problems);
}

/** Who the caller is to restricted comments and worklogs: their groups on the site, and whether they see roles. */
export async function restrictionReaderOf(
  db: Kysely<Database>,
  caller: Caller,
  site: Site,
): Promise<RestrictionReader> {
  if (caller.kind !== 'person') return outsideReader(actorOf(caller));
  const rows = await findMembershipRows(db, site.id, [caller.account.accountId]);
  return {
    accountId: caller.account.accountId,
    groups: new Set(rows.map((row) => row.name.toLowerCase())),
    seesRoles: caller.isPlatformAdmin || caller.administeredSiteIds.includes(site.id),
  };
}
