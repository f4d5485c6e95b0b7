import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  type ListeningVeil,
  signAppRequest,
  signImpersonationAssertion,
  type TestApp,
} from './connect-support.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

for (const backend of testBackends()) {
  describe(`an app asks who it is on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let actor: TestApp;
    let appAccountId: string;
    const validator = new SpecValidator();
    before(async () => {
      ({ veil, actor } = await startConnectTestbed(backend, {
        actor: { key: 'com.example.actor', scopes: ['READ', 'ACT_AS_USER'] },
      }));
      const apps = await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') });
      appAccountId = apps.json()[0].accountId;
    });
    after(() => veil.close());

    const asApp = (url: string, contextPath?: string) =>
      veil.request({
        url,
        headers: {
          authorization: `JWT ${signAppRequest(actor.credentials(), veil, 'GET', url, {
            iss: 'com.example.actor',
            ...(contextPath ? { contextPath } : {}),
          })}`,
        },
      });

    it('answers myself with the app user itself (accountType app), in v2 and v3, with both expansions', async () => {
      for (const version of ['2', '3']) {
        const url = `/rest/api/${version}/myself?expand=groups&expand=applicationRoles`;
        const response = await asApp(url);
        assert.equal(response.statusCode, 200, response.body);
        const me = response.json();
        assert.equal(me.accountId, appAccountId);
        assert.equal(me.accountType, 'app');
        assert.equal('emailAddress' in me, false, 'an app user has no email');
        assert.equal(typeof me.groups.size, 'number');
        assert.equal(typeof me.applicationRoles.size, 'number');
        assert.deepEqual(validator.validate('jira', 'GET', '/rest/api/3/myself', 200, me), []);
      }
      const wiki = await asApp('/wiki/rest/api/user/current', '/wiki');
      assert.equal(wiki.statusCode, 200, wiki.body);
      assert.equal(wiki.json().accountId, appAccountId);
      assert.equal(wiki.json().accountType, 'app');
    });

    it('answers myself with the person a bearer token acts for, never the app', async () => {
      const token = await veil.request({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: grantType,
          assertion: signImpersonationAssertion(actor, veil, demoIds.mia),
        }).toString(),
      });
      assert.equal(token.statusCode, 200, token.body);
      const me = await veil.request({
        url: '/rest/api/3/myself',
        headers: { authorization: `Bearer ${token.json().access_token}` },
      });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().accountId, demoIds.mia);
      assert.equal(me.json().accountType, 'atlassian');
    });

    it('shows the app its own user, as every caller sees it, wherever users are listed', async () => {
      const url = `/rest/api/3/user?accountId=${appAccountId}`;
      const byApp = await asApp(url);
      assert.equal(byApp.statusCode, 200, byApp.body);
      assert.equal(byApp.json().accountType, 'app');
      const byPerson = await veil.request({ url, as: demoPerson('mia') });
      assert.equal(byPerson.json().accountType, 'app');
    });

    it('keeps refusing anonymous callers', async () => {
      assert.equal((await veil.request({ url: '/rest/api/3/myself' })).statusCode, 401);
    });
  });
}
