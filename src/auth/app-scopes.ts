/**
 * Connect scopes: what an app's descriptor asks for, and what each operation needs. Pure. The
 * operation table follows the `x-atlassian-connect-scope` of the official specs for the operations Veil
 * serves; any other operation needs READ to read and WRITE or DELETE to change, as the specs do.
 */
import { VeilError } from '../errors/veil-error.ts';
import type { AppCaller } from './caller.ts';

export const connectScopes = [
  'READ',
  'WRITE',
  'DELETE',
  'PROJECT_ADMIN',
  'SPACE_ADMIN',
  'ADMIN',
  'ACT_AS_USER',
  'ACCESS_EMAIL_ADDRESSES',
] as const;
export type ConnectScope = (typeof connectScopes)[number];

/**
 * What an operation needs: a scope, nothing an app may hold (`INACCESSIBLE` in the specs), or no scope
 * at all (`NONE`: every installed app may, such as reporting the accounts it stores).
 */
export type RequiredScope = ConnectScope | 'INACCESSIBLE' | 'NONE';

// The hierarchy of the Connect scope docs: ADMIN ⊃ PROJECT_ADMIN/SPACE_ADMIN ⊃ DELETE ⊃ WRITE ⊃ READ.
const directlyImplied: Readonly<Record<ConnectScope, readonly ConnectScope[]>> = {
  ADMIN: ['PROJECT_ADMIN', 'SPACE_ADMIN'],
  PROJECT_ADMIN: ['DELETE'],
  SPACE_ADMIN: ['DELETE'],
  DELETE: ['WRITE'],
  WRITE: ['READ'],
  READ: [],
  ACT_AS_USER: [],
  ACCESS_EMAIL_ADDRESSES: [],
};

// Operations whose scope is not the one their method suggests; paths as in the specs, `{}` for parameters.
const operationScopes: Readonly<Record<string, RequiredScope>> = {
  'GET /rest/api/3/group': 'ADMIN',
  'POST /rest/api/3/group': 'INACCESSIBLE',
  'DELETE /rest/api/3/group': 'INACCESSIBLE',
  'GET /rest/api/3/group/bulk': 'ADMIN',
  'GET /rest/api/3/group/member': 'ADMIN',
  'POST /rest/api/3/group/user': 'INACCESSIBLE',
  'DELETE /rest/api/3/group/user': 'INACCESSIBLE',
  'POST /rest/api/3/user': 'INACCESSIBLE',
  'DELETE /rest/api/3/user': 'INACCESSIBLE',
  'PUT /rest/api/3/user/columns': 'INACCESSIBLE',
  'DELETE /rest/api/3/user/columns': 'INACCESSIBLE',
  'GET /rest/api/3/user/email': 'ACCESS_EMAIL_ADDRESSES',
  'GET /rest/api/3/user/email/bulk': 'ACCESS_EMAIL_ADDRESSES',
  'GET /rest/api/3/users': 'INACCESSIBLE',
  'GET /rest/api/3/users/search': 'INACCESSIBLE',
  'GET /rest/api/3/applicationrole': 'INACCESSIBLE',
  'GET /rest/api/3/mypreferences': 'ACT_AS_USER',
  'PUT /rest/api/3/mypreferences': 'ACT_AS_USER',
  'DELETE /rest/api/3/mypreferences': 'ACT_AS_USER',
  'GET /rest/api/3/mypreferences/locale': 'ACT_AS_USER',
  'PUT /rest/api/3/mypreferences/locale': 'ACT_AS_USER',
  'POST /rest/api/3/jql/pdcleaner': 'READ',
  'POST /rest/api/3/jql/parse': 'READ',
  'POST /rest/api/3/jql/autocompletedata': 'READ',
  'POST /rest/api/3/search': 'READ',
  'POST /rest/api/3/search/jql': 'READ',
  'POST /rest/api/3/jql/match': 'READ',
  'POST /rest/api/3/jql/sanitize': 'ADMIN',
  'POST /rest/api/3/permissions/check': 'READ',
  // Projects, components and project roles (issue 15), as the spec's x-atlassian-connect-scope says.
  'POST /rest/api/3/project': 'PROJECT_ADMIN',
  'PUT /rest/api/3/project/{}': 'PROJECT_ADMIN',
  'DELETE /rest/api/3/project/{}': 'PROJECT_ADMIN',
  'POST /rest/api/3/component': 'PROJECT_ADMIN',
  'PUT /rest/api/3/component/{}': 'PROJECT_ADMIN',
  'DELETE /rest/api/3/component/{}': 'PROJECT_ADMIN',
  'GET /rest/api/3/role': 'ADMIN',
  'POST /rest/api/3/project/{}/role/{}': 'PROJECT_ADMIN',
  'PUT /rest/api/3/project/{}/role/{}': 'PROJECT_ADMIN',
  'DELETE /rest/api/3/project/{}/role/{}': 'PROJECT_ADMIN',
  'POST /rest/api/3/webhook': 'READ',
  'DELETE /rest/api/3/webhook': 'READ',
  'PUT /rest/api/3/webhook/refresh': 'READ',
  // issue 15, audit records: the spec says READ, but the records are the site admins' (Administer Jira);
  // Veil asks an app for ADMIN, the scope that stands for that permission.
  'GET /rest/api/3/auditing/record': 'ADMIN',
  'POST /wiki/rest/api/group': 'INACCESSIBLE',
  'DELETE /wiki/rest/api/group': 'INACCESSIBLE',
  'DELETE /wiki/rest/api/group/by-id': 'INACCESSIBLE',
  'POST /wiki/rest/api/group/user': 'INACCESSIBLE',
  'DELETE /wiki/rest/api/group/user': 'INACCESSIBLE',
  'POST /wiki/rest/api/group/userByGroupId': 'INACCESSIBLE',
  'DELETE /wiki/rest/api/group/userByGroupId': 'INACCESSIBLE',
  'GET /wiki/rest/api/user/bulk': 'INACCESSIBLE',
  'GET /wiki/rest/api/user/email': 'ACCESS_EMAIL_ADDRESSES',
  'GET /wiki/rest/api/user/email/bulk': 'ACCESS_EMAIL_ADDRESSES',
  'POST /wiki/api/v2/users-bulk': 'READ',
  'POST /wiki/api/v2/user/access/check-access-by-email': 'NONE',
  'POST /wiki/api/v2/user/access/invite-by-email': 'NONE',
  // Every app reads its own install's license, whatever it asked for.
  'GET /rest/atlassian-connect/1/addons/{}': 'NONE',
  'GET /wiki/rest/atlassian-connect/1/addons/{}': 'NONE',
  // Personal-data reporting is every app's duty, whatever it asked for.
  'POST /rest/atlassian-connect/latest/report-accounts': 'NONE',
};

