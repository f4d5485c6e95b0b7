/** What every issue route starts with: the site and who may use it, the issue named, and the audience of the answer. */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import { identityContextOf, legacyRenderingOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { actorOf, requireBrowseIssues, requireEditIssues } from './issues.access.ts';
import type { Issue } from './issues.model.ts';
import { getIssue } from './issues.service.ts';
import type { Audience } from './people.representation.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

export const issueVersions = ['2', '3'] as const;
export type Version = (typeof issueVersions)[number];

export interface IssueRequest {
  readonly site: Site;
  readonly audience: Audience;
  readonly actorId: string | null;
}

/** The site (after its access check), the caller's rights to browse and, for writes, to edit. */
export async function readSiteRequest(
  request: FastifyRequest,
  deps: Deps,
  version: Version,
  access: 'browse' | 'edit',
): Promise<IssueRequest> {
  const site = await requireSiteAccess(request, deps.directory);
  await requireBrowseIssues(deps.directory, request.caller, site);
  if (access === 'edit') await requireEditIssues(deps.directory, request.caller, site);
  const legacy = legacyRenderingOf(identityContextOf(request, deps));
  const audience: Audience = { users: deps, site, viewer: request.caller.viewer, version, legacy };
  return { site, audience, actorId: actorOf(request.caller) };
}

/** As `readSiteRequest`, and the issue named by the path: unknown issues are 404 before any 403. */
export async function readIssueRequest(
  request: FastifyRequest<{ Params: { issueIdOrKey: string } }>,
  deps: Deps,
  version: Version,
  access: 'browse' | 'edit',
): Promise<IssueRequest & { issue: Issue }> {
  const browse = await readSiteRequest(request, deps, version, 'browse');
  const issue = await getIssue(deps.db, browse.site, request.params.issueIdOrKey);
  if (access === 'edit') await requireEditIssues(deps.directory, request.caller, browse.site);
  return { ...browse, issue };
}
