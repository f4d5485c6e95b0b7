/**
 * The components and role actors a scenario file declares on its projects (see docs/scenarios.md):
 * checked against the file (people, groups, role names), then written after the project itself.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ComponentAssigneeType } from '../db/tables/projects.table.ts';
import { findGroupRow } from '../site-groups/site-groups.repository.ts';
import { insertComponentRow } from './components.repository.ts';
import { insertActorRows, listRoleRows } from './roles.repository.ts';

/** What a scenario project declares besides its key, name and lead (the shapes of `scenario.schemas.ts`). */
export interface ScenarioProjectParts {
  readonly key: string;
  readonly components?: readonly {
    name: string;
    description?: string;
    lead?: string;
    assigneeType?: ComponentAssigneeType;
  }[];
  readonly roles?: readonly { role: string; users?: string[]; groups?: string[] }[];
}

/** The role names every site has (made by the migration's trigger). */
export const defaultRoleNames = ['Administrators', 'Member', 'Viewer'];

type AddProblem = (path: string, message: string) => void;

function findComponentProblems(
  project: ScenarioProjectParts,
  path: string,
  add: AddProblem,
  requireAccount: AddProblem,
) {
  const seen = new Set<string>();
  for (const [c, component] of (project.components ?? []).entries()) {
    const name = component.name.toLowerCase();
    if (seen.has(name)) add(`${path}.components[${c}].name`, 'is used twice in the project');
    seen.add(name);
    if (component.lead) requireAccount(`${path}.components[${c}].lead`, component.lead);
  }
}

/** Problems of a project's components and roles: unknown people, groups or roles, names used twice. */
export function findScenarioProjectProblems(
  project: ScenarioProjectParts,
  siteGroups: readonly string[],
  path: string,
  add: AddProblem,
  requireAccount: AddProblem,
): void {
  findComponentProblems(project, path, add, requireAccount);
  const groups = new Set(siteGroups.map((group) => group.toLowerCase()));
  const roles = new Set<string>();
  for (const [r, role] of (project.roles ?? []).entries()) {
    const at = `${path}.roles[${r}]`;
    if (!defaultRoleNames.includes(role.role))
      add(`${at}.role`, `is not one of ${defaultRoleNames.join(', ')}`);
    if (roles.has(role.role)) add(`${at}.role`, 'is used twice in the project');
    roles.add(role.role);
    for (const [u, user] of (role.users ?? []).entries()) requireAccount(`${at}.users[${u}]`, user);
    for (const [g, group] of (role.groups ?? []).entries())
      if (!groups.has(group.toLowerCase()))
        add(`${at}.groups[${g}]`, `names the group ${group}, which the site does not declare`);
  }
}

/** Writes the project's components and role actors (the project and the site's groups exist). */
export async function writeScenarioProjectParts(
  db: Kysely<Database>,
  siteId: string,
  project: ScenarioProjectParts,
) {
  for (const component of project.components ?? []) {
    await insertComponentRow(db, siteId, project.key, {
      name: component.name,
      description: component.description ?? '',
      leadId: component.lead ?? null,
      assigneeType: component.assigneeType ?? 'PROJECT_DEFAULT',
    });
  }
  const roles = await listRoleRows(db, siteId);
  for (const declared of project.roles ?? []) {
    const role = roles.find((candidate) => candidate.name === declared.role);
    if (!role) continue;
    const groupIds: string[] = [];
    for (const name of declared.groups ?? []) {
      const row = await findGroupRow(db, siteId, { name });
      if (row) groupIds.push(row.group_id);
    }
    const target = { siteId, projectKey: project.key, roleId: role.id };
    await insertActorRows(db, target, {
      accountIds: [...new Set(declared.users ?? [])],
      groupIds: [...new Set(groupIds)],
    });
  }
}
