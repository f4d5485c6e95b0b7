import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { scopeSetsFor, scopesAllow } from '../../src/oauth/gateway-scopes.ts';
import { testBackends } from '../support/backends.ts';
import { deriveGatewayScopes, routesOfDocument } from '../support/gateway-scopes.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

describe('the scopes of the API gateway', () => {
  let veil: TestVeil;
  before(async () => {
    const [pglite] = testBackends();
    if (!pglite) throw new Error('no PGlite backend');
    veil = await startTestVeil(pglite, null);
  });
  after(() => veil.close());

  it('are the official specs own, for every operation Veil serves (scripts/derive-gateway-scopes.ts)', () => {
    const committed = JSON.parse(
      readFileSync(new URL('../../src/oauth/gateway-scopes.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(committed, deriveGatewayScopes(routesOfDocument(veil.app.swagger())));
  });

  it('let the classic set or the whole granular set call an operation, and nothing less', () => {
    assert.ok(scopesAllow(['read:jira-user'], 'GET', '/rest/api/3/myself'));
    assert.ok(scopesAllow(['read:jira-user'], 'GET', '/rest/api/2/user'));
    const granular = ['read:application-role:jira', 'read:group:jira', 'read:user:jira', 'read:avatar:jira'];
    assert.ok(scopesAllow(granular, 'GET', '/rest/api/3/myself'));
    assert.equal(scopesAllow(granular.slice(1), 'GET', '/rest/api/3/myself'), false);
    assert.equal(scopesAllow(['read:jira-work'], 'GET', '/rest/api/3/myself'), false);
    assert.ok(scopesAllow(['write:jira-work'], 'POST', '/rest/api/2/issue/:issueIdOrKey/comment'));
    assert.equal(scopesAllow(['read:jira-work'], 'POST', '/rest/api/2/issue/:issueIdOrKey/comment'), false);
    assert.ok(scopesAllow(['read:confluence-user'], 'GET', '/wiki/rest/api/user/current'));
    assert.ok(scopesAllow(['read:email-address:jira'], 'GET', '/rest/api/3/user/email'));
    assert.deepEqual(scopeSetsFor('GET', '/rest/auth/1/session'), [], 'sessions are not for apps');
  });
});
