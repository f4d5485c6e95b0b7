/**
 * JSON Web Tokens as Connect uses them: HS256 with an install's shared secret, RS256 for signed install
 * callbacks. Signing and signature checks are `jose`'s; this module adds Connect's strictness around
 * them. Verification pins the algorithm the caller expects, so a token never picks its own (`alg: none`,
 * or HS256 keyed with an RSA public key).
 */
import { createPrivateKey, createPublicKey, type KeyLike, KeyObject } from 'node:crypto';
import { CompactSign, compactVerify, errors } from 'jose';

export const jwtAlgorithms = ['HS256', 'RS256'] as const;
export type JwtAlgorithm = (typeof jwtAlgorithms)[number];

export interface JwtHeader {
  readonly alg: string;
  readonly typ?: string;
  readonly kid?: string;
  readonly [name: string]: unknown;
}

export interface JwtClaims {
  readonly iss?: string;
  readonly sub?: string;
  readonly aud?: string | readonly string[];
  readonly exp?: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly jti?: string;
  readonly qsh?: string;
  readonly [name: string]: unknown;
}

export type JwtFailureReason =
  | 'malformed'
  | 'invalid_claims'
  | 'wrong_alg'
  | 'bad_signature'
  | 'missing_exp'
  | 'expired'
  | 'not_yet_valid';

export type JwtResult =
  | { readonly ok: true; readonly header: JwtHeader; readonly claims: JwtClaims }
  | { readonly ok: false; readonly reason: JwtFailureReason };

export interface EncodeJwtOptions {
  readonly alg: JwtAlgorithm;
  /** Names the signing key, so that a verifier can fetch its public half (signed install). */
  readonly kid?: string;
}

/** The key to verify with; its algorithm is the only one accepted. */
export type JwtVerificationKey =
  | { readonly alg: 'HS256'; readonly secret: KeyLike }
  | { readonly alg: 'RS256'; readonly publicKey: KeyLike };

export type VerifyJwtOptions = JwtVerificationKey & {
  readonly now: Date;
  /** Clock skew tolerated on `exp`, `nbf` and `iat`. */
  readonly leewaySeconds?: number;
};

interface SplitToken {
  readonly header: JwtHeader;
  readonly payload: Record<string, unknown>;
}

const base64urlPattern = /^[A-Za-z0-9_-]*$/;
const stringClaims = ['iss', 'sub', 'jti', 'qsh'] as const;
const timeClaims = ['exp', 'nbf', 'iat'] as const;
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

/** A signed compact JWT with header `{typ: 'JWT', alg, kid?}`; the key is a shared secret or an RSA private key. */
export async function encodeJwt(claims: JwtClaims, key: KeyLike, options: EncodeJwtOptions): Promise<string> {
  const alg = requireSupportedAlgorithm(options.alg);
  const header = options.kid === undefined ? { typ: 'JWT', alg } : { typ: 'JWT', alg, kid: options.kid };
  const signingKey = alg === 'HS256' ? requireSecret(key) : requireRsaKey(key, 'private');
  return new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader(header)
    .sign(signingKey);
}

/** The header and claims of a token without checking its signature: only to find out which key to use. */
export function decodeJwtUnverified(token: string): JwtResult {
  const split = splitToken(token);
  if (split === undefined) return fail('malformed');
  const claims = readClaims(split.payload);
  return claims === undefined ? fail('invalid_claims') : { ok: true, header: split.header, claims };
}

/** Verifies algorithm, signature, then `exp` (required), `nbf` and `iat` against `now`, in that order. */
export async function verifyJwt(token: string, options: VerifyJwtOptions): Promise<JwtResult> {
  const split = splitToken(token);
  if (split === undefined) return fail('malformed');
  if (!jwtAlgorithms.includes(options.alg) || split.header.alg !== options.alg) return fail('wrong_alg');
  const signatureFailure = await findSignatureFailure(token, options);
  if (signatureFailure !== undefined) return fail(signatureFailure);
  const claims = readClaims(split.payload);
  if (claims === undefined) return fail('invalid_claims');
  const timeFailure = findTimeFailure(claims, options.now, options.leewaySeconds ?? 0);
  return timeFailure === undefined ? { ok: true, header: split.header, claims } : fail(timeFailure);
}

/**
 * Verifies a token at the first of `instants` where its times hold (see `outsideInstants`); the result
 * of the first instant when none does. Returns the instant it was checked at, for further time checks.
 */
export async function verifyJwtAtAny(
  token: string,
  options: JwtVerificationKey & { readonly leewaySeconds?: number },
  instants: readonly Date[],
): Promise<{ readonly result: JwtResult; readonly now: Date }> {
  let first: { result: JwtResult; now: Date } | undefined;
  for (const now of instants) {
    const result = await verifyJwt(token, { ...options, now });
    if (result.ok) return { result, now };
    first ??= { result, now };
  }
  if (!first) throw new Error('verifyJwtAtAny needs at least one instant');
  return first;
}

