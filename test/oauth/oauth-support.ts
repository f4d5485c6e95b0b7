/**
 * What the 3LO tests share: a listening Veil with a registered OAuth app, a person's browser session
 * (a cookie, over real HTTP), and the consent as a browser gives it (the page's form, posted back).
 */
import assert from 'node:assert/strict';
import * as oauth from 'oauth4webapi';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import { type ListeningVeil, startListeningVeil } from '../connect/connect-support.ts';
import type { TestBackend } from '../support/backends.ts';

export const testClient = {
  clientId: 'veil-test-3lo-app',
  clientSecret: 'a-client-secret-for-the-3lo-tests',
  name: 'Timesheets Pro',
  callbackUrl: 'https://timesheets.example/callback',
  scopes: ['read:me', 'read:jira-user', 'read:jira-work', 'offline_access'],
} as const;

/** The demo world with the test's OAuth app, listening on a free port. */
export async function startOAuthVeil(backend: TestBackend): Promise<ListeningVeil> {
  const { scenario } = await readScenarioFile(demoScenarioPath);
  return startListeningVeil(backend, {
    scenario: { ...scenario, oauthApps: [{ ...testClient, scopes: [...testClient.scopes] }] },
  });
}

/** Veil as oauth4webapi sees an authorization server. */
export function authorizationServer(veil: ListeningVeil): oauth.AuthorizationServer {
  return {
    issuer: veil.url,
    authorization_endpoint: `${veil.url}/authorize`,
    token_endpoint: `${veil.url}/oauth/token`,
  };
}

export const client: oauth.Client = { client_id: testClient.clientId };
export const options = { [oauth.allowInsecureRequests]: true };

/** A session cookie for a demo person, signed in over HTTP as the pages do. */
export async function signIn(veil: ListeningVeil, email: string, apiToken: string): Promise<string> {
  const response = await fetch(`${veil.url}/veil/v1/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, apiToken }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('veil_session='));
  assert.ok(cookie, 'a session cookie');
  return cookie.split(';')[0] ?? '';
}

/** The authorization URL an app sends the person to. */
export function authorizeUrl(veil: ListeningVeil, overrides: Record<string, string> = {}): string {
  const url = new URL(`${veil.url}/authorize`);
  const parameters = {
    audience: 'api.atlassian.com',
    client_id: testClient.clientId,
    scope: 'read:me read:jira-user offline_access',
    redirect_uri: testClient.callbackUrl,
    state: 'state-123',
    response_type: 'code',
    prompt: 'consent',
    ...overrides,
  };
  for (const [name, value] of Object.entries(parameters)) url.searchParams.set(name, value);
  return url.toString();
}

/** Opens the consent page as the signed-in person: its HTML and the ticket its form carries. */
export async function openConsentPage(url: string, cookie: string) {
  const response = await fetch(url, { headers: { cookie }, redirect: 'manual' });
  const html = await response.text();
  const ticket = /name="ticket" value="([^"]+)"/.exec(html)?.[1];
  return { status: response.status, html, ticket, location: response.headers.get('location') };
}

/** Posts the consent form as the browser would; the redirect's URL. */
export async function answerConsent(
  veil: ListeningVeil,
  cookie: string,
  form: Record<string, string>,
): Promise<{ status: number; location: string | null; body: string }> {
  const response = await fetch(`${veil.url}/authorize`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    redirect: 'manual',
  });
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}

/** The whole browser part: sign in, consent to `acme` with `scope`, the callback URL with code and state. */
export async function consentAndGetCallback(
  veil: ListeningVeil,
  cookie: string,
  overrides: Record<string, string> = {},
): Promise<URL> {
  const page = await openConsentPage(authorizeUrl(veil, overrides), cookie);
  assert.equal(page.status, 200, page.html);
  assert.ok(page.ticket, 'the consent form carries a ticket');
  const answer = await answerConsent(veil, cookie, { ticket: page.ticket, decision: 'accept', site: 'acme' });
  assert.equal(answer.status, 302, answer.body);
  return new URL(answer.location ?? '');
}

/** Exchanges the callback's code with oauth4webapi, as an app does. */
export async function exchangeCode(
  veil: ListeningVeil,
  callback: URL,
  secret: string = testClient.clientSecret,
) {
  const as = authorizationServer(veil);
  const parameters = oauth.validateAuthResponse(as, client, callback, 'state-123');
  const response = await oauth.authorizationCodeGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(secret),
    parameters,
    testClient.callbackUrl,
    oauth.nopkce,
    options,
  );
  return oauth.processAuthorizationCodeResponse(as, client, response);
}

/** Refreshes with oauth4webapi. */
export async function refresh(veil: ListeningVeil, refreshToken: string) {
  const as = authorizationServer(veil);
  const response = await oauth.refreshTokenGrantRequest(
    as,
    client,
    oauth.ClientSecretPost(testClient.clientSecret),
    refreshToken,
    options,
  );
  return oauth.processRefreshTokenResponse(as, client, response);
}

/** A raw token request (JSON, as jira.js sends it): status and body. */
export async function postToken(veil: ListeningVeil, body: Record<string, string>) {
  const response = await fetch(`${veil.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
