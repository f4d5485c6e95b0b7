/** Registering OAuth 2.0 (3LO) apps: by a developer through the management API, or by a scenario file. */
import type { PersonCaller } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';
import {
  hashSecret,
  joinScopes,
  knownScopes,
  type OAuthApp,
  oauthAppRowToApp,
  randomValue,
} from './oauth.model.ts';
import { insertOAuthApp, listOAuthAppRowsOf, upsertOAuthApp } from './oauth-apps.repository.ts';

export interface OAuthAppInput {
  readonly name: string;
  readonly callbackUrl: string;
  readonly scopes: readonly string[];
}

export interface ScenarioOAuthApp extends OAuthAppInput {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** What is wrong with an app's callback URL and scopes, each under `path` (empty: nothing). */
export function findOAuthAppProblems(app: OAuthAppInput, path: string): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (!isCallbackUrl(app.callbackUrl))
    problems.push({
      path: `${path}.callbackUrl`,
      message: 'must be an absolute http(s) URL without a fragment',
    });
  for (const [i, scope] of app.scopes.entries()) {
    if (!knownScopes.includes(scope))
      problems.push({ path: `${path}.scopes[${i}]`, message: `is not a scope Veil knows: ${scope}` });
  }
  return problems;
}

function isCallbackUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hash === '' && !text.includes('#');
}

/** Registers an app for the signed-in developer; the client secret is shown this once, then only its hash is kept. */
export async function registerOAuthApp(
  deps: StoreDeps,
  developer: PersonCaller,
  input: OAuthAppInput,
): Promise<{ readonly app: OAuthApp; readonly clientSecret: string }> {
  const problems = findOAuthAppProblems(input, 'body');
  if (problems.length > 0)
    throw new VeilError(
      'request.invalid',
      problems.map((p) => `${p.path} ${p.message}`).join('; '),
      problems,
    );
  const clientSecret = randomValue('', 48);
  const row = {
    client_id: randomValue('', 24),
    secret_hash: hashSecret(clientSecret),
    name: input.name,
    callback_url: input.callbackUrl,
    scopes: joinScopes(input.scopes),
    owner_account_id: developer.account.accountId,
    created_at: deps.clock.now(),
  };
  await insertOAuthApp(deps.db, row);
  return { app: oauthAppRowToApp(row), clientSecret };
}

/** The apps the developer registered, oldest first. */
export async function listOwnOAuthApps(deps: StoreDeps, developer: PersonCaller): Promise<OAuthApp[]> {
  const rows = await listOAuthAppRowsOf(deps.db, developer.account.accountId);
  return rows.map(oauthAppRowToApp);
}

/** A scenario's apps, with the ids and secrets the file gives (validated with the file). */
export async function writeScenarioOAuthApps(
  deps: StoreDeps,
  apps: readonly ScenarioOAuthApp[],
): Promise<void> {
  for (const app of apps) {
    await upsertOAuthApp(deps.db, {
      client_id: app.clientId,
      secret_hash: hashSecret(app.clientSecret),
      name: app.name,
      callback_url: app.callbackUrl,
      scopes: joinScopes(app.scopes),
      owner_account_id: null,
      created_at: deps.clock.now(),
    });
  }
}
