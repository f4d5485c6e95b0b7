/**
 * The app descriptor (`atlassian-connect.json`): checked against Atlassian's descriptor schema
 * (draft-04, kept beside this file), then against what Veil needs to host the app. Every problem is
 * reported at once, each with its JSON path. Pure: no I/O beyond reading the schema once.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type ConnectScope, normalizeScopes } from '../auth/app-scopes.ts';
import type { ErrorDetail } from '../errors/veil-error.ts';
import { VeilError } from '../errors/veil-error.ts';
import { isCleanName, uncleanNameMessage } from '../http/input-hygiene.ts';

export const lifecycleEvents = ['installed', 'uninstalled', 'enabled', 'disabled'] as const;
export type LifecycleEvent = (typeof lifecycleEvents)[number];

/** The parts of a descriptor Veil reads; the rest is kept as the app sent it. */
export interface ConnectDescriptor {
  readonly key: string;
  readonly name?: string;
  readonly description?: string;
  readonly baseUrl: string;
  readonly authentication: { readonly type: string };
  readonly lifecycle?: Readonly<Partial<Record<LifecycleEvent, string>>>;
  readonly scopes?: readonly string[];
  readonly apiMigrations?: Readonly<Record<string, boolean>>;
  readonly modules?: Readonly<Record<string, unknown>>;
  readonly [name: string]: unknown;
}

let compiled: ValidateFunction | undefined;

/** The schema validator, compiled on first use (the schema is large). */
function descriptorSchemaValidator(): ValidateFunction {
  if (compiled) return compiled;
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/connect-descriptor.schema.json', import.meta.url), 'utf8'),
  );
  // Draft-04 meta-schema is not bundled with ajv 8; the keywords this schema uses read the same.
  delete schema.$schema;
  // Flags that came after this schema version and that frameworks send (ACE, github-for-jira).
  schema.properties.apiMigrations.properties['signed-install'] = { type: 'boolean' };
  schema.properties.apiMigrations.properties['context-qsh'] = { type: 'boolean' };
  // Lifecycle URLs are relative in practice, so `format: uri` is not enforced; Veil checks them below.
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, validateSchema: false });
  compiled = ajv.compile(schema);
  return compiled;
}

/** Every problem of a descriptor, each located by a JSON path under `root`; empty when it can be installed. */
export function findDescriptorProblems(input: unknown, root = '$'): ErrorDetail[] {
  const validate = descriptorSchemaValidator();
  if (!validate(input)) return (validate.errors ?? []).map((error) => describeSchemaError(error, root));
  return findHostingProblems(input as ConnectDescriptor, root);
}

/** The descriptor, or `connect.descriptor_invalid` with every problem. */
export function parseDescriptor(input: unknown): ConnectDescriptor {
  const problems = findDescriptorProblems(input);
  if (problems.length > 0) {
    throw new VeilError(
      'connect.descriptor_invalid',
      `The app descriptor has ${problems.length} problem(s)`,
      problems,
    );
  }
  return input as ConnectDescriptor;
}

/** The scopes the descriptor asks for, upper-cased, without `NONE`. */
export function scopesOf(descriptor: ConnectDescriptor): ConnectScope[] {
  return normalizeScopes(descriptor.scopes ?? []);
}

/** The app's base URL without a trailing slash. */
export function appBaseUrl(descriptor: ConnectDescriptor): string {
  return descriptor.baseUrl.replace(/\/+$/, '');
}

/** The absolute URL of an app-relative path (`/installed`) or of an absolute URL under the base URL. */
export function resolveAppUrl(descriptor: ConnectDescriptor, url: string): string {
  return /^https?:\/\//i.test(url) ? url : `${appBaseUrl(descriptor)}${url.startsWith('/') ? '' : '/'}${url}`;
}

/** What the schema allows but Veil cannot host: no base URL, no JWT, no `installed` callback. */
function findHostingProblems(descriptor: ConnectDescriptor, root: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path: `${root}${path}`, message });
  if (!isHttpUrl(descriptor.baseUrl)) add('.baseUrl', 'must be an http or https URL');
  // The app's name is shown to people (consent, their access log): it may not hide what it says.
  if (typeof descriptor.name === 'string' && !isCleanName(descriptor.name)) add('.name', uncleanNameMessage);
  if (descriptor.authentication.type.toLowerCase() !== 'jwt') {
    add('.authentication.type', 'must be jwt: Veil hosts apps that authenticate with JWT');
  }
  if (!descriptor.lifecycle?.installed) {
    add('.lifecycle.installed', 'is required: the install hands the app its shared secret there');
  }
  for (const event of lifecycleEvents) {
    const url = descriptor.lifecycle?.[event];
    if (url === undefined || !isHttpUrl(descriptor.baseUrl)) continue;
    const absolute = /^https?:\/\//i.test(url);
    if (absolute && !url.startsWith(appBaseUrl(descriptor))) {
      add(`.lifecycle.${event}`, 'must be a path relative to baseUrl, or a URL under it');
    } else if (!absolute && !isHttpUrl(resolveAppUrl(descriptor, url))) {
      add(`.lifecycle.${event}`, 'is not a valid path');
    }
  }
  return problems;
}

function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

function describeSchemaError(error: ErrorObject, root: string): ErrorDetail {
  const params = error.params as {
    additionalProperty?: string;
    missingProperty?: string;
    allowedValues?: unknown[];
  };
  const name = params.additionalProperty ?? params.missingProperty;
  const path = toJsonPath(root, error.instancePath, name);
  if (params.additionalProperty) return { path, message: 'is not a known key' };
  if (params.missingProperty) return { path, message: 'is required' };
  if (params.allowedValues) return { path, message: `must be one of ${params.allowedValues.join(', ')}` };
  return { path, message: error.message ?? 'is not valid' };
}

/** `/lifecycle/installed` under `$` → `$.lifecycle.installed`. */
function toJsonPath(root: string, pointer: string, extra?: string): string {
  const parts = [...pointer.split('/').slice(1), ...(extra ? [extra] : [])].map((part) =>
    part.replaceAll('~1', '/').replaceAll('~0', '~'),
  );
  return `${root}${parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
}
