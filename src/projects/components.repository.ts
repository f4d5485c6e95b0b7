/** The SQL of project components. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ComponentAssigneeType } from '../db/tables/projects.table.ts';
import type { ComponentRow } from './projects.model.ts';

const columns = [
  'component_id',
  'project_key',
  'name',
  'description',
  'lead_account_id',
  'assignee_type',
] as const;

/** The component of the site with this id. */
export async function findComponentRow(
  db: Kysely<Database>,
  siteId: string,
  id: string,
): Promise<ComponentRow | undefined> {
  if (!/^\d{1,18}$/.test(id)) return undefined;
  return db
    .selectFrom('project_components')
    .select(columns)
    .where('site_id', '=', siteId)
    .where('component_id', '=', id)
    .executeTakeFirst();
}

/** The components of a project, by name. */
export async function listComponentRows(
  db: Kysely<Database>,
  siteId: string,
  projectKey: string,
): Promise<ComponentRow[]> {
  return db
    .selectFrom('project_components')
    .select(columns)
    .where('site_id', '=', siteId)
    .where('project_key', '=', projectKey)
    .orderBy('name')
    .orderBy('component_id')
    .execute();
}

export interface ComponentValues {
  readonly name: string;
  readonly description: string;
  readonly leadId: string | null;
  readonly assigneeType: ComponentAssigneeType;
}

export async function insertComponentRow(
  db: Kysely<Database>,
  siteId: string,
  projectKey: string,
  values: ComponentValues,
): Promise<string> {
  const row = await db
    .insertInto('project_components')
    .values({
      site_id: siteId,
      project_key: projectKey,
      name: values.name,
      description: values.description,
      lead_account_id: values.leadId,
      assignee_type: values.assigneeType,
    })
    .returning('component_id')
    .executeTakeFirstOrThrow();
  return String(row.component_id);
}

export async function updateComponentRow(db: Kysely<Database>, id: string, values: ComponentValues) {
  await db
    .updateTable('project_components')
    .set({
      name: values.name,
      description: values.description,
      lead_account_id: values.leadId,
      assignee_type: values.assigneeType,
    })
    .where('component_id', '=', id)
    .execute();
}

export async function deleteComponentRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('project_components').where('component_id', '=', id).execute();
}
