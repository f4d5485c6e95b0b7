/**
 * The use cases of projects: read, create, edit, delete. People are checked against the site and every
 * field against its rules before anything is written; the change and its events share a transaction.
 */

import type { Kysely } from 'kysely';
import { projectChanged } from '../audit/audit.entries.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { Clock } from '../clock/clock.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { queueProjectEvent } from './project-events.ts';
import { readNewProject, readProjectEdit } from './project-input.ts';
import { invalid, type PeopleContext, resolveLead } from './project-people.ts';
import { projectRowToProject, type TrackerProject } from './projects.model.ts';
import {
  deleteProjectRow,
  findProjectRow,
  insertTrackerProjectRow,
  listProjectRows,
  updateProjectRow,
} from './projects.repository.ts';
import type { ProjectDetailsBody } from './projects.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
}

/** The site's project with this id or key, or the tracker's 404. */
export async function getProject(
  db: Kysely<Database>,
  siteId: string,
  idOrKey: string,
): Promise<TrackerProject> {
  const row = await findProjectRow(db, siteId, idOrKey);
  if (!row) throw new VeilError('project.not_found', `No project could be found with key '${idOrKey}'.`);
  return projectRowToProject(row);
}

/** Every project of the site, by key. */
export async function listProjects(db: Kysely<Database>, siteId: string): Promise<TrackerProject[]> {
  return (await listProjectRows(db, siteId)).map(projectRowToProject);
}

/** Who did it, for the audit record: a person or an app through the tracker's API. */
export const byTracker = (actorId: string | null) => ({
  authorAccountId: actorId,
  eventSource: 'tracker' as const,
});

const leadFields = { accountField: 'leadAccountId', usernameField: 'lead' } as const;

const keyInUse = (key: string) =>
  invalid([{ path: 'projectKey', message: `Project '${key}' uses this project key.` }]);

/** Creates the project (its lead required); a taken key is the tracker's 400, as the product answers. */
export async function createTrackerProject(
  deps: Deps,
  context: PeopleContext,
  actorId: string | null,
  body: ProjectDetailsBody,
): Promise<TrackerProject> {
  const { fields, problems } = readNewProject(body);
  if (problems.length > 0) throw invalid(problems);
  const leadId = await resolveLead(context, body, leadFields);
  if (!leadId) throw invalid([{ path: 'projectLead', message: 'You must specify a valid project lead.' }]);
  const siteId = context.site.id;
  try {
    await deps.db.transaction().execute(async (trx) => {
      await insertTrackerProjectRow(trx, siteId, fields.key, { ...fields, leadId });
      await queueProjectEvent(trx, deps.clock, {
        siteId,
        key: fields.key,
        event: 'project_created',
        actorId,
      });
      const created = await getProject(trx, siteId, fields.key);
      await recordAudit(
        trx,
        deps.clock,
        siteId,
        projectChanged(byTracker(actorId), created, 'created', leadId),
      );
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw keyInUse(fields.key);
    throw error;
  }
  return getProject(deps.db, siteId, fields.key);
}

/** Edits the project: what the body leaves out stays; the key cannot change. */
export async function updateTrackerProject(
  deps: Deps,
  context: PeopleContext,
  actorId: string | null,
  project: TrackerProject,
  body: ProjectDetailsBody,
): Promise<TrackerProject> {
  const { fields, problems } = readProjectEdit(project, body);
  if (problems.length > 0) throw invalid(problems);
  const lead = await resolveLead(context, body, leadFields);
  if (lead === null)
    throw invalid([{ path: 'projectLead', message: 'You must specify a valid project lead.' }]);
  const siteId = context.site.id;
  await deps.db.transaction().execute(async (trx) => {
    await updateProjectRow(trx, siteId, project.key, { ...fields, leadId: lead ?? project.leadId });
    await queueProjectEvent(trx, deps.clock, { siteId, key: project.key, event: 'project_updated', actorId });
    const entry = projectChanged(byTracker(actorId), project, 'updated', lead ?? project.leadId);
    await recordAudit(trx, deps.clock, siteId, entry);
  });
  return getProject(deps.db, siteId, project.key);
}

/** Deletes the project with its issues, components and role actors. */
export async function deleteTrackerProject(deps: Deps, actorId: string | null, project: TrackerProject) {
  await deps.db.transaction().execute(async (trx) => {
    await queueProjectEvent(trx, deps.clock, {
      siteId: project.siteId,
      key: project.key,
      event: 'project_deleted',
      actorId,
      deleted: project,
    });
    await deleteProjectRow(trx, project.siteId, project.key);
    const entry = projectChanged(byTracker(actorId), project, 'deleted', project.leadId);
    await recordAudit(trx, deps.clock, project.siteId, entry);
  });
}
