/** What a project create or update body says, checked field by field (pure): every problem at once. */
import type { ErrorDetail } from '../errors/veil-error.ts';
import type { ProjectAssigneeType, ProjectTypeKey, TrackerProject } from './projects.model.ts';
import { type ProjectDetailsBody, projectAssigneeTypes, projectTypeKeys } from './projects.schemas.ts';

const keyPattern = /^[A-Z][A-Z0-9_]{0,9}$/;

export interface ProjectFields {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly assigneeType: ProjectAssigneeType;
  readonly projectTypeKey: ProjectTypeKey;
}

function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

function checkName(name: unknown, problems: ErrorDetail[]): void {
  if (typeof name !== 'string' || name.trim() === '')
    problems.push({ path: 'projectName', message: 'You must specify a valid project name.' });
  else if (name.length > 80)
    problems.push({
      path: 'projectName',
      message: 'The project name must not exceed 80 characters in length.',
    });
}

function checkAssigneeType(value: unknown, problems: ErrorDetail[]): void {
  if (value !== undefined && !isOneOf(projectAssigneeTypes, value))
    problems.push({ path: 'assigneeType', message: `Invalid assignee type '${String(value)}'.` });
}

/** The fields of a new project, or the problems with them (the lead is read apart). */
export function readNewProject(body: ProjectDetailsBody): { fields: ProjectFields; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  const key = typeof body.key === 'string' ? body.key : '';
  if (!keyPattern.test(key))
    problems.push({
      path: 'projectKey',
      message:
        'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters (at most 10).',
    });
  checkName(body.name, problems);
  checkAssigneeType(body.assigneeType, problems);
  const type = body.projectTypeKey ?? 'software';
  if (!isOneOf(projectTypeKeys, type))
    problems.push({ path: 'projectTypeKey', message: `Invalid project type '${type}'.` });
  const fields: ProjectFields = {
    key,
    name: String(body.name ?? '').trim(),
    description: typeof body.description === 'string' ? body.description : '',
    assigneeType: isOneOf(projectAssigneeTypes, body.assigneeType) ? body.assigneeType : 'UNASSIGNED',
    projectTypeKey: isOneOf(projectTypeKeys, type) ? type : 'software',
  };
  return { fields, problems };
}

/** The fields of an edited project (what the body leaves out stays), or the problems with them. */
export function readProjectEdit(
  project: TrackerProject,
  body: ProjectDetailsBody,
): { fields: ProjectFields; problems: ErrorDetail[] } {
  const problems: ErrorDetail[] = [];
  if (body.key !== undefined && body.key !== project.key)
    problems.push({ path: 'projectKey', message: "Changing a project's key is not supported." });
  if (body.name !== undefined) checkName(body.name, problems);
  checkAssigneeType(body.assigneeType, problems);
  const fields: ProjectFields = {
    key: project.key,
    name: typeof body.name === 'string' ? body.name.trim() : project.name,
    description: typeof body.description === 'string' ? body.description : project.description,
    assigneeType: isOneOf(projectAssigneeTypes, body.assigneeType) ? body.assigneeType : project.assigneeType,
    projectTypeKey: project.projectTypeKey,
  };
  return { fields, problems };
}
