import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { rateLimitDefaults } from '../../src/config/config.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import { type ListeningVeil, startListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { postToken, testClient } from './oauth-support.ts';

const strictFailures = { ...rateLimitDefaults, authFailuresPerAddress: { max: 3, windowMs: 60_000 } };

for (const backend of testBackends()) {
  describe(`wrong client secrets at /oauth/token on ${backend.name}`, () => {
    let veil: ListeningVeil;
    before(async () => {
      const { scenario } = await readScenarioFile(demoScenarioPath);
      veil = await startListeningVeil(backend, {
        scenario: { ...scenario, oauthApps: [{ ...testClient, scopes: [...testClient.scopes] }] },
        config: { rateLimits: strictFailures },
      });
    });
    after(() => veil.close());

    it('are counted, and then refused with 429 in the OAuth error shape before any secret is checked', async () => {
      const attempt = (secret: string) =>
        postToken(veil, {
          grant_type: 'refresh_token',
          client_id: testClient.clientId,
          client_secret: secret,
          refresh_token: 'veil3lo_rt_unknown',
        });
      for (let i = 0; i < 3; i++) {
        const wrong = await attempt(`wrong-secret-${i}`);
        assert.equal(wrong.status, 401);
        assert.equal(wrong.body.error, 'invalid_client');
      }
      const locked = await attempt(testClient.clientSecret);
      assert.equal(locked.status, 429, JSON.stringify(locked.body));
      assert.equal(locked.body.error, 'too_many_requests');
      assert.equal(typeof locked.body.error_description, 'string');
    });
  });
}
