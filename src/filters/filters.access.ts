/**
 * Who may do what with a site's filters and dashboards: whoever may browse the site's issues reads the
 * ones they own, those shared with them (by accountId, group, project, to every signed-in user or to
 * everyone), and site admins all of them; only the owner changes one, and site admins may give it a
 * new owner. An app is its own account: it sees what is shared with it or with everyone.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findMembershipRows } from '../site-groups/site-groups.repository.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ShareReader } from './filters.model.ts';

/** Whether the caller administers the site (a site admin or a platform admin, in person). */
export function administersSite(caller: Caller, site: Site): boolean {
  if (caller.kind !== 'person') return false;
  return caller.isPlatformAdmin || caller.administeredSiteIds.includes(site.id);
}

/** Who the caller is to share permissions: their account and groups on the site, and whether an admin. */
export async function shareReaderOf(db: Kysely<Database>, caller: Caller, site: Site): Promise<ShareReader> {
  if (caller.kind === 'anonymous') return { accountId: null, groupIds: [], signedIn: false, admin: false };
  const accountId = caller.account.accountId;
  const rows = caller.kind === 'person' ? await findMembershipRows(db, site.id, [accountId]) : [];
  return {
    accountId,
    groupIds: rows.map((row) => row.group_id),
    signedIn: true,
    admin: administersSite(caller, site),
  };
}

/** The owner, or the tracker's 403 (the caller sees the filter but may not change it). */
export function requireOwner(reader: ShareReader, ownerId: string, what: 'filter' | 'dashboard'): string {
  if (reader.accountId !== null && reader.accountId === ownerId) return reader.accountId;
  throw new VeilError('auth.forbidden', `Only the owner of this ${what} can change it.`);
}

/** The signed-in caller's accountId (favourites are a person's or an app's own), or the tracker's 401. */
export function requireAccount(reader: ShareReader): string {
  if (reader.accountId !== null) return reader.accountId;
  throw new VeilError('auth.required', 'You are not logged in. Sign in, or use an API token.');
}
