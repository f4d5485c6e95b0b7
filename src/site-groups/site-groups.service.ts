/**
 * A site's groups: creating, finding and deleting them. Group membership is in
 * group-members.service.ts; the site itself reads its groups through `listGroupRows`.
 */
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Group, GroupReference } from './site-groups.model.ts';
import { deleteGroupRow, findGroupRow, insertGroupRow, siteRowExists } from './site-groups.repository.ts';

/** Creates a group on the site (which the caller knows exists); a name taken there is `group.name_taken`. */
export async function createGroup(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  name: string,
): Promise<Group> {
  const groupId = randomUUID();
  const create = async (trx: Kysely<Database>) => {
    try {
      await insertGroupRow(trx, { groupId, siteId, name, createdAt: clock.now() });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new VeilError('group.name_taken', `The site already has a group named ${name}`);
      throw error;
    }
    return { groupId, name };
  };
  return db.isTransaction ? create(db) : db.transaction().execute(create);
}

/** Creates a group on the site named by the caller: an unknown site is `site.not_found`. */
export async function createGroupOnSite(
  db: Kysely<Database>,
  clock: Clock,
  siteId: string,
  name: string,
): Promise<Group> {
  // The site is read here rather than through sites/, which stands on this folder (a site lists its groups).
  if (!(await siteRowExists(db, siteId)))
    throw new VeilError('site.not_found', `No site has the id ${siteId}`);
  return createGroup(db, clock, siteId, name);
}

/** Finds a group of the site by id or by name (case-insensitive), or fails with `group.not_found`. */
export async function getGroup(db: Kysely<Database>, siteId: string, ref: GroupReference): Promise<Group> {
  const row = await findGroupRow(db, siteId, ref);
  if (!row) throw new VeilError('group.not_found', `No group ${ref.groupId ?? ref.name} exists on the site`);
  return { groupId: row.group_id, name: row.name };
}

export async function deleteGroup(db: Kysely<Database>, siteId: string, groupId: string): Promise<void> {
  await getGroup(db, siteId, { groupId });
  await deleteGroupRow(db, groupId);
}

/** A group named to take over a deleted group's place, and the parameter that named it. */
export interface SwapGroup {
  readonly ref: GroupReference;
  readonly path: string;
}

/**
 * Deletes the group named, in one transaction (the caller's, when given one); returns it. A swap group, when given, must exist and be another
 * group: Veil keeps no group restrictions to transfer, so the swap group is only checked.
 */
export async function deleteGroupSwapping(
  db: Kysely<Database>,
  siteId: string,
  ref: GroupReference,
  swap: SwapGroup | undefined,
): Promise<Group> {
  const remove = async (trx: Kysely<Database>) => {
    const group = await getGroup(trx, siteId, ref);
    if (swap && (await getGroup(trx, siteId, swap.ref)).groupId === group.groupId) {
      throw new VeilError('request.invalid', 'A group cannot be swapped for itself', [
        { path: swap.path, message: 'is the group removed' },
      ]);
    }
    await deleteGroup(trx, siteId, group.groupId);
    return group;
  };
  return db.isTransaction ? remove(db) : db.transaction().execute(remove);
}
