/** The SQL of project roles and the people and groups acting in them. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProjectRole, RoleActorRow } from './projects.model.ts';

/** The site's project roles, by name. */
export async function listRoleRows(db: Kysely<Database>, siteId: string): Promise<ProjectRole[]> {
  const rows = await db
    .selectFrom('project_roles')
    .select(['role_id', 'name', 'description'])
    .where('site_id', '=', siteId)
    .orderBy('name')
    .execute();
  return rows.map((row) => ({ id: row.role_id, name: row.name, description: row.description }));
}

/** The actors of one role of one project: people by accountId, groups with their current name. */
export async function listActorRows(
  db: Kysely<Database>,
  siteId: string,
  projectKey: string,
  roleId: number,
): Promise<RoleActorRow[]> {
  return db
    .selectFrom('project_role_actors as a')
    .leftJoin('groups as g', 'g.group_id', 'a.group_id')
    .select(['a.actor_id', 'a.account_id', 'a.group_id', 'g.name as group_name'])
    .where('a.site_id', '=', siteId)
    .where('a.project_key', '=', projectKey)
    .where('a.role_id', '=', roleId)
    .orderBy('a.actor_id')
    .execute();
}

export interface ActorKeys {
  readonly accountIds: readonly string[];
  readonly groupIds: readonly string[];
}

/** Adds actors to a role of a project (a unique violation when one is there already). */
export async function insertActorRows(
  db: Kysely<Database>,
  target: { siteId: string; projectKey: string; roleId: number },
  actors: ActorKeys,
): Promise<void> {
  const base = { site_id: target.siteId, project_key: target.projectKey, role_id: target.roleId };
  const rows = [
    ...actors.accountIds.map((id) => ({ ...base, account_id: id, group_id: null })),
    ...actors.groupIds.map((id) => ({ ...base, account_id: null, group_id: id })),
  ];
  if (rows.length > 0) await db.insertInto('project_role_actors').values(rows).execute();
}

/** Removes the actors named (all of the role's when `actors` is null); returns how many went. */
export async function deleteActorRows(
  db: Kysely<Database>,
  target: { siteId: string; projectKey: string; roleId: number },
  actors: ActorKeys | null,
): Promise<number> {
  let query = db
    .deleteFrom('project_role_actors')
    .where('site_id', '=', target.siteId)
    .where('project_key', '=', target.projectKey)
    .where('role_id', '=', target.roleId);
  if (actors) {
    const { accountIds, groupIds } = actors;
    query = query.where((eb) =>
      eb.or([
        ...(accountIds.length > 0 ? [eb('account_id', 'in', accountIds)] : []),
        ...(groupIds.length > 0 ? [eb('group_id', 'in', groupIds)] : []),
      ]),
    );
  }
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
