/** The SQL of tracker projects: `projects` with the id `issue_projects` gives each. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ProjectAssigneeType, ProjectRow, ProjectTypeKey } from './projects.model.ts';

function selectProjects(db: Kysely<Database>, siteId: string) {
  return db
    .selectFrom('projects')
    .innerJoin('issue_projects', (join) =>
      join
        .onRef('issue_projects.site_id', '=', 'projects.site_id')
        .onRef('issue_projects.project_key', '=', 'projects.project_key'),
    )
    .select([
      'projects.site_id',
      'issue_projects.project_id',
      'projects.project_key',
      'projects.name',
      'projects.description',
      'projects.lead_account_id',
      'projects.assignee_type',
      'projects.project_type_key',
    ])
    .where('projects.site_id', '=', siteId);
}

/** The project of the site with this id or key (keys compared upper-cased, as the tracker does). */
export async function findProjectRow(
  db: Kysely<Database>,
  siteId: string,
  idOrKey: string,
): Promise<ProjectRow | undefined> {
  const byId = /^\d+$/.test(idOrKey);
  return selectProjects(db, siteId)
    .where(
      byId ? 'issue_projects.project_id' : 'projects.project_key',
      '=',
      byId ? idOrKey : idOrKey.toUpperCase(),
    )
    .executeTakeFirst();
}

/** Every project of the site, by key. */
export async function listProjectRows(db: Kysely<Database>, siteId: string): Promise<ProjectRow[]> {
  return selectProjects(db, siteId).orderBy('projects.project_key').execute();
}

export interface ProjectValues {
  readonly name: string;
  readonly description: string;
  readonly leadId: string | null;
  readonly assigneeType: ProjectAssigneeType;
}

export async function insertTrackerProjectRow(
  db: Kysely<Database>,
  siteId: string,
  key: string,
  values: ProjectValues & { readonly projectTypeKey: ProjectTypeKey },
): Promise<void> {
  await db
    .insertInto('projects')
    .values({
      site_id: siteId,
      project_key: key,
      name: values.name,
      description: values.description,
      lead_account_id: values.leadId,
      assignee_type: values.assigneeType,
      project_type_key: values.projectTypeKey,
    })
    .execute();
}

export async function updateProjectRow(
  db: Kysely<Database>,
  siteId: string,
  key: string,
  values: ProjectValues,
): Promise<void> {
  await db
    .updateTable('projects')
    .set({
      name: values.name,
      description: values.description,
      lead_account_id: values.leadId,
      assignee_type: values.assigneeType,
    })
    .where('site_id', '=', siteId)
    .where('project_key', '=', key)
    .execute();
}

/** Deletes the project; its issues, components and role actors go with it (foreign keys). */
export async function deleteProjectRow(db: Kysely<Database>, siteId: string, key: string): Promise<void> {
  await db.deleteFrom('projects').where('site_id', '=', siteId).where('project_key', '=', key).execute();
}

/** The issue types of the site, for `issueTypes`. */
export async function listIssueTypeRows(db: Kysely<Database>, siteId: string) {
  return db
    .selectFrom('issue_types')
    .select(['type_id', 'name'])
    .where('site_id', '=', siteId)
    .orderBy('type_id')
    .execute();
}
