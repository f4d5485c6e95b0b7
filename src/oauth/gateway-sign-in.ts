/**
 * The API gateway (`/ex/jira/{cloudId}/rest/…`, `/ex/confluence/{cloudId}/wiki/…`): the address was
 * rewritten to the product's own route before routing (see user-api/gateway-path.ts), and the site
 * resolved from the cloud id; this sign-in method takes the 3LO access token there, and only there. The
 * caller is the consenting person (their permissions, so the write rules hold as for them) seen through
 * the app's eyes: the OAuth app viewer of the one decision.
 */
import type { FastifyRequest } from 'fastify';
import { notMine, type SignInAttempt } from '../auth/authentication.ts';
import type { PersonCaller } from '../auth/caller.ts';
import { assertOpenOnSite } from '../credentials/sign-in-rules.ts';
import { callerFromEntry } from '../directory/callers.ts';
import { VeilError } from '../errors/veil-error.ts';
import { cloudIdOf } from '../sites/sites.model.ts';
import { isGatewayAddress } from '../user-api/gateway-path.ts';
import { scopesAllow } from './gateway-scopes.ts';
import { splitScopes, tokenPrefix } from './oauth.model.ts';
import { listConsentingAccountIds, listGrantSiteRows } from './oauth-grants.repository.ts';
import { authenticateAccessToken, type Deps } from './resources.service.ts';

export type { Deps } from './resources.service.ts';

const bearerPrefix = new RegExp(`^bearer ${tokenPrefix}`, 'i');

/** The sign-in method of the gateway's addresses (asked first): a 3LO access token, or a 401. */
export function createGatewaySignIn(deps: Deps) {
  return function signInThroughGateway(request: FastifyRequest): SignInAttempt {
    if (!isGatewayAddress(request.originalUrl)) return notMine;
    const header = request.headers.authorization ?? '';
    if (!bearerPrefix.test(header))
      throw new VeilError('gateway.unauthorized', 'The API gateway takes a 3LO access token (Bearer) only');
    return signIn(deps, request, header.slice(7).trim());
  };
}

async function signIn(deps: Deps, request: FastifyRequest, token: string): Promise<void> {
  const { grant, entry } = await authenticateAccessToken(deps, token);
  const route = request.routeOptions.url;
  // Only the products' own operations: never Veil's management API, whatever the address did.
  if (route === undefined || !(route.startsWith('/rest/') || route.startsWith('/wiki/')))
    throw new VeilError('route.not_found', `The API gateway serves no ${request.method} ${request.url}`);
  const site = request.site;
  const granted = site
    ? (await listGrantSiteRows(deps.db, [grant.grantId])).find((row) => row.site_id === site.id)
    : undefined;
  if (!site || !granted) {
    throw new VeilError(
      'gateway.site_not_granted',
      'The access token does not reach this site: its grant does not include the cloud id in the address (see accessible-resources)',
    );
  }
  if (!scopesAllow(splitScopes(granted.scopes), request.method, route))
    throw new VeilError('gateway.scope_mismatch', 'Unauthorized; scope does not match');
  assertOpenOnSite(request, deps.directory, entry);
  const consenting = await listConsentingAccountIds(deps.db, grant.clientId);
  request.caller = oauthCaller(
    callerFromEntry(entry),
    grant.clientId,
    new Set(consenting),
    cloudIdOf(site.id),
  );
}

/** The consenting person, with the app's eyes: every field of those who consented to it, public fields of the rest. */
function oauthCaller(
  person: PersonCaller,
  clientId: string,
  consentedAccountIds: ReadonlySet<string>,
  cloudId: string,
): PersonCaller {
  return {
    ...person,
    viewer: { kind: 'oauth-app', clientId, actingAs: person.account.accountId, consentedAccountIds },
    oauthApp: { clientId, cloudId },
  };
}
