/**
 * Which scopes let a 3LO token call an operation through the API gateway. Pure. The table is derived
 * from the official specs (`gateway-scopes.json`, written by scripts/derive-gateway-scopes.ts): each
 * operation lists the scope sets that allow it (the classic set, the granular one), and a token holding
 * every scope of any one set may call it. Operations the specs give no OAuth scope follow the product's
 * classic read and write scopes.
 */
import derived from './gateway-scopes.json' with { type: 'json' };

type ScopeSets = readonly (readonly string[])[];

const fromSpecs: Readonly<Record<string, ScopeSets>> = derived;

// Not in the specs' OAuth tables: the email APIs of the wiki (as the tracker's), and Veil's plumbing
// under the product roots that no app may call through the gateway (sessions, the plugin manager,
// Connect's own reporting).
const handListed: Readonly<Record<string, ScopeSets>> = {
  'GET /wiki/rest/api/user/email': [['read:email-address:confluence']],
  'GET /wiki/rest/api/user/email/bulk': [['read:email-address:confluence']],
};
const closedPrefixes = ['/rest/auth/', '/rest/plugins/', '/wiki/rest/plugins/', '/rest/atlassian-connect/'];

/** `METHOD /path/{}/…`, the version 2 tracker API read as version 3 (as the derived table keys it). */
function operationKey(method: string, routeUrl: string): string {
  const template = routeUrl
    .replace(/^\/rest\/api\/2\//, '/rest/api/3/')
    .replace(/\{[^}]*\}|:[^/]+/g, '{}')
    .replace(/\/+$/, '');
  return `${method.toUpperCase()} ${template}`;
}

/** The scope sets that allow an operation (its route template); none at all for a closed one. */
export function scopeSetsFor(method: string, routeUrl: string): ScopeSets {
  if (closedPrefixes.some((prefix) => routeUrl.startsWith(prefix))) return [];
  const key = operationKey(method, routeUrl);
  const listed = fromSpecs[key] ?? handListed[key];
  if (listed) return listed;
  const reads = ['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
  if (routeUrl.startsWith('/wiki/'))
    return reads ? [['read:confluence-content.all']] : [['write:confluence-content']];
  return reads ? [['read:jira-work']] : [['write:jira-work']];
}

/** Whether scopes granted on a site let a token call the operation. */
export function scopesAllow(granted: readonly string[], method: string, routeUrl: string): boolean {
  return scopeSetsFor(method, routeUrl).some((set) => set.every((scope) => granted.includes(scope)));
}
