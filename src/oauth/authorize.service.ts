/**
 * `GET /authorize` and the consent: checks the request (an unknown client or a callback that is not
 * the registered one is an error page, never a redirect), offers the person's sites, and turns the
 * person's answer into the redirect with a code, or with `error=access_denied`. The consent form
 * carries a ticket (a JWT signed with jose) bound to the session, which also serves as its CSRF token.
 */
import { createHmac } from 'node:crypto';
import { encodeJwt, verifyJwt } from '../apps/jwt.ts';
import type { PersonCaller } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import {
  codeSeconds,
  hashSecret,
  joinScopes,
  type OAuthApp,
  oauthAppRowToApp,
  randomValue,
  splitScopes,
} from './oauth.model.ts';
import { findOAuthAppRow } from './oauth-apps.repository.ts';
import { findGrantRow, insertCode, upsertGrant, upsertGrantSite } from './oauth-grants.repository.ts';

export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
}

export interface AuthorizeQuery {
  readonly client_id?: string;
  readonly redirect_uri?: string;
  readonly scope?: string;
  readonly state?: string;
  readonly response_type?: string;
  readonly audience?: string;
  readonly prompt?: string;
}

/** A request to consent to: the app, the scopes asked for, where to send the answer. */
export interface ConsentRequest {
  readonly app: OAuthApp;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | undefined;
}

/** The outcome of a check or a decision: a page to show, or a redirect to the app. */
export type AuthorizeOutcome =
  | { readonly kind: 'error-page'; readonly message: string }
  | { readonly kind: 'redirect'; readonly url: string }
  | { readonly kind: 'consent'; readonly request: ConsentRequest };

const acceptedAudiences = ['api.atlassian.com'];

/** Checks an authorization request: an error page, an error redirect, or a request to consent to. */
export async function checkAuthorizeRequest(deps: Deps, query: AuthorizeQuery): Promise<AuthorizeOutcome> {
  const row = query.client_id ? await findOAuthAppRow(deps.db, query.client_id) : undefined;
  if (!row) return { kind: 'error-page', message: 'No app is registered with this client_id.' };
  const app = oauthAppRowToApp(row);
  if (query.redirect_uri !== app.callbackUrl)
    return { kind: 'error-page', message: "The redirect_uri is not the app's registered callback URL." };
  const refuse = (error: string, description: string) =>
    redirectWith(app.callbackUrl, { error, error_description: description, state: query.state });
  if (query.response_type !== 'code')
    return refuse('unsupported_response_type', 'response_type must be code');
  if (query.audience !== undefined && !acceptedAudiences.includes(query.audience))
    return refuse('invalid_request', 'audience must be api.atlassian.com');
  const scopes = splitScopes(query.scope);
  const unregistered = scopes.filter((scope) => !app.scopes.includes(scope));
  if (scopes.length === 0 || unregistered.length > 0)
    return refuse(
      'invalid_scope',
      `Scopes the app did not register: ${unregistered.join(' ') || '(none asked)'}`,
    );
  return { kind: 'consent', request: { app, redirectUri: app.callbackUrl, scopes, state: query.state } };
}

/** The sites the person may grant the app: those they are active on, by id, with their URLs. */
export async function listPickableSites(deps: Deps, person: PersonCaller) {
  const entry = await deps.directory.entry(person.account.accountId);
  const sites: { id: string; url: string }[] = [];
  for (const [siteId, link] of entry?.links ?? []) {
    const site = deps.directory.site(siteId);
    if (site && link.deactivatedAt === null) sites.push({ id: siteId, url: site.baseUrl });
  }
  return sites.sort((a, b) => a.id.localeCompare(b.id));
}

/** The ticket the consent form carries: the request, bound to the person and their session, for 10 minutes. */
export async function issueConsentTicket(
  deps: Deps,
  person: PersonCaller,
  sessionId: string,
  request: ConsentRequest,
): Promise<string> {
  const iat = Math.floor(deps.clock.now().getTime() / 1000);
  const claims = {
    sub: person.account.accountId,
    sid: hashSecret(sessionId),
    client_id: request.app.clientId,
    scope: joinScopes(request.scopes),
    ...(request.state !== undefined ? { state: request.state } : {}),
    iat,
    exp: iat + codeSeconds,
  };
  return encodeJwt(claims, ticketKey(deps.config), { alg: 'HS256' });
}

