/**
 * A Forge app's manifest (`manifest.yml`, or the same as JSON): parsed with `yaml` (JSON is YAML) and
 * checked against the shape Veil reads: `app.id` (an ARI), `permissions.scopes`, `remotes` with
 * `key` and `baseUrl`, and event `modules.trigger` with their `events`. Pure.
 */
import { parse } from 'yaml';
import type { ErrorDetail } from '../errors/veil-error.ts';
import { knownScopes } from '../oauth/oauth.model.ts';

export interface ForgeRemote {
  readonly key: string;
  readonly baseUrl: string;
}

export interface ForgeTrigger {
  readonly key: string;
  readonly events: readonly string[];
  /** The remote the events go to, and the path under its `baseUrl`. */
  readonly endpoint: { readonly remote: string; readonly path: string };
}

export interface ForgeManifest {
  readonly appId: string;
  readonly name: string;
  readonly scopes: readonly string[];
  readonly remotes: readonly ForgeRemote[];
  readonly triggers: readonly ForgeTrigger[];
}

/** Events a trigger may subscribe to. */
export const forgeEvents: readonly string[] = [
  'avi:jira:created:issue',
  'avi:jira:updated:issue',
  'avi:jira:deleted:issue',
  'avi:jira:created:user',
  'avi:jira:updated:user',
  'avi:jira:deleted:user',
  'avi:forge:installed:app',
  'avi:forge:upgraded:app',
];

/** Scopes a manifest may declare: those Veil knows, but for the 3LO-only ones, and Forge's storage. */
export const forgeScopes: readonly string[] = [
  ...knownScopes.filter((s) => s !== 'offline_access' && s !== 'read:me'),
  'storage:app',
];

const appIdPattern =
  /^ari:cloud:ecosystem::app\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Problems = ErrorDetail[];

/** The manifest, or every problem found in it (paths under `base`). */
export function readForgeManifest(source: unknown, base = 'body.manifest'): ForgeManifest | Problems {
  let raw: unknown = source;
  if (typeof source === 'string') {
    try {
      raw = parse(source, { maxAliasCount: 10 });
    } catch (error) {
      return [{ path: base, message: `is not YAML or JSON: ${(error as Error).message.split('\n')[0]}` }];
    }
  }
  if (!isRecord(raw)) return [{ path: base, message: 'must be a mapping' }];
  const problems: Problems = [];
  const app = isRecord(raw.app) ? raw.app : {};
  if (!isRecord(raw.app)) problems.push({ path: `${base}.app`, message: 'is required (a mapping)' });
  const appId = readAppId(app.id, `${base}.app.id`, problems);
  const name = typeof app.name === 'string' && app.name.length <= 255 ? app.name : appId;
  const scopes = readScopes(raw.permissions, `${base}.permissions`, problems);
  const remotes = readRemotes(raw.remotes, `${base}.remotes`, problems);
  const triggers = readTriggers(raw.modules, `${base}.modules`, remotes, problems);
  if (problems.length > 0) return problems;
  return { appId, name, scopes, remotes, triggers };
}

function readAppId(value: unknown, path: string, problems: Problems): string {
  if (typeof value === 'string' && appIdPattern.test(value)) return value;
  problems.push({ path, message: 'must be an app ARI: ari:cloud:ecosystem::app/<uuid>' });
  return '';
}

function readScopes(permissions: unknown, path: string, problems: Problems): string[] {
  if (permissions === undefined) return [];
  const scopes = isRecord(permissions) ? permissions.scopes : undefined;
  if (scopes === undefined && isRecord(permissions)) return [];
  if (!Array.isArray(scopes) || scopes.length > 40) {
    problems.push({ path: `${path}.scopes`, message: 'must be a list of at most 40 scopes' });
    return [];
  }
  for (const [i, scope] of scopes.entries()) {
    if (typeof scope !== 'string' || !forgeScopes.includes(scope))
      problems.push({
        path: `${path}.scopes[${i}]`,
        message: `is not a scope a Forge app may declare: ${String(scope)}`,
      });
  }
  return [...new Set(scopes.filter((s): s is string => typeof s === 'string'))];
}

function readRemotes(value: unknown, path: string, problems: Problems): ForgeRemote[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 10) {
    problems.push({ path, message: 'must be a list of at most 10 remotes' });
    return [];
  }
  const remotes: ForgeRemote[] = [];
  for (const [i, remote] of value.entries()) {
    const key = isRecord(remote) ? remote.key : undefined;
    const baseUrl = isRecord(remote) ? remote.baseUrl : undefined;
    if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(key))
      problems.push({ path: `${path}[${i}].key`, message: 'must be a key of letters, digits, - and _' });
    else if (remotes.some((r) => r.key === key))
      problems.push({ path: `${path}[${i}].key`, message: `is used twice: ${key}` });
    if (typeof baseUrl !== 'string' || !isHttpUrl(baseUrl))
      problems.push({ path: `${path}[${i}].baseUrl`, message: 'must be an absolute http(s) URL' });
    if (typeof key === 'string' && typeof baseUrl === 'string') remotes.push({ key, baseUrl });
  }
  return remotes;
}

function readTriggers(
  modules: unknown,
  path: string,
  remotes: readonly ForgeRemote[],
  problems: Problems,
): ForgeTrigger[] {
  if (modules === undefined) return [];
  const list = isRecord(modules) ? (modules.trigger ?? []) : undefined;
  if (!Array.isArray(list) || list.length > 50) {
    problems.push({ path: `${path}.trigger`, message: 'must be a list of at most 50 triggers' });
    return [];
  }
  return list.flatMap((t, i) => readTrigger(t, `${path}.trigger[${i}]`, remotes, problems));
}

function readTrigger(value: unknown, path: string, remotes: readonly ForgeRemote[], problems: Problems) {
  const t = isRecord(value) ? value : {};
  const events = Array.isArray(t.events) ? t.events : [];
  if (events.length === 0) problems.push({ path: `${path}.events`, message: 'must list at least one event' });
  for (const [j, event] of events.entries()) {
    if (typeof event !== 'string' || !forgeEvents.includes(event))
      problems.push({
        path: `${path}.events[${j}]`,
        message: `is not an event Veil sends: ${String(event)}`,
      });
  }
  const endpoint = isRecord(t.endpoint) ? t.endpoint : {};
  const remote = typeof endpoint.remote === 'string' ? endpoint.remote : '';
  if (!remotes.some((r) => r.key === remote))
    problems.push({ path: `${path}.endpoint.remote`, message: 'must name one of the manifest’s remotes' });
  const endpointPath =
    typeof endpoint.path === 'string' && endpoint.path.startsWith('/') ? endpoint.path : '/';
  const key = typeof t.key === 'string' ? t.key : `trigger-${path}`;
  return [{ key, events: events.map(String), endpoint: { remote, path: endpointPath } }];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '';
}
