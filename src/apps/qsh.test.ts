import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeJwtUnverified, verifyJwt } from './jwt.ts';
import { canonicalRequest, computeQsh, parseRawUrl, type QshRequest, qshCandidates } from './qsh.ts';

interface QshVector {
  readonly name: string;
  readonly canonicalUrl: string;
  readonly signedUrl: string;
}

// Atlassian's signed-URL vectors: each signedUrl carries a `jwt` parameter, HS256 with `secret`, whose qsh
// claim is the hash of `canonicalUrl`.
function loadQshVectors(): { readonly secret: string; readonly tests: readonly QshVector[] } {
  const file = new URL('../../test/specs/qsh-vectors.json', import.meta.url);
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { secret: string; tests: QshVector[] };
  assert.equal(typeof parsed.secret, 'string');
  assert.ok(parsed.tests.length > 0);
  return parsed;
}

function readJwtParameter(signedUrl: string): string {
  const token = new URL(signedUrl).searchParams.get('jwt');
  assert.ok(token, 'every vector carries a jwt parameter');
  return token;
}

const vectors = loadQshVectors();

describe('Atlassian qsh vectors', () => {
  for (const vector of vectors.tests) {
    it(`canonicalises and hashes "${vector.name}"`, async () => {
      const request = parseRawUrl('GET', vector.signedUrl);
      assert.equal(canonicalRequest(request), vector.canonicalUrl);

      const token = readJwtParameter(vector.signedUrl);
      const decoded = decodeJwtUnverified(token);
      assert.ok(decoded.ok);
      assert.equal(computeQsh(request), decoded.claims.qsh);

      const iat = decoded.claims.iat ?? 0;
      const verified = await verifyJwt(token, {
        alg: 'HS256',
        secret: vectors.secret,
        now: new Date(iat * 1000),
      });
      assert.deepEqual(verified, decoded);
    });
  }
});

const canonicalOf = (method: string, rawUrl: string, contextPath?: string) =>
  canonicalRequest(parseRawUrl(method, rawUrl), { contextPath });

describe('canonicalRequest', () => {
  it('matches the user-search example from the facts, with `+` read as a space', () => {
    assert.equal(
      canonicalOf('get', '/rest/api/3/user/search?query=mia+smith&maxResults=5'),
      'GET&/rest/api/3/user/search&maxResults=5&query=mia%20smith',
    );
  });

  it('sorts repeated values and joins them with a comma', () => {
    assert.equal(
      canonicalOf('GET', '/x?accountId=b&accountId=a&maxResults=10'),
      'GET&/x&accountId=a,b&maxResults=10',
    );
  });

  it('escapes every character outside the RFC 3986 unreserved set, and keeps bare flags', () => {
    assert.equal(
      canonicalOf('GET', '/x?query=a+b&x=%2B&y=*&z=!()&e=&flag'),
      'GET&/x&e=&flag=&query=a%20b&x=%2B&y=%2A&z=%21%28%29',
    );
  });

  it('drops the jwt parameter and one trailing slash', () => {
    assert.equal(
      canonicalOf('GET', '/rest/api/3/user/?jwt=abc&lic=none&tz=Europe%2FBerlin'),
      'GET&/rest/api/3/user&lic=none&tz=Europe%2FBerlin',
    );
  });
});

describe('canonicalRequest: paths and other queries', () => {
  it('encodes `&` in the path so that it cannot pose as a query separator', () => {
    assert.equal(canonicalOf('POST', '/rest/api/2/project&a=b?x=y'), 'POST&/rest/api/2/project%26a=b&x=y');
  });

  it('turns an empty path into `/` and an empty query into nothing', () => {
    assert.equal(canonicalOf('GET', '/'), 'GET&/&');
    assert.equal(canonicalOf('GET', ''), 'GET&/&');
    assert.equal(canonicalOf('GET', 'http://localhost:3102?a=1'), 'GET&/&a=1');
  });

  it('strips the context path on a segment boundary only', () => {
    assert.equal(
      canonicalOf('GET', '/wiki/rest/api/user?accountId=1', '/wiki'),
      'GET&/rest/api/user&accountId=1',
    );
    assert.equal(canonicalOf('GET', '/wiki', '/wiki/'), 'GET&/&');
    assert.equal(canonicalOf('GET', '/wikipedia/x', '/wiki'), 'GET&/wikipedia/x&');
    assert.equal(canonicalOf('GET', '/wiki/x', 'https://acme.example/wiki'), 'GET&/x&');
  });

  it('keeps a second `?` and ignores a fragment', () => {
    assert.equal(canonicalOf('GET', '/x??a=1#frag'), 'GET&/x&%3Fa=1');
  });

  it('reads a record query with arrays the way it reads repeated pairs', () => {
    const fromRecord = canonicalRequest({ method: 'GET', pathname: '/x', query: { b: ['2', '1'], a: 'z' } });
    assert.equal(fromRecord, canonicalOf('GET', '/x?b=2&a=z&b=1'));
  });
});

