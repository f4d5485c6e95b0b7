import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import atlassianJwt from 'atlassian-jwt';
import fc from 'fast-check';
import { encodeJwt, verifyJwt } from '../../src/apps/jwt.ts';
import { computeQsh, parseRawUrl, qshCandidates } from '../../src/apps/qsh.ts';
import type { ListeningVeil, TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const { SymmetricAlgorithm, AsymmetricAlgorithm } = atlassianJwt;

/** Claims as `atlassian-jwt` users sign a request to the product. */
function signWithAtlassianJwt(secret: string, method: string, url: string, nowMs: number, baseUrl?: string) {
  const iat = Math.floor(nowMs / 1000);
  const qsh = atlassianJwt.createQueryStringHash(atlassianJwt.fromMethodAndUrl(method, url), false, baseUrl);
  return atlassianJwt.encodeSymmetric(
    { iss: 'com.example.test-app', iat, exp: iat + 180, qsh },
    secret,
    SymmetricAlgorithm.HS256,
  );
}

const pathSegment = fc.stringMatching(/^[A-Za-z0-9._~!$'()*+,;=:@-]{1,12}$/);
const queryText = fc.string({ maxLength: 12 });
const requestArb = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  segments: fc.array(pathSegment, { minLength: 1, maxLength: 4 }),
  query: fc.array(fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/), queryText), { maxLength: 5 }),
});

describe('Veil and the atlassian-jwt library agree', () => {
  it('on the qsh of any request, with and without a context path', () => {
    fc.assert(
      fc.property(requestArb, fc.boolean(), ({ method, segments, query }, wiki) => {
        const params = new URLSearchParams(query);
        const path = `${wiki ? '/wiki' : ''}/${segments.join('/')}`;
        const url = params.size > 0 ? `${path}?${params.toString()}` : path;
        const baseUrl = wiki ? 'https://acme.example/wiki' : undefined;
        const theirs = atlassianJwt.createQueryStringHash(
          atlassianJwt.fromMethodAndUrl(method, url),
          false,
          baseUrl,
        );
        const request = parseRawUrl(method, url);
        // Veil accepts what the library signs, always (its url.parse escapes `'` in a path, as Node does)...
        assert.ok(qshCandidates(request, wiki ? '/wiki' : '').includes(theirs), url);
        // ...and signs what the library computes, for paths Node leaves as they are.
        if (!path.includes("'")) {
          assert.equal(computeQsh(request, baseUrl ? { contextPath: baseUrl } : {}), theirs, url);
        }
      }),
    );
  });

  it('on HS256 tokens, both ways', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ maxLength: 30 }),
        async (secret, subject) => {
          const claims = { iss: 'issuer', sub: subject, iat: 1_800_000_000, exp: 1_800_000_180, qsh: 'x' };
          const ours = await encodeJwt(claims, secret, { alg: 'HS256' });
          assert.deepEqual(atlassianJwt.decodeSymmetric(ours, secret, SymmetricAlgorithm.HS256), claims);
          const theirs = atlassianJwt.encodeSymmetric(claims, secret, SymmetricAlgorithm.HS256);
          const verified = await verifyJwt(theirs, {
            alg: 'HS256',
            secret,
            now: new Date(1_800_000_000_000),
          });
          assert.ok(verified.ok);
          assert.deepEqual(verified.claims, claims);
        },
      ),
      { numRuns: 50 },
    );
  });
});

for (const backend of testBackends()) {
  describe(`atlassian-jwt against a running Veil on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: { webhooks: [{ event: 'user_updated', url: '/webhooks/updated' }] },
      }));
    });
    after(() => veil.close());

    it('accepts the tokens atlassian-jwt makes, on the tracker and the wiki', async () => {
      const { sharedSecret } = app.credentials();
      const now = veil.clock.now().getTime();
      const tracker = `/rest/api/3/user/search?query=mia krystof&maxResults=5`.replace(' ', '%20');
      const wiki = `/wiki/rest/api/user?accountId=${demoIds.mia}`;
      for (const [url, baseUrl] of [
        [tracker, undefined],
        [wiki, 'http://127.0.0.1:8080/wiki'],
      ] as const) {
        const token = signWithAtlassianJwt(sharedSecret, 'GET', url, now, baseUrl);
        const response = await veil.request({ url, headers: { authorization: `JWT ${token}` } });
        assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
      }
      const forged = signWithAtlassianJwt('not-the-secret', 'GET', wiki, now, 'http://127.0.0.1:8080/wiki');
      assert.equal(
        (await veil.request({ url: wiki, headers: { authorization: `JWT ${forged}` } })).statusCode,
        401,
      );
    });

    it('verifies the signed install and a webhook as Veil sent them', async () => {
      const installed = app.received.find((c) => c.path === '/installed');
      assert.ok(installed);
      const kid = atlassianJwt.getKeyId(installed.token);
      const pem = await (await fetch(`${veil.url}/veil/v1/connect/install-keys/${kid}`)).text();
      const claims = atlassianJwt.decodeAsymmetric(installed.token, pem, AsymmetricAlgorithm.RS256);
      assert.equal(claims.iss, installed.body.clientKey);
      assert.deepEqual(claims.aud, [app.baseUrl]);
      const installQsh = atlassianJwt.createQueryStringHash(
        atlassianJwt.fromMethodAndUrl('POST', '/installed'),
        false,
        app.baseUrl,
      );
      assert.equal(claims.qsh, installQsh);

      await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: demoPerson('mia'),
        body: { jobTitle: 'CTO' },
      });
      await veil.app.jobs.runDue();
      const [webhook] = app.webhooks;
      assert.ok(webhook);
      const webhookClaims = atlassianJwt.decodeSymmetric(
        webhook.token,
        app.credentials().sharedSecret,
        SymmetricAlgorithm.HS256,
      );
      assert.equal(webhookClaims.iss, app.credentials().clientKey);
      assert.equal(webhookClaims.sub, demoIds.mia);
      const webhookQsh = atlassianJwt.createQueryStringHash(
        atlassianJwt.fromMethodAndUrl('POST', webhook.target),
        false,
        app.baseUrl,
      );
      assert.equal(webhookClaims.qsh, webhookQsh);
    });
  });
}
