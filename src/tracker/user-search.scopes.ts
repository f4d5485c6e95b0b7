/**
 * Who may search the site's users, and the scope a search names (a project, an issue, permissions):
 * each resolved against the site, or a tracker error naming the parameter.
 */

import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { findIssueRow } from '../issues/issues.repository.ts';
import type { Project, Site } from '../sites/sites.model.ts';
import { readMultiValue } from '../user-api/params.ts';
import { adminPermissions, knownPermissions } from './user-search.schemas.ts';

export function invalid(path: string, message: string, summary: string): VeilError {
  return new VeilError('request.invalid', summary, [{ path, message }]);
}

export async function siteProductsOf(
  directory: Directory,
  caller: Caller,
  site: Site,
): Promise<readonly string[]> {
  if (caller.kind !== 'person') return [];
  return (await directory.entry(caller.account.accountId))?.links.get(site.id)?.products ?? [];
}

/** "Browse users and groups": people with any product on the site (and platform admins); not customers. */
export async function mayBrowseUsers(directory: Directory, caller: Caller, site: Site): Promise<boolean> {
  if (caller.kind !== 'person') return false;
  return caller.isPlatformAdmin || (await siteProductsOf(directory, caller, site)).length > 0;
}

/** "Browse projects": tracker users, and anyone where the site lets anonymous callers in. */
export async function mayBrowseProjects(directory: Directory, caller: Caller, site: Site): Promise<boolean> {
  if (caller.kind !== 'person') return site.anonymousAccess;
  return caller.isPlatformAdmin || (await siteProductsOf(directory, caller, site)).includes('jira');
}

export const hasTrackerAccess = (site: Site) => (entry: DirectoryEntry) =>
  entry.links.get(site.id)?.products.includes('jira') ?? false;

/** People with tracker access; apps and customers are never assignable. */
export const isAssignable = (site: Site) => {
  const tracker = hasTrackerAccess(site);
  return (entry: DirectoryEntry) => entry.account.accountType === 'atlassian' && tracker(entry);
};

export function requireProject(site: Site, key: string, parameter: string): Project {
  const project = site.projects.find((p) => p.key === key);
  if (!project) {
    throw new VeilError('project.not_found', `No project could be found with key '${key}'.`, [
      { path: parameter, message: 'is not a project of this site' },
    ]);
  }
  return project;
}

export const issueNotFound = () =>
  new VeilError('issue.not_found', 'Issue does not exist or you do not have permission to see it.');

/** The issue named by key or id must exist on the site (the tracker's 404 otherwise, to every caller). */
export async function requireIssue(db: Kysely<Database>, site: Site, idOrKey: string): Promise<void> {
  if (!(await findIssueRow(db, site.id, idOrKey))) throw issueNotFound();
}

/** The project an assignable search is about: `project`, `issueKey` or `issueId`, one required. */
export async function requireAssignableScope(
  db: Kysely<Database>,
  site: Site,
  query: { project?: string; issueKey?: string; issueId?: string },
): Promise<void> {
  if (query.project !== undefined) requireProject(site, query.project, 'project');
  else if (query.issueKey !== undefined) await requireIssue(db, site, query.issueKey);
  else if (query.issueId !== undefined) {
    if (!/^[0-9]+$/.test(query.issueId))
      throw invalid('issueId', 'is not an issue id', 'issueId is not valid');
    await requireIssue(db, site, query.issueId);
  } else {
    throw invalid('project', 'is required', 'One of the project, issueKey or issueId parameters is required');
  }
}

/** `issueKey` or `projectKey`, resolved when given; `required` makes one of them mandatory. */
export async function requireIssueOrProject(
  db: Kysely<Database>,
  site: Site,
  query: { issueKey?: string; projectKey?: string },
  required: boolean,
): Promise<void> {
  if (query.issueKey !== undefined) await requireIssue(db, site, query.issueKey);
  else if (query.projectKey !== undefined) requireProject(site, query.projectKey, 'projectKey');
  else if (required) {
    throw invalid('issueKey', 'is required', 'One of the issueKey or projectKey parameters is required');
  }
}

/** The accounts that hold every permission listed, or a 400 naming the permissions Veil does not know. */
export function holdersOf(
  site: Site,
  raw: readonly string[] | undefined,
): (entry: DirectoryEntry) => boolean {
  const permissions = readMultiValue(raw, 'permissions');
  if (permissions.length === 0) {
    throw invalid('permissions', 'is required', 'The permissions parameter needs to be provided');
  }
  const unknown = permissions.filter((p) => !knownPermissions.has(p));
  if (unknown.length > 0) {
    throw invalid(
      'permissions',
      `unknown: ${unknown.join(', ')}`,
      `Unknown permissions: ${unknown.join(', ')}`,
    );
  }
  const tracker = hasTrackerAccess(site);
  const needsAdmin = permissions.some((p) => adminPermissions.has(p));
  return (entry) =>
    tracker(entry) && (!needsAdmin || entry.platformAdmin || entry.administeredSiteIds.includes(site.id));
}
