/** What every filter and dashboard route starts with: the site, the caller as a reader of shares, the audience. */
import type { FastifyRequest } from 'fastify';
import type { Caller } from '../auth/caller.ts';
import { type Deps, readSiteRequest, type Version } from '../issues/issue-request.ts';
import type { Audience } from '../issues/people.representation.ts';
import type { Site } from '../sites/sites.model.ts';
import { type IdentityContext, identityContextOf } from '../user-api/legacy-request.ts';
import type { Viewer } from '../visibility/visibility.ts';
import { shareReaderOf } from './filters.access.ts';
import type { ShareReader } from './filters.model.ts';

/** What this capability uses of the app's dependencies (those of the issue routes). */
export type FilterDeps = Deps;
export type { Version };
export const filterVersions = ['2', '3'] as const;

export interface FilterRequest {
  readonly site: Site;
  readonly audience: Audience;
  readonly caller: Caller;
  readonly viewer: Viewer;
  readonly reader: ShareReader;
  readonly identity: IdentityContext;
  readonly version: Version;
}

/** The site after its access check (browse; `edit` also needs a signed-in tracker user or app). */
export async function readFilterRequest(
  request: FastifyRequest,
  deps: FilterDeps,
  version: Version,
  access: 'browse' | 'edit',
): Promise<FilterRequest> {
  const { site, audience } = await readSiteRequest(request, deps, version, access);
  const reader = await shareReaderOf(deps.db, request.caller, site);
  const identity = identityContextOf(request, deps);
  const { caller } = request;
  return { site, audience, caller, viewer: caller.viewer, reader, identity, version };
}
