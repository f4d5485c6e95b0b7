/**
 * A site admin's changes to groups and their members, each with its audit record in the same transaction.
 * Whoever calls these (the tracker, the wiki, Veil's own API) says who acts and through what; a scenario
 * load and a site's creation make their groups with site-groups.service.ts directly and record nothing.
 */
import type { Kysely } from 'kysely';
import {
  type AuditActor,
  groupCreated,
  groupDeleted,
  groupMembershipChanged,
} from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { addNamedGroupMember, removeNamedGroupMember } from './group-members.service.ts';
import type { Group, GroupReference } from './site-groups.model.ts';
import {
  createGroup,
  createGroupOnSite,
  deleteGroupSwapping,
  type SwapGroup,
} from './site-groups.service.ts';

/** What a group change needs: the store, the clock, the site and who acts. */
export interface GroupAdmin {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly siteId: string;
  readonly actor: AuditActor;
}

/** A group change by a signed-in person through an API (`eventSource`). */
export function groupAdmin(
  store: { readonly db: Kysely<Database>; readonly clock: Clock },
  siteId: string,
  person: { readonly account: { readonly accountId: string } },
  eventSource: AuditActor['eventSource'],
): GroupAdmin {
  const { db, clock } = store;
  return { db, clock, siteId, actor: { authorAccountId: person.account.accountId, eventSource } };
}

/** Creates a group (`site.not_found` for an unknown site when `checkSite`), audited. */
export async function createGroupAudited(
  { db, clock, siteId, actor }: GroupAdmin,
  name: string,
  checkSite = false,
) {
  return db.transaction().execute(async (trx) => {
    const group = checkSite
      ? await createGroupOnSite(trx, clock, siteId, name)
      : await createGroup(trx, clock, siteId, name);
    await recordAudit(trx, clock, siteId, groupCreated(actor, group));
    return group;
  });
}

/** Deletes the group named (checking a swap group), audited. */
export async function deleteGroupAudited(admin: GroupAdmin, ref: GroupReference, swap?: SwapGroup) {
  const { db, clock, siteId, actor } = admin;
  await db.transaction().execute(async (trx) => {
    const group = await deleteGroupSwapping(trx, siteId, ref, swap);
    await recordAudit(trx, clock, siteId, groupDeleted(actor, group));
  });
}

/** Adds the account `findMember` names to the group named, audited; returns the group. */
export async function addGroupMemberAudited(
  admin: GroupAdmin,
  ref: GroupReference,
  findMember: () => string,
): Promise<Group> {
  const { db, clock, siteId, actor } = admin;
  return db.transaction().execute(async (trx) => {
    let member = '';
    const group = await addNamedGroupMember(trx, siteId, ref, () => {
      member = findMember();
      return member;
    });
    await recordAudit(trx, clock, siteId, groupMembershipChanged(actor, group, member, true));
    return group;
  });
}

/** Takes the account `findMember` names out of the group named, audited. */
export async function removeGroupMemberAudited(
  admin: GroupAdmin,
  ref: GroupReference,
  findMember: () => string,
) {
  const { db, clock, siteId, actor } = admin;
  await db.transaction().execute(async (trx) => {
    let member = '';
    const group = await removeNamedGroupMember(trx, siteId, ref, () => {
      member = findMember();
      return member;
    });
    await recordAudit(trx, clock, siteId, groupMembershipChanged(actor, group, member, false));
  });
}
