import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock/clock.ts';
import type { Directory } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import { identityContextOf } from './legacy-request.ts';
import type { LegacyUsageRecorder } from './legacy-usage.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly clock: Clock;
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
}

/** The response header that named the signed-in caller by username before accountIds. */
export const legacyUsernameHeader = 'X-AUSERNAME';

/** A header value: printable ASCII as it is, anything else percent-encoded (headers carry no Unicode). */
function headerValue(username: string): string {
  return /^[\x20-\x7e]*$/.test(username) ? username : encodeURIComponent(username);
}

/**
 * In the legacy stage, tracker and wiki responses name the caller in `X-AUSERNAME`: their username on
 * the site (none when they have no username there), or `anonymous`. A call that opts in gets none.
 */
export function createLegacyHeaderHook(deps: Deps) {
  const { directory } = deps;
  return function setLegacyHeaders(request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined {
    const site = request.site;
    // The common case costs two checks: not a product API, or a site that is enforced for good.
    if (!site || site.migration.stage === 'enforced') return;
    if (!request.url.startsWith('/rest/') && !request.url.startsWith('/wiki/')) return;
    if (!identityContextOf(request, deps).legacy) return;
    const { caller } = request;
    if (caller.kind === 'anonymous') {
      reply.header(legacyUsernameHeader, 'anonymous');
      return;
    }
    return directory.entry(caller.account.accountId).then((entry) => {
      const username =
        entry && legacyIdentityOf(entry, directory.viewOf(entry, caller.viewer), site)?.username;
      if (username) reply.header(legacyUsernameHeader, headerValue(username));
    });
  };
}