/** The `aud` claim as a list: the spec allows a single string or an array. */
export function listAudiences(claims: JwtClaims): readonly string[] {
  if (claims.aud === undefined) return [];
  return typeof claims.aud === 'string' ? [claims.aud] : claims.aud;
}

function fail(reason: JwtFailureReason): JwtResult {
  return { ok: false, reason };
}

function splitToken(token: string): SplitToken | undefined {
  const segments = token.split('.');
  if (segments.length !== 3) return undefined;
  const [headerSegment = '', payloadSegment = '', signatureSegment = ''] = segments;
  const header = decodeJsonSegment(headerSegment);
  const payload = decodeJsonSegment(payloadSegment);
  const signature = decodeBase64url(signatureSegment);
  if (header === undefined || payload === undefined || signature === undefined) return undefined;
  if (typeof header.alg !== 'string' || !isOptionalString(header.kid) || !isOptionalString(header.typ)) {
    return undefined;
  }
  return { header: header as JwtHeader, payload };
}

function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64url(segment);
  if (bytes === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(utf8Decoder.decode(bytes));
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

// Strict: Node's decoder skips stray characters and ignores the spare bits of the last one, so several
// spellings would carry the same signature; only the canonical one is accepted.
function decodeBase64url(segment: string): Buffer | undefined {
  if (!base64urlPattern.test(segment)) return undefined;
  const bytes = Buffer.from(segment, 'base64url');
  return bytes.toString('base64url') === segment ? bytes : undefined;
}

function readClaims(payload: Record<string, unknown>): JwtClaims | undefined {
  const stringsOk = stringClaims.every((name) => isOptionalString(payload[name]));
  const timesOk = timeClaims.every((name) => payload[name] === undefined || Number.isFinite(payload[name]));
  const aud = payload.aud;
  const audOk =
    isOptionalString(aud) || (Array.isArray(aud) && aud.every((item) => typeof item === 'string'));
  return stringsOk && timesOk && audOk ? (payload as JwtClaims) : undefined;
}

// jose checks the signature (HMAC compared in constant time) with only the expected algorithm allowed.
async function findSignatureFailure(
  token: string,
  key: JwtVerificationKey,
): Promise<JwtFailureReason | undefined> {
  const verificationKey =
    key.alg === 'RS256' ? requireRsaKey(key.publicKey, 'public') : requireSecret(key.secret);
  try {
    await compactVerify(token, verificationKey, { algorithms: [key.alg] });
    return undefined;
  } catch (error) {
    if (error instanceof errors.JOSEAlgNotAllowed) return 'wrong_alg';
    if (error instanceof errors.JWSSignatureVerificationFailed) return 'bad_signature';
    if (error instanceof errors.JWSInvalid) return 'malformed';
    throw error;
  }
}

function findTimeFailure(claims: JwtClaims, now: Date, leewaySeconds: number): JwtFailureReason | undefined {
  const nowSeconds = now.getTime() / 1000;
  if (!Number.isFinite(nowSeconds)) throw new TypeError('verifyJwt needs a valid `now`');
  if (!Number.isFinite(leewaySeconds) || leewaySeconds < 0) throw new TypeError('leewaySeconds must be >= 0');
  if (claims.exp === undefined) return 'missing_exp';
  if (nowSeconds >= claims.exp + leewaySeconds) return 'expired';
  // A token issued in the future is as suspect as one not yet valid: both mean a forged or skewed clock.
  const notBefore = Math.max(claims.nbf ?? Number.NEGATIVE_INFINITY, claims.iat ?? Number.NEGATIVE_INFINITY);
  return nowSeconds + leewaySeconds < notBefore ? 'not_yet_valid' : undefined;
}

function requireSupportedAlgorithm(alg: string): JwtAlgorithm {
  const supported = jwtAlgorithms.find((candidate) => candidate === alg);
  if (supported === undefined) throw new TypeError(`unsupported JWT algorithm: ${alg}`);
  return supported;
}

// An empty secret would make every HMAC forgeable; it is a wiring bug, not a bad token.
function requireSecret(secret: KeyLike): Uint8Array | KeyObject {
  if (secret instanceof KeyObject) return secret;
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (!(bytes instanceof Uint8Array)) throw new TypeError('an HS256 secret must be a string, bytes or a key');
  if (bytes.length === 0) throw new TypeError('an HS256 secret must not be empty');
  return bytes;
}

// RS256 with an EC or Ed25519 key would still sign and verify; refuse it so the label stays true.
function requireRsaKey(key: KeyLike, kind: 'private' | 'public'): KeyObject {
  const keyObject =
    key instanceof KeyObject ? key : kind === 'private' ? createPrivateKey(key) : createPublicKey(key);
  if (keyObject.asymmetricKeyType !== 'rsa') throw new TypeError(`RS256 needs an RSA ${kind} key`);
  return keyObject;
}

function isOptionalString(value: unknown): value is string | undefined {
  return value === undefined || typeof value === 'string';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