export interface ConsentAnswer {
  readonly ticket?: string;
  readonly decision?: string;
  readonly site?: string;
}

/** The person's answer: the redirect with a code (the grant made or widened) or with access_denied. */
export async function answerConsent(
  deps: Deps,
  person: PersonCaller,
  sessionId: string,
  answer: ConsentAnswer,
): Promise<AuthorizeOutcome> {
  const ticket = await readTicket(deps, person, sessionId, answer.ticket ?? '');
  if (!ticket)
    return {
      kind: 'error-page',
      message: 'This consent form has expired or is not yours; start again from the app.',
    };
  const row = await findOAuthAppRow(deps.db, ticket.clientId);
  if (!row) return { kind: 'error-page', message: 'The app is no longer registered.' };
  const app = oauthAppRowToApp(row);
  if (answer.decision !== 'accept')
    return redirectWith(app.callbackUrl, {
      error: 'access_denied',
      error_description: 'The person declined',
      state: ticket.state,
    });
  const sites = await listPickableSites(deps, person);
  if (!sites.some((site) => site.id === answer.site))
    return { kind: 'error-page', message: 'Choose one of your sites to grant the app access to.' };
  const code = await grantAndIssueCode(deps, person, app, ticket.scopes, answer.site ?? '');
  return redirectWith(app.callbackUrl, { code, state: ticket.state });
}

async function grantAndIssueCode(
  deps: Deps,
  person: PersonCaller,
  app: OAuthApp,
  scopes: readonly string[],
  siteId: string,
): Promise<string> {
  const code = randomValue();
  const now = deps.clock.now();
  await deps.db.transaction().execute(async (trx) => {
    const accountId = person.account.accountId;
    const before = await findGrantRow(trx, app.clientId, accountId);
    const merged = joinScopes([...splitScopes(before?.scopes), ...scopes]);
    await upsertGrant(trx, {
      grantId: randomValue('', 16),
      clientId: app.clientId,
      accountId,
      scopes: merged,
      now,
    });
    const grant = await findGrantRow(trx, app.clientId, accountId);
    if (!grant) throw new Error('the grant was just written');
    await upsertGrantSite(trx, { grantId: grant.grant_id, siteId, scopes: merged, now });
    await insertCode(trx, {
      code_hash: hashSecret(code),
      grant_id: grant.grant_id,
      redirect_uri: app.callbackUrl,
      scopes: joinScopes(scopes),
      expires_at: new Date(now.getTime() + codeSeconds * 1000),
      family_id: null,
      used_at: null,
    });
  });
  return code;
}

async function readTicket(deps: Deps, person: PersonCaller, sessionId: string, ticket: string) {
  const verified = await verifyJwt(ticket, {
    alg: 'HS256',
    secret: ticketKey(deps.config),
    now: deps.clock.now(),
  });
  if (!verified.ok) return undefined;
  const { claims } = verified;
  if (claims.sub !== person.account.accountId || claims.sid !== hashSecret(sessionId)) return undefined;
  if (typeof claims.client_id !== 'string' || typeof claims.scope !== 'string') return undefined;
  const state = typeof claims.state === 'string' ? claims.state : undefined;
  return { clientId: claims.client_id, scopes: splitScopes(claims.scope), state };
}

function ticketKey(config: Config): Buffer {
  return createHmac('sha256', config.connectSecretKey).update('veil-oauth-consent-ticket').digest();
}

function redirectWith(callbackUrl: string, parameters: Record<string, string | undefined>): AuthorizeOutcome {
  const url = new URL(callbackUrl);
  for (const [name, value] of Object.entries(parameters))
    if (value !== undefined) url.searchParams.set(name, value);
  return { kind: 'redirect', url: url.toString() };
}
