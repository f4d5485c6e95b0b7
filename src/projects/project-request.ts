/**
 * What every project route starts with: the site and whether the caller may browse its projects (people
 * with the tracker, apps, anonymous callers where the site allows) or administer them (site admins,
 * platform admins, installed apps, whose scopes `auth/app-scopes.ts` checks); the project named; the
 * audience people are rendered for.
 */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Deps, Version } from '../issues/issue-request.ts';
import { mayAdministerIssues, mayBrowseIssues } from '../issues/issues.access.ts';
import type { Audience } from '../issues/people.representation.ts';
import type { Site } from '../sites/sites.model.ts';
import { type IdentityContext, identityContextOf, legacyRenderingOf } from '../user-api/legacy-request.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import type { PeopleContext } from './project-people.ts';
import type { TrackerProject } from './projects.model.ts';
import { getProject } from './projects.service.ts';

export type { Deps, Version } from '../issues/issue-request.ts';
export const projectVersions = ['2', '3'] as const;

export interface ProjectsRequest {
  readonly site: Site;
  readonly audience: Audience;
  readonly identity: IdentityContext;
}

export const projectNotFound = (idOrKey: string) =>
  new VeilError('project.not_found', `No project could be found with key '${idOrKey}'.`);

/** Administer projects, components and roles: site admins, platform admins and the site's apps. */
export function requireAdministerProjects(caller: Caller, site: Site): void {
  if (caller.kind === 'anonymous')
    throw new VeilError('auth.required', 'You are not logged in. Sign in, or use an API token.');
  if (!mayAdministerIssues(caller, site))
    throw new VeilError(
      'auth.forbidden',
      'You must have global administrator rights in order to modify projects.',
    );
}

/** The site (after its access checks), the caller's right to browse and, for writes, to administer. */
export async function readProjectsRequest(
  request: FastifyRequest,
  deps: Deps,
  version: Version,
  access: 'browse' | 'administer',
): Promise<ProjectsRequest> {
  const site = await requireSiteAccess(request, deps.directory);
  if (access === 'administer') requireAdministerProjects(request.caller, site);
  else if (!(await mayBrowseIssues(deps.directory, request.caller, site)))
    throw new VeilError('auth.forbidden', 'You do not have permission to browse the projects of this site.');
  const identity = identityContextOf(request, deps);
  const legacy = legacyRenderingOf(identity);
  const audience: Audience = { users: deps, site, viewer: request.caller.viewer, version, legacy };
  return { site, audience, identity };
}

/** As `readProjectsRequest`, and the project the path names (404 when the site has none). */
export async function readProjectRequest(
  request: FastifyRequest<{ Params: { projectIdOrKey: string } }>,
  deps: Deps,
  version: Version,
  access: 'browse' | 'administer',
): Promise<ProjectsRequest & { project: TrackerProject }> {
  const context = await readProjectsRequest(request, deps, version, access);
  return { ...context, project: await getProject(deps.db, context.site.id, request.params.projectIdOrKey) };
}

/** Who names people in a write: the site, the caller's viewer and the request's identity context. */
export function peopleContextOf(
  request: FastifyRequest,
  deps: Deps,
  context: ProjectsRequest,
): PeopleContext {
  return {
    directory: deps.directory,
    site: context.site,
    viewer: request.caller.viewer,
    identity: context.identity,
  };
}
