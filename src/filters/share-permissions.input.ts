/**
 * Share permissions as requests give them, checked against the site before anything is written: the
 * person (by accountId) must be an account of the site, the group and the project must exist. Two forms
 * are read: the `SharePermission` of a filter body and the flat `SharePermissionInputBean`.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findGroupRow } from '../site-groups/site-groups.repository.ts';
import type { Site } from '../sites/sites.model.ts';
import type { NewSharePermission, ShareKind } from './filters.model.ts';

/** A share permission in one form: what the request named. */
export interface ShareInput {
  readonly type: string;
  readonly accountId?: string | undefined;
  readonly groupName?: string | undefined;
  readonly groupId?: string | undefined;
  readonly projectId?: string | undefined;
  readonly roleId?: string | undefined;
}

/** The `SharePermission` of a filter or dashboard body. */
export interface SharePermissionBody {
  readonly type: string;
  readonly user?: { readonly accountId?: string | undefined } | undefined;
  readonly group?: { readonly name?: string | undefined; readonly groupId?: string | undefined } | undefined;
  readonly project?: { readonly id?: string | undefined } | undefined;
  readonly role?: { readonly id?: string | number | undefined } | undefined;
}

export function shareInputOfBody(body: SharePermissionBody): ShareInput {
  const roleId = body.role?.id;
  return {
    type: body.type,
    accountId: body.user?.accountId,
    groupName: body.group?.name,
    groupId: body.group?.groupId,
    projectId: body.project?.id,
    roleId: roleId === undefined ? undefined : String(roleId),
  };
}

interface Checkers {
  readonly db: Kysely<Database>;
  readonly directory: Directory;
}

const invalid = (path: string, message: string) =>
  new VeilError('request.invalid', message, [{ path, message }]);

const kindOfType: Readonly<Record<string, ShareKind>> = {
  user: 'user',
  group: 'group',
  project: 'project',
  projectRole: 'projectRole',
  global: 'global',
  authenticated: 'loggedin',
  loggedin: 'loggedin',
};

async function readGroup(deps: Checkers, site: Site, input: ShareInput, path: string): Promise<string> {
  if (input.groupId === undefined && input.groupName === undefined)
    throw invalid(path, 'A group share permission needs the group (groupId or name).');
  const ref = input.groupId !== undefined ? { groupId: input.groupId } : { name: input.groupName ?? '' };
  const row = await findGroupRow(deps.db, site.id, ref);
  if (!row) throw invalid(path, `Group '${input.groupId ?? input.groupName}' does not exist.`);
  return row.group_id;
}

async function readProject(deps: Checkers, site: Site, projectId: string | undefined, path: string) {
  if (projectId === undefined) throw invalid(path, 'A project share permission needs the project id.');
  const row = await deps.db
    .selectFrom('issue_projects')
    .select('project_id')
    .where('site_id', '=', site.id)
    .where('project_id', '=', projectId)
    .executeTakeFirst();
  if (!row) throw invalid(path, `No project could be found with id '${projectId}'.`);
  return row.project_id;
}

async function readUser(deps: Checkers, site: Site, accountId: string | undefined, path: string) {
  if (!accountId) throw invalid(path, 'A user share permission needs the accountId of the user.');
  const entry = await deps.directory.entry(accountId);
  if (!entry?.links.has(site.id)) throw invalid(path, `The user '${accountId}' is not a user of this site.`);
  return accountId;
}

/** One share permission, checked (the tracker's 400 naming `path` otherwise). */
export async function readSharePermission(
  deps: Checkers,
  site: Site,
  input: ShareInput,
  path: string,
): Promise<NewSharePermission> {
  const kind = kindOfType[input.type];
  if (!kind) throw invalid(path, `Share type '${input.type}' is not valid.`);
  const none = { kind, accountId: null, groupId: null, projectId: null, roleId: null };
  if (kind === 'user') return { ...none, accountId: await readUser(deps, site, input.accountId, path) };
  if (kind === 'group') return { ...none, groupId: await readGroup(deps, site, input, path) };
  if (kind === 'global' || kind === 'loggedin') return none;
  const projectId = await readProject(deps, site, input.projectId, path);
  if (kind === 'project') return { ...none, projectId };
  if (!input.roleId || !/^[1-9][0-9]{0,8}$/.test(input.roleId))
    throw invalid(path, 'A project role share permission needs the id of the role.');
  const role = await deps.db
    .selectFrom('project_roles')
    .select('role_id')
    .where('site_id', '=', site.id)
    .where('role_id', '=', Number(input.roleId))
    .executeTakeFirst();
  if (!role) throw invalid(path, `No project role could be found with id '${input.roleId}'.`);
  return { ...none, projectId, roleId: input.roleId };
}

/** Every share permission of a list, checked in order. */
export async function readSharePermissions(
  deps: Checkers,
  site: Site,
  inputs: readonly ShareInput[],
  path: string,
): Promise<NewSharePermission[]> {
  const read: NewSharePermission[] = [];
  for (const [i, input] of inputs.entries())
    read.push(await readSharePermission(deps, site, input, `${path}[${i}]`));
  return read;
}
