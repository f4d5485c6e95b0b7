/**
 * Who a component assigns its issues to (pure), as the tracker computes it: `assignee` is whom the
 * `assigneeType` names (even when that person cannot be assigned); `realAssignee` is who is assigned in
 * fact, falling back to the project's default (its lead, or nobody) when the named one cannot be; the
 * spec's `realAssigneeType` says so with `PROJECT_DEFAULT` ("when none of the preceding cases are true").
 */
import type { ComponentAssigneeType } from '../db/tables/projects.table.ts';
import type { Component, TrackerProject } from './projects.model.ts';

export interface ComponentAssignment {
  readonly assigneeId: string | null;
  readonly isAssigneeTypeValid: boolean;
  readonly realAssigneeType: ComponentAssigneeType;
  readonly realAssigneeId: string | null;
}

/** The project's default: its lead when it assigns to the lead and the lead can be assigned. */
function projectDefault(project: TrackerProject, assignable: (id: string) => boolean) {
  if (project.assigneeType !== 'PROJECT_LEAD') return { id: null, valid: true };
  const id = project.leadId;
  return { id, valid: id !== null && assignable(id) };
}

function nominal(component: Component, project: TrackerProject, assignable: (id: string) => boolean) {
  switch (component.assigneeType) {
    case 'UNASSIGNED':
      return { id: null, valid: true };
    case 'PROJECT_DEFAULT':
      return projectDefault(project, assignable);
    case 'PROJECT_LEAD':
      return { id: project.leadId, valid: project.leadId !== null && assignable(project.leadId) };
    case 'COMPONENT_LEAD':
      return { id: component.leadId, valid: component.leadId !== null && assignable(component.leadId) };
  }
}

/** The component's assignment, given whom the site can assign issues to. */
export function assignmentOf(
  component: Component,
  project: TrackerProject,
  assignable: (accountId: string) => boolean,
): ComponentAssignment {
  const named = nominal(component, project, assignable);
  if (named.valid) {
    return {
      assigneeId: named.id,
      isAssigneeTypeValid: true,
      realAssigneeType: component.assigneeType,
      realAssigneeId: named.id,
    };
  }
  const fallback = projectDefault(project, assignable);
  return {
    assigneeId: named.id,
    isAssigneeTypeValid: false,
    realAssigneeType: 'PROJECT_DEFAULT',
    realAssigneeId: fallback.valid ? fallback.id : null,
  };
}
