import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decodeJwtUnverified,
  encodeJwt,
  type JwtClaims,
  type JwtVerificationKey,
  listAudiences,
  verifyJwt,
} from './jwt.ts';

const secret = 'shared-secret-of-one-install';
const now = new Date('2026-11-22T12:00:00Z');
const nowSeconds = Math.floor(now.getTime() / 1000);
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherRsa = generateKeyPairSync('rsa', { modulusLength: 2048 });

function buildClaims(overrides: JwtClaims = {}): JwtClaims {
  return { iss: 'app-key', iat: nowSeconds, exp: nowSeconds + 180, qsh: 'abc', ...overrides };
}

function signHs256(claims: JwtClaims = buildClaims()): Promise<string> {
  return encodeJwt(claims, secret, { alg: 'HS256' });
}

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

// Hand-built tokens for headers that encodeJwt refuses to write.
function forgeToken(header: unknown, claims: unknown, key = secret): string {
  const input = `${encodeSegment(header)}.${encodeSegment(claims)}`;
  return `${input}.${createHmac('sha256', key).update(input).digest('base64url')}`;
}

const hs256: JwtVerificationKey = { alg: 'HS256', secret };
const rs256: JwtVerificationKey = { alg: 'RS256', publicKey: rsa.publicKey };

async function reasonOf(
  token: string | Promise<string>,
  key: JwtVerificationKey = hs256,
  at = now,
  leewaySeconds = 0,
): Promise<string> {
  const result = await verifyJwt(await token, { ...key, now: at, leewaySeconds });
  return result.ok ? 'ok' : result.reason;
}

describe('encodeJwt and verifyJwt', () => {
  it('writes the header that atlassian-jwt writes', async () => {
    const decoded = decodeJwtUnverified(await signHs256());
    assert.ok(decoded.ok);
    assert.deepEqual(decoded.header, { typ: 'JWT', alg: 'HS256' });
  });

  it('signs RS256 with a kid and verifies with the public key only', async () => {
    const token = await encodeJwt(buildClaims(), rsa.privateKey, { alg: 'RS256', kid: 'install-key-1' });
    const result = await verifyJwt(token, { ...rs256, now });
    assert.ok(result.ok);
    assert.deepEqual(result.header, { typ: 'JWT', alg: 'RS256', kid: 'install-key-1' });
    assert.equal(await reasonOf(token, { alg: 'RS256', publicKey: otherRsa.publicKey }), 'bad_signature');
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    assert.equal(await reasonOf(token, { alg: 'RS256', publicKey: pem }), 'ok');
  });

  it('refuses a wrong secret', async () => {
    assert.equal(
      await reasonOf(encodeJwt(buildClaims(), 'another-secret', { alg: 'HS256' })),
      'bad_signature',
    );
  });

  it('never accepts alg none, whatever the signature', async () => {
    const claims = buildClaims();
    const unsigned = `${encodeSegment({ typ: 'JWT', alg: 'none' })}.${encodeSegment(claims)}.`;
    assert.equal(await reasonOf(unsigned), 'wrong_alg');
    assert.equal(await reasonOf(forgeToken({ alg: 'none' }, claims)), 'wrong_alg');
    await assert.rejects(async () => encodeJwt(claims, secret, { alg: 'none' as 'HS256' }), TypeError);
  });

  it('refuses HS256 when RS256 is expected, even keyed with the public key', async () => {
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const confused = forgeToken({ typ: 'JWT', alg: 'HS256' }, buildClaims(), pem);
    assert.equal(await reasonOf(confused, { alg: 'RS256', publicKey: pem }), 'wrong_alg');
  });

  it('refuses an empty secret and a non-RSA key as wiring bugs', async () => {
    await assert.rejects(async () => encodeJwt(buildClaims(), '', { alg: 'HS256' }), TypeError);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await assert.rejects(async () => encodeJwt(buildClaims(), ec.privateKey, { alg: 'RS256' }), TypeError);
  });
});

