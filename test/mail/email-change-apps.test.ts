import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ListeningVeil, signImpersonationAssertion, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds } from '../support/test-veil.ts';

for (const backend of testBackends()) {
  describe(`an app acting for a person, and email addresses, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: { key: 'com.example.mailer', scopes: ['READ', 'WRITE', 'ACT_AS_USER'] },
      }));
    });
    after(() => veil?.close());

    const bearerFor = async (accountId: string) => {
      const response = await veil.request({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
          assertion: signImpersonationAssertion(app, veil, accountId),
        }).toString(),
      });
      assert.equal(response.statusCode, 200, response.body);
      return { authorization: `Bearer ${response.json().access_token}` };
    };

    // The management API refuses Connect apps altogether (impersonating or not); this keeps it so for emails.
    it('cannot ask for a new address for the person, nor set one as their admin', async () => {
      const asNoah = await bearerFor(demoIds.noah);
      const change = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        headers: asNoah,
        body: { email: 'noah@app-controlled.test' },
      });
      assert.equal(change.statusCode, 403, change.body);
      assert.equal(change.json().code, 'auth.forbidden');
      const asPat = await bearerFor(demoIds.pat);
      const set = await veil.request({
        method: 'PUT',
        url: `/veil/v1/accounts/${demoIds.mia}/email`,
        headers: asPat,
        body: { email: 'mia@app-controlled.test' },
      });
      assert.equal(set.statusCode, 403, set.body);
      const mail = await veil.store.db.selectFrom('mail_messages').select('to_address').execute();
      assert.deepEqual(mail, [], 'no mail was written');
    });
  });
}
