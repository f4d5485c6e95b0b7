/**
 * What a 3LO access token reaches: the consenting person's own profile (`/me`, with `read:me`) and the
 * sites of the grant (`accessible-resources`). And the person's side: the apps they consented to, and
 * revoking one (its tokens end at once: they go with the grant).
 */
import { maySignIn } from '../accounts/accounts.model.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { callerFromEntry } from '../directory/callers.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { cloudIdOf } from '../sites/sites.model.ts';
import type { ProfileView } from '../visibility/visibility.ts';
import { hashSecret, type OAuthGrant, oauthGrantRowToGrant, splitScopes } from './oauth.model.ts';
import {
  deleteGrant,
  findGrantRowById,
  findTokenRow,
  listGrantRowsOf,
  listGrantSiteRows,
} from './oauth-grants.repository.ts';

export interface Deps extends StoreDeps {
  readonly directory: Directory;
}

/** The grant an access token belongs to and the person who consented, or `gateway.unauthorized`. */
export async function authenticateAccessToken(
  deps: Deps,
  token: string | undefined,
): Promise<{ readonly grant: OAuthGrant; readonly entry: DirectoryEntry }> {
  const row = token ? await findTokenRow(deps.db, hashSecret(token)) : undefined;
  const grant =
    row?.kind === 'access' && row.expires_at > deps.clock.now()
      ? await findGrantRowById(deps.db, row.grant_id)
      : undefined;
  const entry = grant ? await deps.directory.entry(grant.account_id) : undefined;
  if (!grant || !entry || !maySignIn(entry.account.status, false))
    throw new VeilError('gateway.unauthorized', 'Unauthorized');
  return { grant: oauthGrantRowToGrant(grant), entry };
}

function requireScope(grant: OAuthGrant, scope: string): void {
  if (!grant.scopes.includes(scope))
    throw new VeilError('gateway.scope_mismatch', 'Unauthorized; scope does not match');
}

/**
 * `GET /me` (`read:me`): the consenting person's own profile, whole, as the one decision shows a person
 * their own account.
 */
export async function readConsentingProfile(deps: Deps, token: string | undefined): Promise<ProfileView> {
  const { grant, entry } = await authenticateAccessToken(deps, token);
  requireScope(grant, 'read:me');
  return deps.directory.viewOf(entry, callerFromEntry(entry).viewer);
}

export interface AccessibleResource {
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly scopes: readonly string[];
  readonly avatarUrl: string;
}

/** `GET /oauth/token/accessible-resources`: each site of the grant, with the scopes granted there. */
export async function listAccessibleResources(
  deps: Deps,
  token: string | undefined,
): Promise<AccessibleResource[]> {
  const { grant } = await authenticateAccessToken(deps, token);
  const sites = await listGrantSiteRows(deps.db, [grant.grantId]);
  return sites.flatMap((row) => {
    const site = deps.directory.site(row.site_id);
    if (!site) return [];
    const url = site.baseUrl;
    return [
      {
        id: cloudIdOf(site.id),
        name: site.id,
        url,
        scopes: splitScopes(row.scopes),
        avatarUrl: `${url}/favicon.ico`,
      },
    ];
  });
}

export interface ConnectedApp {
  readonly clientId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly sites: readonly {
    readonly siteId: string;
    readonly scopes: readonly string[];
    readonly grantedAt: Date;
  }[];
  readonly grantedAt: Date;
}

/** The apps the person consented to: on which sites, with which scopes, since when. */
export async function listConnectedApps(deps: Deps, person: PersonCaller): Promise<ConnectedApp[]> {
  const grants = await listGrantRowsOf(deps.db, person.account.accountId);
  const sites = await listGrantSiteRows(
    deps.db,
    grants.map((grant) => grant.grant_id),
  );
  return grants.map((grant) => ({
    clientId: grant.client_id,
    name: grant.name,
    scopes: splitScopes(grant.scopes),
    grantedAt: grant.created_at,
    sites: sites
      .filter((site) => site.grant_id === grant.grant_id)
      .map((site) => ({
        siteId: site.site_id,
        scopes: splitScopes(site.scopes),
        grantedAt: site.granted_at,
      })),
  }));
}

/** Revokes the person's consent to the app: the grant goes, and with it every code and token it issued. */
export async function revokeConnectedApp(deps: Deps, person: PersonCaller, clientId: string): Promise<void> {
  const deleted = await deleteGrant(deps.db, clientId, person.account.accountId);
  if (!deleted) throw new VeilError('oauth_app.grant_not_found', 'You have not consented to this app');
}
