/**
 * The scopes each operation of the API gateway needs, derived from the official specs: every way an
 * operation's `security` (OAuth2 / oAuthDefinitions) and `x-atlassian-oauth2-scopes` entries name (the
 * classic set, the granular set), for the operations Veil serves. `scripts/derive-gateway-scopes.ts`
 * writes src/oauth/gateway-scopes.json with it; test/oauth/gateway-scopes.test.ts keeps the two equal.
 */
import { readFileSync } from 'node:fs';

interface SpecOperation {
  security?: Record<string, string[]>[];
  'x-atlassian-oauth2-scopes'?: { scopes: string[] }[];
}

const specs = [
  { file: '../specs/jira-platform.v3.json', prefix: '' },
  { file: '../specs/confluence-v1.v3.json', prefix: '' },
  { file: '../specs/confluence-v2.v3.json', prefix: '/wiki/api/v2' },
];

const methods = ['get', 'put', 'post', 'delete', 'patch'];

/** `METHOD /path/{}/…`, the version 2 tracker API read as version 3 (the same operations). */
export function operationKey(method: string, path: string): string {
  const template = path
    .replace(/^\/rest\/api\/2\//, '/rest/api/3/')
    .replace(/\{[^}]*\}|:[^/]+/g, '{}')
    .replace(/\/+$/, '');
  return `${method.toUpperCase()} ${template}`;
}

function scopeSetsOf(operation: SpecOperation): string[][] {
  const sets: string[][] = [];
  const add = (scopes: string[]) => {
    const key = JSON.stringify(scopes);
    if (scopes.length > 0 && !sets.some((set) => JSON.stringify(set) === key)) sets.push(scopes);
  };
  for (const entry of operation.security ?? [])
    for (const [scheme, scopes] of Object.entries(entry))
      if (scheme === 'OAuth2' || scheme === 'oAuthDefinitions') add(scopes);
  for (const entry of operation['x-atlassian-oauth2-scopes'] ?? []) add(entry.scopes);
  return sets;
}

/** Every spec operation's scope sets, by `operationKey`. */
function specScopeSets(): Map<string, string[][]> {
  const sets = new Map<string, string[][]>();
  for (const spec of specs) {
    const document = JSON.parse(readFileSync(new URL(spec.file, import.meta.url), 'utf8')) as {
      paths: Record<string, Record<string, SpecOperation>>;
    };
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations))
        if (methods.includes(method))
          sets.set(operationKey(method, spec.prefix + path), scopeSetsOf(operation));
  }
  return sets;
}

/** The scope sets of Veil's own operations (`METHOD /path`, from its OpenAPI document) that the specs name. */
export function deriveGatewayScopes(
  routes: readonly { method: string; path: string }[],
): Record<string, string[][]> {
  const fromSpecs = specScopeSets();
  const derived: Record<string, string[][]> = {};
  for (const route of routes) {
    if (!route.path.startsWith('/rest/') && !route.path.startsWith('/wiki/')) continue;
    const key = operationKey(route.method, route.path);
    const sets = fromSpecs.get(key);
    if (sets && sets.length > 0) derived[key] = sets;
  }
  return Object.fromEntries(Object.entries(derived).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The operations of Veil's OpenAPI document (`app.swagger()`). */
export function routesOfDocument(document: unknown): { method: string; path: string }[] {
  const paths = (document as { paths: Record<string, Record<string, unknown>> }).paths;
  return Object.entries(paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((method) => methods.includes(method))
      .map((method) => ({ method, path })),
  );
}