// Veil's own plumbing under the product roots that no app may call: the plugin manager and sessions.
const inaccessiblePrefixes = ['/rest/plugins/', '/wiki/rest/plugins/', '/rest/auth/'];

/** Descriptor scopes, upper-cased and de-duplicated, without `NONE` (which grants nothing). */
export function normalizeScopes(raw: readonly string[]): ConnectScope[] {
  const known = new Set<string>(connectScopes);
  return [...new Set(raw.map((scope) => scope.toUpperCase()))].filter((scope): scope is ConnectScope =>
    known.has(scope),
  );
}

/** Whether the granted scopes include `required`, directly or through the hierarchy. */
export function hasScope(granted: readonly ConnectScope[], required: RequiredScope): boolean {
  if (required === 'INACCESSIBLE') return false;
  if (required === 'NONE') return true;
  const seen = new Set<ConnectScope>();
  const pending = [...granted];
  while (pending.length > 0) {
    const scope = pending.pop() as ConnectScope;
    if (scope === required) return true;
    if (seen.has(scope)) continue;
    seen.add(scope);
    pending.push(...directlyImplied[scope]);
  }
  return false;
}

/**
 * The scope a tracker or wiki operation needs, from its method and route template (`/rest/api/2/user`,
 * `/wiki/rest/api/user/:id`); undefined for paths outside the product APIs.
 */
export function requiredScopeFor(method: string, routeUrl: string): RequiredScope | undefined {
  // The platform API's personal-data reporting (`api.atlassian.com/app/report-accounts`), with a bearer token.
  if (method.toUpperCase() === 'POST' && routeUrl === '/app/report-accounts') return 'NONE';
  if (!routeUrl.startsWith('/rest/') && !routeUrl.startsWith('/wiki/')) return undefined;
  if (inaccessiblePrefixes.some((prefix) => routeUrl.startsWith(prefix))) return 'INACCESSIBLE';
  const upper = method.toUpperCase();
  const template = routeUrl
    .replace(/^\/rest\/api\/2\//, '/rest/api/3/')
    .replace(/\{[^}]*\}|:[^/]+/g, '{}')
    .replace(/\/+$/, '');
  const listed = operationScopes[`${upper} ${template}`];
  if (listed) return listed;
  if (upper === 'GET' || upper === 'HEAD' || upper === 'OPTIONS') return 'READ';
  return upper === 'DELETE' ? 'DELETE' : 'WRITE';
}

/** Returns when the app (calling, or acting for a person) holds `required`, else `connect.scope_missing`. */
export function requireAppScope<T extends Pick<AppCaller, 'appKey' | 'scopes'>>(
  caller: T,
  required: RequiredScope,
): T {
  if (hasScope(caller.scopes, required)) return caller;
  if (required === 'INACCESSIBLE') {
    throw new VeilError('connect.scope_missing', 'Connect apps cannot use this operation');
  }
  throw new VeilError(
    'connect.scope_missing',
    `The app ${caller.appKey} needs the ${required} scope in its descriptor for this operation`,
  );
}
