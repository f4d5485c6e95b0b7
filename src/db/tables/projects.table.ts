import type { Generated } from 'kysely';

export type ComponentAssigneeType = 'PROJECT_DEFAULT' | 'COMPONENT_LEAD' | 'PROJECT_LEAD' | 'UNASSIGNED';

/** The tables of projects' components and roles (src/projects): accountIds and group ids only. */
export interface ProjectTables {
  project_components: {
    component_id: Generated<string>;
    site_id: string;
    project_key: string;
    name: string;
    description: Generated<string>;
    lead_account_id: string | null;
    assignee_type: Generated<ComponentAssigneeType>;
  };
  project_roles: { site_id: string; role_id: number; name: string; description: string };
  project_role_actors: {
    actor_id: Generated<string>;
    site_id: string;
    project_key: string;
    role_id: number;
    account_id: string | null;
    group_id: string | null;
  };
}
