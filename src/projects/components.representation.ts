/** A component as the tracker's `ProjectComponent`, for one caller: every person from the one decision. */
import type { Directory } from '../directory/directory.ts';
import { isAssignableEntry } from '../issues/issues.access.ts';
import type { People } from '../issues/people.representation.ts';
import type { Site } from '../sites/sites.model.ts';
import { assignmentOf } from './component-assignee.ts';
import type { Component, TrackerProject } from './projects.model.ts';

/** Every accountId a component's representation may show. */
export function peopleOfComponents(
  project: TrackerProject,
  components: readonly Component[],
): (string | null)[] {
  return [project.leadId, ...components.map((component) => component.leadId)];
}

/** Whom the site can assign issues to, among the accounts named (loaded in one batch). */
export async function loadAssignable(
  directory: Directory,
  site: Site,
  accountIds: readonly (string | null)[],
): Promise<(accountId: string) => boolean> {
  const ids = [...new Set(accountIds.filter((id): id is string => id !== null))];
  const entries = await directory.entries(ids);
  return (accountId) => isAssignableEntry(site, entries.get(accountId));
}

const optionalUser = (people: People, name: string, accountId: string | null) => {
  const user = people.user(accountId);
  return user ? { [name]: user } : {};
};

/** The component, its lead and assignees rendered for the audience of `people`. */
export function renderComponent(
  people: People,
  project: TrackerProject,
  component: Component,
  assignable: (accountId: string) => boolean,
) {
  const { site, version } = people.audience;
  const assignment = assignmentOf(component, project, assignable);
  return {
    self: `${site.baseUrl}/rest/api/${version}/component/${component.id}`,
    id: component.id,
    name: component.name,
    ...(component.description ? { description: component.description } : {}),
    ...optionalUser(people, 'lead', component.leadId),
    ...(component.leadId ? { leadAccountId: component.leadId } : {}),
    assigneeType: component.assigneeType,
    ...optionalUser(people, 'assignee', assignment.assigneeId),
    realAssigneeType: assignment.realAssigneeType,
    ...optionalUser(people, 'realAssignee', assignment.realAssigneeId),
    isAssigneeTypeValid: assignment.isAssigneeTypeValid,
    project: project.key,
    projectId: Number(project.id),
  };
}

/** The paged list's item: the component without `leadAccountId`, with its count of issues. */
export function renderCountedComponent(
  people: People,
  project: TrackerProject,
  component: Component,
  assignable: (accountId: string) => boolean,
) {
  const { leadAccountId: _leadAccountId, ...rest } = renderComponent(people, project, component, assignable);
  return { ...rest, issueCount: 0 };
}
