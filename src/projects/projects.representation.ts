/**
 * A project as the tracker's `Project`, for one caller: its lead (and its components' people) the
 * tracker user object made by the one decision. The single-project read shows everything; lists show
 * `description` and `lead` only when expanded, as the product does.
 */
import type { Audience, People } from '../issues/people.representation.ts';
import { renderComponent } from './components.representation.ts';
import type { Component, ProjectRole, TrackerProject } from './projects.model.ts';
import { roleSelf } from './roles.representation.ts';

/** What a single project's representation holds besides the project itself. */
export interface ProjectDetails {
  readonly components: readonly Component[];
  readonly issueTypes: readonly { type_id: string; name: string }[];
  readonly roles: readonly ProjectRole[];
  readonly assignable: (accountId: string) => boolean;
}

export function projectSelf(audience: Pick<Audience, 'site' | 'version'>, project: TrackerProject): string {
  return `${audience.site.baseUrl}/rest/api/${audience.version}/project/${project.id}`;
}

function avatarUrls(people: People, project: TrackerProject) {
  const base = `${people.audience.site.baseUrl}/secure/projectavatar`;
  const url = (size: string) => `${base}?size=${size}&pid=${project.id}`;
  return { '16x16': url('xsmall'), '24x24': url('small'), '32x32': url('medium'), '48x48': url('large') };
}

/** The part every representation of a project holds, with `description` and `lead` when asked for. */
export function renderProjectSummary(people: People, project: TrackerProject, expand: ReadonlySet<string>) {
  const lead = expand.has('lead') ? people.user(project.leadId) : null;
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    self: projectSelf(people.audience, project),
    id: project.id,
    key: project.key,
    name: project.name,
    ...(expand.has('description') ? { description: project.description } : {}),
    ...(lead ? { lead } : {}),
    avatarUrls: avatarUrls(people, project),
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

const everything = new Set(['description', 'lead']);

/** The whole project, as `GET /project/{projectIdOrKey}` answers. */
export function renderProject(people: People, project: TrackerProject, details: ProjectDetails) {
  const { site, version } = people.audience;
  const api = `${site.baseUrl}/rest/api/${version}`;
  return {
    ...renderProjectSummary(people, project, everything),
    components: details.components.map((c) => renderComponent(people, project, c, details.assignable)),
    issueTypes: details.issueTypes.map((type) => ({
      self: `${api}/issuetype/${type.type_id}`,
      id: type.type_id,
      name: type.name,
      description: '',
      iconUrl: `${site.baseUrl}/images/icons/issuetypes/${type.name.toLowerCase()}.svg`,
      subtask: false,
      hierarchyLevel: 0,
    })),
    assigneeType: project.assigneeType,
    roles: Object.fromEntries(details.roles.map((role) => [role.name, roleSelf(people, project, role)])),
  };
}
