/**
 * `POST /oauth/token`: the authorization code and refresh token grants as Atlassian's 3LO flavour has
 * them. Access tokens live one hour; refresh tokens (only with `offline_access`) rotate, each good for 90
 * days of inactivity and never past 365 days from the consent; an old one presented within 10 minutes
 * of its rotation gets a fresh pair (Auth0's rule, which Atlassian's rotation is built on), later it
 * invalidates its whole family. A code used twice fails and revokes what its first use issued.
 */
import type { Kysely } from 'kysely';
import type { Database, StoreDeps } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import {
  accessTokenSeconds,
  hashSecret,
  joinScopes,
  randomValue,
  refreshAbsoluteMs,
  refreshInactivityMs,
  refreshReuseLeewayMs,
  secretMatches,
  splitScopes,
  tokenPrefix,
} from './oauth.model.ts';
import { findOAuthAppRow } from './oauth-apps.repository.ts';
import {
  deleteTokenFamily,
  findCodeRowForUpdate,
  findGrantRowById,
  findTokenRow,
  insertTokens,
  markCodeUsed,
  markTokenRotated,
} from './oauth-grants.repository.ts';

export interface TokenRequest {
  readonly grant_type?: string;
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly code?: string;
  readonly redirect_uri?: string;
  readonly refresh_token?: string;
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresIn: number;
  readonly scope: string;
}

const invalidRefreshToken = 'Unknown or invalid refresh token.';
const invalidCode = 'Invalid authorization code';

/** Answers a token request with a token pair, or an `oauth3lo.*` error in the documented shape. */
export async function exchangeTokenRequest(deps: StoreDeps, request: TokenRequest): Promise<IssuedTokens> {
  if (request.grant_type === 'authorization_code') return exchangeCode(deps, request);
  if (request.grant_type === 'refresh_token') return exchangeRefreshToken(deps, request);
  throw new VeilError(
    'oauth3lo.unsupported_grant_type',
    'grant_type must be authorization_code or refresh_token',
  );
}

async function authenticateClient(deps: StoreDeps, request: TokenRequest): Promise<string> {
  const { client_id: clientId, client_secret: secret } = request;
  const row = clientId ? await findOAuthAppRow(deps.db, clientId) : undefined;
  if (!row || !secret || !secretMatches(secret, row.secret_hash))
    throw new VeilError('oauth3lo.invalid_client', 'Unknown client or wrong client secret');
  return row.client_id;
}

type Outcome = { readonly issued: IssuedTokens } | { readonly refused: string };

/** Throws the refusal after the transaction committed (a revocation it made must stay). */
function settle(outcome: Outcome): IssuedTokens {
  if ('refused' in outcome) throw new VeilError('oauth3lo.invalid_grant', outcome.refused);
  return outcome.issued;
}

async function exchangeCode(deps: StoreDeps, request: TokenRequest): Promise<IssuedTokens> {
  const clientId = await authenticateClient(deps, request);
  if (!request.code) throw new VeilError('oauth3lo.invalid_request', 'code is required');
  const codeHash = hashSecret(request.code);
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
    const code = await findCodeRowForUpdate(trx, codeHash);
    const grant = code ? await findGrantRowById(trx, code.grant_id) : undefined;
    if (!code || !grant || grant.client_id !== clientId) return { refused: invalidCode };
    if (code.used_at !== null) {
      if (code.family_id) await deleteTokenFamily(trx, code.family_id);
      return { refused: invalidCode };
    }
    if (code.expires_at <= now || code.redirect_uri !== request.redirect_uri) return { refused: invalidCode };
    const familyId = randomValue('', 16);
    await markCodeUsed(trx, codeHash, familyId, now);
    const family = {
      grantId: grant.grant_id,
      familyId,
      expiresAt: new Date(now.getTime() + refreshAbsoluteMs),
    };
    return { issued: await issueTokens(trx, now, family, splitScopes(code.scopes)) };
  });
  return settle(outcome);
}

async function exchangeRefreshToken(deps: StoreDeps, request: TokenRequest): Promise<IssuedTokens> {
  const clientId = await authenticateClient(deps, request);
  const presented = request.refresh_token;
  if (!presented) throw new VeilError('oauth3lo.invalid_request', 'refresh_token is required');
  const now = deps.clock.now();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Outcome> => {
    const token = await findTokenRow(trx, hashSecret(presented), true);
    const grant = token ? await findGrantRowById(trx, token.grant_id) : undefined;
    if (token?.kind !== 'refresh' || !grant || grant.client_id !== clientId)
      return { refused: invalidRefreshToken };
    if (token.expires_at <= now || token.family_expires_at <= now) return { refused: invalidRefreshToken };
    if (token.rotated_at !== null && now.getTime() - token.rotated_at.getTime() > refreshReuseLeewayMs) {
      await deleteTokenFamily(trx, token.family_id);
      return { refused: invalidRefreshToken };
    }
    if (token.rotated_at === null) await markTokenRotated(trx, token.token_hash, now);
    const family = { grantId: token.grant_id, familyId: token.family_id, expiresAt: token.family_expires_at };
    return { issued: await issueTokens(trx, now, family, splitScopes(token.scopes)) };
  });
  return settle(outcome);
}

interface TokenFamily {
  readonly grantId: string;
  readonly familyId: string;
  readonly expiresAt: Date;
}

async function issueTokens(
  db: Kysely<Database>,
  now: Date,
  family: TokenFamily,
  scopes: readonly string[],
): Promise<IssuedTokens> {
  const accessToken = randomValue(`${tokenPrefix}at_`);
  const refreshToken = scopes.includes('offline_access') ? randomValue(`${tokenPrefix}rt_`) : undefined;
  const base = {
    grant_id: family.grantId,
    family_id: family.familyId,
    scopes: joinScopes(scopes),
    issued_at: now,
    family_expires_at: family.expiresAt,
    rotated_at: null,
  };
  const accessExpiry = new Date(now.getTime() + accessTokenSeconds * 1000);
  const refreshExpiry = new Date(Math.min(now.getTime() + refreshInactivityMs, family.expiresAt.getTime()));
  await insertTokens(db, [
    { ...base, token_hash: hashSecret(accessToken), kind: 'access', expires_at: accessExpiry },
    ...(refreshToken
      ? [
          {
            ...base,
            token_hash: hashSecret(refreshToken),
            kind: 'refresh' as const,
            expires_at: refreshExpiry,
          },
        ]
      : []),
  ]);
  return { accessToken, refreshToken, expiresIn: accessTokenSeconds, scope: joinScopes(scopes) };
}
