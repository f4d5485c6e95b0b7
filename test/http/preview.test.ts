import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

for (const backend of testBackends()) {
  describe(`preview as another viewer on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const preview = (name: 'mia' | 'noah', viewer: string, site?: string) =>
      veil.request({
        url: `/veil/v1/me/preview?viewer=${viewer}${site ? `&site=${site}` : ''}`,
        as: demoPerson(name),
      });

    it('shows what someone in the organization sees, and the very JSON a colleague gets', async () => {
      const response = await preview('mia', 'organization');
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.viewer.label, 'Someone in your organization');
      assert.equal(body.account.location, 'Sydney', 'organization-only fields are shown');
      assert.equal(body.account.email, undefined, 'her email is for her only');
      assert.deepEqual(body.visibleFields.includes('email'), false);
      const colleague = await veil.request({
        url: `/rest/api/3/user?accountId=${demoIds.mia}`,
        as: demoPerson('ava'),
      });
      assert.deepEqual(body.tracker.user, colleague.json());
      assert.equal(body.tracker.request, `GET /rest/api/3/user?accountId=${demoIds.mia}`);
    });

    it('shows what Anyone sees the way a person outside the organization gets it', async () => {
      const body = (await preview('mia', 'anyone')).json();
      const outsider = await veil.request({
        url: `/rest/api/3/user?accountId=${demoIds.mia}`,
        as: demoPerson('noah'),
      });
      assert.deepEqual(body.tracker.user, outsider.json());
      assert.equal(body.account.location, undefined);
      assert.match(body.account.avatarUrl, /masked/);
    });

    it('shows a Connect app public fields only, and follows a change at once', async () => {
      const before = (await preview('mia', 'connect-app')).json();
      assert.equal(before.tracker.user.emailAddress, undefined);
      await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('mia'),
        body: { email: 'anyone' },
      });
      const after = (await preview('mia', 'connect-app')).json();
      assert.equal(after.tracker.user.emailAddress, 'mia@acme.test');
      assert.ok(after.visibleFields.includes('email'));
      await veil.request({
        method: 'PUT',
        url: '/veil/v1/me/visibility',
        as: demoPerson('mia'),
        body: { email: 'only-you' },
      });
    });

    it('shows an Email API app the email whatever its visibility, and the user API as any Connect app', async () => {
      const body = (await preview('mia', 'email-api-app')).json();
      assert.equal(body.account.email, 'mia@acme.test', 'her email is "only you", and still read');
      assert.ok(body.visibleFields.includes('email'));
      assert.equal(body.account.location, undefined, 'everything else as a Connect app');
      assert.equal(body.tracker.user.emailAddress, undefined, 'the user API hides it from every app');
      assert.deepEqual(body.tracker.user, (await preview('mia', 'connect-app')).json().tracker.user);
      assert.deepEqual(body.emailApi, {
        request: `GET /rest/api/3/user/email?accountId=${demoIds.mia}`,
        status: 200,
        body: { accountId: demoIds.mia, email: 'mia@acme.test' },
      });
      assert.equal((await preview('mia', 'connect-app')).json().emailApi, null);
    });

    it('shows an OAuth app the person consented to every field, in the API too', async () => {
      const body = (await preview('mia', 'oauth-app')).json();
      assert.equal(
        body.account.email,
        'mia@acme.test',
        'her email is "only you", and the app she consented to sees it',
      );
      assert.equal(body.account.location, 'Sydney');
      assert.equal(body.visibleFields.length, 8, 'every field');
      assert.equal(body.tracker.user.emailAddress, 'mia@acme.test');
      assert.equal(body.emailApi, null);
    });

    it('counts no read in the access log: the preview shows the person, it sends the app nothing', async () => {
      for (const viewer of ['connect-app', 'oauth-app', 'email-api-app']) {
        assert.equal((await preview('noah', viewer)).statusCode, 200);
      }
      const log = await veil.request({ url: '/veil/v1/me/access-log', as: demoPerson('noah') });
      assert.deepEqual(log.json(), { fieldReads: [], profileReads: [] });
    });

    it('offers "someone in your organization" to managed accounts only', async () => {
      const noah = await preview('noah', 'organization');
      assert.equal(noah.statusCode, 400);
      assert.equal(noah.json().code, 'visibility.organization_needs_managed_account');
      const kinds = (await preview('noah', 'anyone')).json().viewers.map((v: { kind: string }) => v.kind);
      assert.deepEqual(kinds, ['anyone', 'connect-app', 'oauth-app', 'email-api-app']);
    });

    it('renders for the site asked for, and refuses a site the person is not linked to or a made-up viewer', async () => {
      const globex = (await preview('noah', 'anyone', 'globex')).json();
      assert.match(globex.tracker.user.self, /^http:\/\/globex\.localhost:8080\//);
      const unlinked = await veil.request({
        url: '/veil/v1/me/preview?viewer=anyone&site=globex',
        as: demoPerson('pat'),
      });
      assert.equal(unlinked.statusCode, 404);
      const unknown = await preview('mia', 'self');
      assert.equal(unknown.statusCode, 400);
      assert.equal((await veil.request({ url: '/veil/v1/me/preview?viewer=anyone' })).statusCode, 401);
    });
  });
}
