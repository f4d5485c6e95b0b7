/**
 * The use cases of components: read, create, edit, delete, each checked whole before anything is written.
 * A component's project is the caller's to administer; its lead must be a person of the site.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import type { ComponentAssigneeType } from '../db/tables/projects.table.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';
import {
  type ComponentValues,
  deleteComponentRow,
  findComponentRow,
  insertComponentRow,
  listComponentRows,
  updateComponentRow,
} from './components.repository.ts';
import { componentAssigneeTypes } from './components.schemas.ts';
import { invalid, type PeopleContext, resolveLead } from './project-people.ts';
import { type Component, componentRowToComponent, type TrackerProject } from './projects.model.ts';
import { getProject } from './projects.service.ts';

/** A component create or update body (the spec's `ProjectComponent`). */
export interface ComponentInput {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly project?: string | undefined;
  readonly leadAccountId?: string | null | undefined;
  readonly leadUserName?: string | null | undefined;
  readonly assigneeType?: string | undefined;
}

/** The site's component with this id, or the tracker's 404. */
export async function getComponent(db: Kysely<Database>, siteId: string, id: string): Promise<Component> {
  const row = await findComponentRow(db, siteId, id);
  if (!row) throw new VeilError('component.not_found', `The component with id ${id} does not exist.`);
  return componentRowToComponent(row);
}

/** The project's components, by name. */
export async function listComponents(db: Kysely<Database>, project: TrackerProject): Promise<Component[]> {
  return (await listComponentRows(db, project.siteId, project.key)).map(componentRowToComponent);
}

const leadFields = { accountField: 'leadAccountId', usernameField: 'leadUserName' } as const;

function isAssigneeType(value: unknown): value is ComponentAssigneeType {
  return typeof value === 'string' && (componentAssigneeTypes as readonly string[]).includes(value);
}

/** The component's values after the body (what it leaves out stays), or the tracker's 400. */
async function readValues(context: PeopleContext, body: ComponentInput, current: Component | null) {
  const problems: ErrorDetail[] = [];
  const name = body.name ?? current?.name ?? '';
  if (name.trim() === '') problems.push({ path: 'name', message: 'The component name must not be empty.' });
  else if (name.length > 255)
    problems.push({ path: 'name', message: 'The component name must not exceed 255 characters.' });
  if (body.assigneeType !== undefined && !isAssigneeType(body.assigneeType))
    problems.push({ path: 'assigneeType', message: `Invalid assignee type '${body.assigneeType}'.` });
  if (problems.length > 0) throw invalid(problems);
  const lead = await resolveLead(context, body as Record<string, unknown>, leadFields);
  const values: ComponentValues = {
    name: name.trim(),
    description: body.description ?? current?.description ?? '',
    leadId: lead === undefined ? (current?.leadId ?? null) : lead,
    assigneeType: isAssigneeType(body.assigneeType)
      ? body.assigneeType
      : (current?.assigneeType ?? 'PROJECT_DEFAULT'),
  };
  return values;
}

const nameTaken = (name: string) =>
  invalid([{ path: 'name', message: `A component with the name ${name} already exists in this project.` }]);

async function writeComponent(write: () => Promise<string | undefined>, name: string) {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  }
}

/** Creates a component of the project the body names. */
export async function createComponent(db: Kysely<Database>, context: PeopleContext, body: ComponentInput) {
  if (!body.project) throw invalid([{ path: 'project', message: 'The project key must be specified.' }]);
  const project = await getProject(db, context.site.id, body.project).catch(() => {
    throw invalid([{ path: 'project', message: `The project ${body.project} does not exist.` }]);
  });
  const values = await readValues(context, body, null);
  const id = await writeComponent(
    () => insertComponentRow(db, context.site.id, project.key, values),
    values.name,
  );
  return { project, component: await getComponent(db, context.site.id, String(id)) };
}

/** Edits the component: what the body leaves out stays; its project cannot change. */
export async function updateComponent(
  db: Kysely<Database>,
  context: PeopleContext,
  component: Component,
  body: ComponentInput,
): Promise<Component> {
  if (body.project !== undefined && body.project.toUpperCase() !== component.projectKey)
    throw invalid([{ path: 'project', message: "A component's project cannot be changed." }]);
  const values = await readValues(context, body, component);
  await writeComponent(async () => {
    await updateComponentRow(db, component.id, values);
    return component.id;
  }, values.name);
  return getComponent(db, context.site.id, component.id);
}

/** Deletes the component. */
export async function deleteComponent(db: Kysely<Database>, component: Component): Promise<void> {
  await deleteComponentRow(db, component.id);
}
