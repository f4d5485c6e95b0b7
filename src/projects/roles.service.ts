/**
 * The use cases of project roles: the site's roles, who acts in a role of a project, adding, setting and
 * removing actors. People must be persons of the site and groups the site's; one 400 otherwise, and
 * nothing written.
 */
import type { Kysely } from 'kysely';
import { roleActorsChanged } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findGroupRow } from '../site-groups/site-groups.repository.ts';
import { invalid, mayActInRoles, type PeopleContext, requireSitePeople } from './project-people.ts';
import { actorRowToActor, type ProjectRole, type RoleActor, type TrackerProject } from './projects.model.ts';
import {
  type ActorKeys,
  deleteActorRows,
  insertActorRows,
  listActorRows,
  listRoleRows,
} from './roles.repository.ts';

/** Actors as a request names them: people by accountId, groups by name or by id. */
export interface NamedActors {
  readonly user?: readonly string[] | undefined;
  readonly group?: readonly string[] | undefined;
  readonly groupId?: readonly string[] | undefined;
}

export async function listRoles(db: Kysely<Database>, siteId: string): Promise<ProjectRole[]> {
  return listRoleRows(db, siteId);
}

/** The site's role with this id, or the tracker's 404. */
export async function getRole(db: Kysely<Database>, siteId: string, roleId: number): Promise<ProjectRole> {
  const role = (await listRoleRows(db, siteId)).find((candidate) => candidate.id === roleId);
  if (!role) throw new VeilError('project_role.not_found', `No project role with id ${roleId} exists.`);
  return role;
}

export async function listActors(
  db: Kysely<Database>,
  project: TrackerProject,
  role: ProjectRole,
): Promise<RoleActor[]> {
  const rows = await listActorRows(db, project.siteId, project.key, role.id);
  return rows.map(actorRowToActor);
}

/** The ids of the groups named (by name or id), or the tracker's 400 naming the first unknown. */
async function resolveGroups(db: Kysely<Database>, siteId: string, actors: NamedActors): Promise<string[]> {
  if (actors.group?.length && actors.groupId?.length)
    throw invalid([{ path: 'group', message: 'You cannot specify both group and groupId.' }]);
  const byName = actors.group !== undefined;
  const ids: string[] = [];
  for (const value of (byName ? actors.group : actors.groupId) ?? []) {
    const row = await findGroupRow(db, siteId, byName ? { name: value } : { groupId: value });
    if (!row)
      throw invalid([
        { path: byName ? 'group' : 'groupId', message: `The group '${value}' does not exist.` },
      ]);
    ids.push(row.group_id);
  }
  return ids;
}

/** The actors named, checked: persons of the site, groups of the site. */
async function resolveActors(
  db: Kysely<Database>,
  context: PeopleContext,
  actors: NamedActors,
): Promise<ActorKeys> {
  const accountIds = [...new Set(actors.user ?? [])];
  await requireSitePeople(context, 'user', accountIds, mayActInRoles);
  const groupIds = [...new Set(await resolveGroups(db, context.site.id, actors))];
  return { accountIds, groupIds };
}

const alreadyActing = () =>
  invalid([{ path: 'actors', message: 'One of the actors is already a member of the project role.' }]);

/** Adds the actors named to the role of the project. */
export async function addActors(
  db: Kysely<Database>,
  context: PeopleContext,
  target: RoleTarget,
  actors: NamedActors,
  by: AuditedBy,
) {
  const keys = await resolveActors(db, context, actors);
  if (keys.accountIds.length + keys.groupIds.length === 0)
    throw invalid([{ path: 'user', message: 'Name at least one user or group to add.' }]);
  try {
    await db.transaction().execute(async (trx) => {
      await insertActorRows(trx, targetKeys(target), keys);
      await recordRoleChange(trx, by, target, 'added', keys);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw alreadyActing();
    throw error;
  }
}

export interface RoleTarget {
  readonly project: TrackerProject;
  readonly role: ProjectRole;
}

const targetKeys = ({ project, role }: RoleTarget) => ({
  siteId: project.siteId,
  projectKey: project.key,
  roleId: role.id,
});

const categories: Record<string, keyof NamedActors> = {
  'atlassian-user-role-actor': 'user',
  'atlassian-group-role-actor': 'group',
  'atlassian-group-role-actor-id': 'groupId',
};

/** The actors of a `categorisedActors` map, or the tracker's 400 for an unknown category. */
export function readCategorisedActors(categorised: Readonly<Record<string, readonly string[]>>): NamedActors {
  const actors: Record<string, readonly string[]> = {};
  for (const [category, values] of Object.entries(categorised)) {
    const kind = categories[category];
    if (!kind) throw invalid([{ path: 'categorisedActors', message: `Unknown actor type '${category}'.` }]);
    actors[kind] = values;
  }
  return actors;
}

/** Sets the role's actors to exactly those named. */
export async function setActors(
  db: Kysely<Database>,
  context: PeopleContext,
  target: RoleTarget,
  actors: NamedActors,
  by: AuditedBy,
) {
  const keys = await resolveActors(db, context, actors);
  await db.transaction().execute(async (trx) => {
    await deleteActorRows(trx, targetKeys(target), null);
    await insertActorRows(trx, targetKeys(target), keys);
    await recordRoleChange(trx, by, target, 'set', keys);
  });
}

/** Removes one actor (a person, or a group by name or id); the tracker's 404 when it is not in the role. */
export async function removeActor(
  db: Kysely<Database>,
  target: RoleTarget,
  actor: NamedActors,
  by: AuditedBy,
) {
  const named = [actor.user, actor.group, actor.groupId].filter((values) => values?.length);
  if (named.length !== 1)
    throw invalid([{ path: 'user', message: 'Name exactly one of user, group and groupId.' }]);
  const group = actor.user
    ? undefined
    : await findGroupRow(
        db,
        target.project.siteId,
        actor.group ? { name: actor.group[0] } : { groupId: actor.groupId?.[0] },
      );
  const keys: ActorKeys = { accountIds: actor.user ?? [], groupIds: group ? [group.group_id] : [] };
  await db.transaction().execute(async (trx) => {
    const removed =
      keys.accountIds.length + keys.groupIds.length > 0
        ? await deleteActorRows(trx, targetKeys(target), keys)
        : 0;
    if (removed === 0)
      throw new VeilError('project_role.actor_not_found', 'The actor is not a member of the project role.');
    await recordRoleChange(trx, by, target, 'removed', keys);
  });
}

/** Who changed a role's actors, and by which clock, for the audit record written with the change. */
export interface AuditedBy {
  readonly clock: Clock;
  readonly actorId: string | null;
}

/** The audit record of a change to a role's actors, in the change's transaction (groups named as now). */
async function recordRoleChange(
  trx: Kysely<Database>,
  by: AuditedBy,
  target: RoleTarget,
  action: 'added' | 'removed' | 'set',
  keys: ActorKeys,
) {
  const groups = [];
  for (const groupId of keys.groupIds) {
    const row = await findGroupRow(trx, target.project.siteId, { groupId });
    groups.push({ groupId, name: row?.name ?? groupId });
  }
  const actor = { authorAccountId: by.actorId, eventSource: 'tracker' as const };
  const entry = roleActorsChanged(actor, target, action, { accountIds: keys.accountIds, groups });
  await recordAudit(trx, by.clock, target.project.siteId, entry);
}
