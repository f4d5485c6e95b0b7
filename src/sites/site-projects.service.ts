/** A site's projects: the keys and leads that the tracker's user search and JQL know. */
import type { Kysely } from 'kysely';
import { getAccount } from '../accounts/accounts.service.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from './sites.model.ts';
import { insertProjectRow } from './sites.repository.ts';
import { getSite } from './sites.service.ts';

export interface NewProject {
  readonly key: string;
  readonly name: string;
  readonly lead?: string | null | undefined;
}

/** Creates the project on the site; its lead, when named, must be an account. */
export async function createProject(
  db: Kysely<Database>,
  siteId: string,
  project: NewProject,
): Promise<void> {
  if (project.lead) await getAccount(db, project.lead);
  try {
    await insertProjectRow(db, siteId, { key: project.key, name: project.name, lead: project.lead ?? null });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('project.key_taken', `The site already has a project ${project.key}`);
    throw error;
  }
}

/** Creates a project on the site named (`site.not_found` if there is none); returns the site. */
export async function addProject(db: Kysely<Database>, siteId: string, project: NewProject): Promise<Site> {
  await getSite(db, siteId);
  await createProject(db, siteId, project);
  return getSite(db, siteId);
}
