import type { ParseArgsOptionsConfig } from 'node:util';
import { readArguments } from './arguments.ts';
import { ConfigError } from './config.ts';

/** What `veil migrate-ids` maps: usernames, user keys, emails, or each value by its look (`auto`). */
export const migrateIdKinds = ['username', 'key', 'email', 'auto'] as const;
export type MigrateIdKind = (typeof migrateIdKinds)[number];

/** Everything `veil migrate-ids` runs with, parsed once and frozen. */
export interface MigrateIdsConfig {
  /** The site to ask: a running Veil or any compatible site (`https://your-domain.atlassian.net`). */
  readonly siteUrl: string;
  readonly email: string;
  readonly apiToken: string;
  readonly inputFile: string;
  readonly outputFile: string;
  /** Where finished rows are recorded, so an interrupted run resumes (`<output>.journal`). */
  readonly journalFile: string;
  /** The column (CSV header or JSON key) holding the values; null: the first of username, key, userKey, email. */
  readonly column: string | null;
  /** null: from the column's name (username, key or userKey, email), else `auto`. */
  readonly kind: MigrateIdKind | null;
  readonly batchSize: number;
  readonly concurrency: number;
  /** Start over even if a journal of an earlier run exists. */
  readonly restart: boolean;
}

export const migrateIdsUsage = `Usage:
  veil migrate-ids --site URL --input FILE --output FILE [--email E --token T] [options]

  Maps usernames, user keys or emails to accountIds through a running Veil (or any compatible site),
  with the caller's own credentials. Resumable: run the same command again after an interruption.

  --site URL         the site to ask (or VEIL_SITE_URL)
  --email E          your email (or VEIL_EMAIL)
  --token T          your API token (or VEIL_API_TOKEN)
  --input FILE       a CSV file with a header row, or a JSON array of strings or objects
  --output FILE      where to write the input with an accountId for each row (CSV or JSON, as the input)
  --column NAME      the column holding the values (default: username, key, userKey or email)
  --kind KIND        username, key, email or auto (default: from the column name, else auto:
                     values with @ are emails; others usernames, then keys)
  --batch N          values per lookup request (default 100, at most 200)
  --concurrency N    requests at a time (default 4)
  --restart          ignore the journal of an earlier run and start over`;

function positiveInteger(
  raw: string | undefined,
  name: string,
  fallback: number,
  max: number,
  problems: string[],
) {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    problems.push(`--${name} must be a whole number from 1 to ${max}, not "${raw}"`);
    return fallback;
  }
  return value;
}

/** The options `veil migrate-ids` takes. */
const migrateIdsOptions = {
  site: { type: 'string' },
  email: { type: 'string' },
  token: { type: 'string' },
  input: { type: 'string' },
  output: { type: 'string' },
  column: { type: 'string' },
  kind: { type: 'string' },
  batch: { type: 'string' },
  concurrency: { type: 'string' },
  restart: { type: 'boolean' },
} as const satisfies ParseArgsOptionsConfig;

/** Parses `veil migrate-ids` arguments and the environment; reports every problem together. */
export function parseMigrateIdsConfig(argv: readonly string[], env: NodeJS.ProcessEnv): MigrateIdsConfig {
  const problems: string[] = [];
  const values = readArguments(argv, migrateIdsOptions, problems);
  const text = (name: string, envName?: string) =>
    (values[name] as string | undefined) ?? (envName ? env[envName] : undefined);
  const required = (name: string, envName?: string) => {
    const value = text(name, envName);
    if (!value) problems.push(`--${name}${envName ? ` (or ${envName})` : ''} is required`);
    return value ?? '';
  };
  const siteUrl = required('site', 'VEIL_SITE_URL').replace(/\/+$/, '');
  if (siteUrl && !/^https?:\/\/[^\s/]+/.test(siteUrl))
    problems.push('--site must be an http:// or https:// URL');
  const kind = text('kind') ?? null;
  if (kind !== null && !migrateIdKinds.includes(kind as MigrateIdKind))
    problems.push(`--kind must be one of ${migrateIdKinds.join(', ')}, not "${kind}"`);
  const outputFile = required('output');
  const config: MigrateIdsConfig = {
    siteUrl,
    email: required('email', 'VEIL_EMAIL'),
    apiToken: required('token', 'VEIL_API_TOKEN'),
    inputFile: required('input'),
    outputFile,
    journalFile: `${outputFile}.journal`,
    column: text('column') ?? null,
    kind: kind as MigrateIdKind | null,
    batchSize: positiveInteger(text('batch'), 'batch', 100, 200, problems),
    concurrency: positiveInteger(text('concurrency'), 'concurrency', 4, 32, problems),
    restart: values.restart === true,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}