describe('qshCandidates', () => {
  it('offers the stripped hash first and the unstripped one that confluence.js 2.x sends', () => {
    const request = parseRawUrl('GET', '/wiki/rest/api/user?accountId=1');
    assert.deepEqual(qshCandidates(request, '/wiki'), [
      computeQsh(parseRawUrl('GET', '/rest/api/user?accountId=1')),
      computeQsh(request),
    ]);
  });

  it('offers one hash when the path is outside the context path', () => {
    assert.equal(qshCandidates(parseRawUrl('GET', '/rest/api/3/myself'), '/wiki').length, 1);
  });

  it("also offers the hash that atlassian-jwt's url.parse makes of a `'` in the path", () => {
    const candidates = qshCandidates(parseRawUrl('GET', "/rest/api/3/user/properties/it's?accountId=1"), '');
    assert.deepEqual(candidates, [
      computeQsh(parseRawUrl('GET', "/rest/api/3/user/properties/it's?accountId=1")),
      computeQsh(parseRawUrl('GET', '/rest/api/3/user/properties/it%27s?accountId=1')),
    ]);
  });
});

// Any code point, spaces and `+` included; well-formed because a lone surrogate cannot travel in a URL.
const textArb = (maxLength: number) =>
  fc.string({ unit: 'binary', maxLength }).map((text) => text.toWellFormed());
const pairArb = fc.tuple(
  fc.oneof(fc.constantFrom('a', 'A', 'a1', 'a10', 'jwt', 'ids', ' +'), textArb(6)),
  textArb(8),
);

function buildRawUrl(pairs: readonly (readonly [string, string])[]): string {
  const query = pairs.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  return `/rest/api/3/user/search?${query.join('&')}`;
}

describe('qsh properties', () => {
  it('is the same whatever the parameter order', () => {
    fc.assert(
      fc.property(
        fc
          .array(pairArb, { maxLength: 8 })
          .chain((pairs) =>
            fc.tuple(fc.constant(pairs), fc.shuffledSubarray(pairs, { minLength: pairs.length })),
          ),
        ([pairs, shuffled]) => {
          const request: QshRequest = { method: 'GET', pathname: '/x', query: pairs };
          assert.equal(computeQsh(request), computeQsh({ ...request, query: shuffled }));
          assert.equal(
            computeQsh(parseRawUrl('GET', buildRawUrl(pairs))),
            computeQsh(parseRawUrl('GET', buildRawUrl(shuffled))),
          );
        },
      ),
    );
  });

  it('reads a raw query back to the pairs it was built from', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { maxLength: 8 }), (pairs) => {
        const request = parseRawUrl('GET', buildRawUrl(pairs));
        assert.equal(
          computeQsh(request),
          computeQsh({ method: 'GET', pathname: '/rest/api/3/user/search', query: pairs }),
        );
      }),
    );
  });

  it('never depends on the jwt parameter', () => {
    fc.assert(
      fc.property(fc.array(pairArb, { maxLength: 6 }), fc.string(), (pairs, token) => {
        const withToken = [...pairs, ['jwt', token] as const];
        assert.equal(
          computeQsh(parseRawUrl('GET', buildRawUrl(withToken))),
          computeQsh(parseRawUrl('GET', buildRawUrl(pairs))),
        );
      }),
    );
  });
});
