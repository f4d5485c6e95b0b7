/**
 * What every route of the wiki's spaces and content starts with: the site, who may use it (people with
 * the wiki on the site, platform admins, installed apps, whose scopes `auth/app-scopes.ts` checks;
 * anonymous callers read where the site allows), who acts, and the audience of the answer.
 */
import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import type { Caller } from '../auth/caller.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Site } from '../sites/sites.model.ts';
import { type IdentityContext, identityContextOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireWikiAccess } from './wiki.context.ts';
import type { WikiAudience } from './wiki-people.representation.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadCounter;
}

export interface WikiRequest {
  readonly site: Site;
  readonly audience: WikiAudience;
  readonly identity: IdentityContext;
  /** The account that acts: the signed-in person or the app's own account; null for nobody. */
  readonly actorId: string | null;
}

function actorOf(caller: Caller): string | null {
  return caller.kind === 'anonymous' ? null : caller.account.accountId;
}

/** The site (after its wiki access check) and, for writes, a signed-in caller. */
export async function readWikiRequest(
  request: FastifyRequest,
  deps: Deps,
  access: 'read' | 'write',
): Promise<WikiRequest> {
  const site = await requireWikiAccess(request, deps.directory);
  if (access === 'write' && request.caller.kind === 'anonymous')
    throw new VeilError('auth.required', 'You are not logged in. Sign in, or use an API token.');
  const identity = identityContextOf(request, deps);
  const audience: WikiAudience = {
    users: deps,
    site,
    viewer: request.caller.viewer,
    legacy: identity.legacy,
  };
  return { site, audience, identity, actorId: actorOf(request.caller) };
}

/** Site admins, platform admins and installed apps (with DELETE, checked by the app scopes). */
export function requireWikiAdmin(caller: Caller, site: Site): void {
  if (caller.kind === 'app' && caller.siteId === site.id) return;
  if (caller.kind === 'person' && (caller.isPlatformAdmin || caller.administeredSiteIds.includes(site.id)))
    return;
  throw new VeilError('auth.forbidden', 'Only an administrator of the site may do this.');
}