describe('verifyJwt time claims', () => {
  it('requires exp and refuses it from the second it is reached', async () => {
    assert.equal(await reasonOf(signHs256({ iss: 'app-key', iat: nowSeconds })), 'missing_exp');
    assert.equal(await reasonOf(signHs256(buildClaims({ exp: nowSeconds }))), 'expired');
    assert.equal(await reasonOf(signHs256(buildClaims({ exp: nowSeconds + 1 }))), 'ok');
  });

  it('tolerates clock skew up to the leeway', async () => {
    const token = await signHs256(buildClaims({ exp: nowSeconds - 20 }));
    assert.equal(await reasonOf(token, hs256, now, 30), 'ok');
    assert.equal(await reasonOf(token, hs256, now, 10), 'expired');
  });

  it('refuses tokens from the future, by nbf or by iat', async () => {
    assert.equal(await reasonOf(signHs256(buildClaims({ nbf: nowSeconds + 60 }))), 'not_yet_valid');
    assert.equal(await reasonOf(signHs256(buildClaims({ iat: nowSeconds + 60 }))), 'not_yet_valid');
    assert.equal(await reasonOf(signHs256(buildClaims({ iat: nowSeconds + 60 })), hs256, now, 60), 'ok');
  });
});

describe('decoding', () => {
  it('reports malformed tokens', async () => {
    for (const token of ['', 'abc', 'a.b', 'a.b.c.d', `${encodeSegment([1])}.${encodeSegment({})}.`]) {
      assert.equal(await reasonOf(token), 'malformed', token);
    }
    assert.equal(await reasonOf(forgeToken({ typ: 'JWT' }, buildClaims())), 'malformed');
    assert.equal(await reasonOf(`${await signHs256()} `), 'malformed');
  });

  it('reports registered claims of the wrong type', async () => {
    const token = forgeToken({ typ: 'JWT', alg: 'HS256' }, { ...buildClaims(), exp: '9999999999' });
    assert.equal(await reasonOf(token), 'invalid_claims');
    assert.deepEqual(decodeJwtUnverified(token), { ok: false, reason: 'invalid_claims' });
  });

  it('lists audiences whether aud is a string or an array', async () => {
    assert.deepEqual(listAudiences({ aud: 'client-key' }), ['client-key']);
    assert.deepEqual(listAudiences({ aud: ['a', 'b'] }), ['a', 'b']);
    assert.deepEqual(listAudiences({}), []);
  });
});

const registeredClaims = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'qsh', '__proto__']);
const claimsArb: fc.Arbitrary<JwtClaims> = fc
  .record({
    iss: fc.string({ unit: 'grapheme' }),
    sub: fc.string(),
    qsh: fc.string(),
    aud: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
    extra: fc.dictionary(
      fc.string().filter((key) => !registeredClaims.has(key)),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    ),
  })
  .map(({ extra, ...claims }) => ({ ...extra, ...claims, iat: nowSeconds, exp: nowSeconds + 60 }));

describe('JWT properties', () => {
  it('verifies what it encodes, claims intact, with either algorithm', async () => {
    await fc.assert(
      fc.asyncProperty(claimsArb, fc.boolean(), async (claims, useRsa) => {
        const token = useRsa
          ? await encodeJwt(claims, rsa.privateKey, { alg: 'RS256' })
          : await encodeJwt(claims, secret, { alg: 'HS256' });
        const result = await verifyJwt(token, { ...(useRsa ? rs256 : hs256), now });
        assert.ok(result.ok);
        assert.deepEqual(result.claims, claims);
      }),
      { numRuns: 60 },
    );
  });

  it('fails a token with any byte flipped', async () => {
    await fc.assert(
      fc.asyncProperty(
        claimsArb,
        fc.boolean(),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        async (claims, useRsa, at, mask) => {
          const token = useRsa
            ? await encodeJwt(claims, rsa.privateKey, { alg: 'RS256' })
            : await encodeJwt(claims, secret, { alg: 'HS256' });
          const index = at % token.length;
          const flipped =
            token.slice(0, index) +
            String.fromCharCode(token.charCodeAt(index) ^ mask) +
            token.slice(index + 1);
          assert.equal((await verifyJwt(flipped, { ...(useRsa ? rs256 : hs256), now })).ok, false);
        },
      ),
      { numRuns: 300 },
    );
  });
});
