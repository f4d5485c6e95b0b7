/** Projects, components and roles as the rest of the capability reads them (camelCase), and their row mappers. */
import type { ComponentAssigneeType } from '../db/tables/projects.table.ts';

export type ProjectAssigneeType = 'PROJECT_LEAD' | 'UNASSIGNED';
export type ProjectTypeKey = 'software' | 'service_desk' | 'business';

/** A tracker project of a site: its lead by accountId only. */
export interface TrackerProject {
  readonly siteId: string;
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly leadId: string | null;
  readonly assigneeType: ProjectAssigneeType;
  readonly projectTypeKey: ProjectTypeKey;
}

export interface ProjectRow {
  site_id: string;
  project_id: string;
  project_key: string;
  name: string;
  description: string;
  lead_account_id: string | null;
  assignee_type: ProjectAssigneeType;
  project_type_key: ProjectTypeKey;
}

export function projectRowToProject(row: ProjectRow): TrackerProject {
  return {
    siteId: row.site_id,
    id: row.project_id,
    key: row.project_key,
    name: row.name,
    description: row.description,
    leadId: row.lead_account_id,
    assigneeType: row.assignee_type,
    projectTypeKey: row.project_type_key,
  };
}

/** A component of a project: its lead by accountId only. */
export interface Component {
  readonly id: string;
  readonly projectKey: string;
  readonly name: string;
  readonly description: string;
  readonly leadId: string | null;
  readonly assigneeType: ComponentAssigneeType;
}

export interface ComponentRow {
  component_id: string;
  project_key: string;
  name: string;
  description: string;
  lead_account_id: string | null;
  assignee_type: ComponentAssigneeType;
}

export function componentRowToComponent(row: ComponentRow): Component {
  return {
    id: String(row.component_id),
    projectKey: row.project_key,
    name: row.name,
    description: row.description,
    leadId: row.lead_account_id,
    assigneeType: row.assignee_type,
  };
}

/** A project role of the site. */
export interface ProjectRole {
  readonly id: number;
  readonly name: string;
  readonly description: string;
}

/** Someone acting in a role of a project: a person by accountId, or a group of the site. */
export type RoleActor =
  | { readonly id: string; readonly kind: 'user'; readonly accountId: string }
  | { readonly id: string; readonly kind: 'group'; readonly groupId: string; readonly groupName: string };

export interface RoleActorRow {
  actor_id: string;
  account_id: string | null;
  group_id: string | null;
  group_name: string | null;
}

export function actorRowToActor(row: RoleActorRow): RoleActor {
  if (row.account_id !== null) return { id: String(row.actor_id), kind: 'user', accountId: row.account_id };
  return {
    id: String(row.actor_id),
    kind: 'group',
    groupId: row.group_id ?? '',
    groupName: row.group_name ?? '',
  };
}
