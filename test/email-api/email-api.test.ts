import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ListeningVeil,
  signAppRequest,
  signImpersonationAssertion,
  type TestApp,
} from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const spec = new SpecValidator();
const { mia, noah, app: appAccount } = demoIds;

for (const backend of testBackends()) {
  describe(`the Email API on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let mailer: TestApp;
    let plain: TestApp;
    before(async () => {
      ({ veil, mailer, plain } = await startConnectTestbed(backend, {
        mailer: { key: 'com.example.mailer', scopes: ['READ', 'ACCESS_EMAIL_ADDRESSES', 'ACT_AS_USER'] },
        plain: { key: 'com.example.plain', scopes: ['READ'] },
      }));
    });
    after(() => veil.close());

    const asApp = (who: TestApp, url: string) =>
      veil.request({
        url,
        headers: {
          authorization: `JWT ${signAppRequest(who.credentials(), veil, 'GET', url, { iss: who === mailer ? 'com.example.mailer' : 'com.example.plain' })}`,
        },
      });
    const apply = (as: Parameters<typeof demoPerson>[0], appKey = 'com.example.mailer') =>
      veil.request({
        method: 'PUT',
        url: `/veil/v1/apps/${appKey}/email-api`,
        as: demoPerson(as),
        body: { useCases: ['Send people the reports they subscribed to'] },
      });
    const decide = (as: Parameters<typeof demoPerson>[0], status: 'approved' | 'rejected') =>
      veil.request({
        method: 'POST',
        url: '/veil/v1/apps/com.example.mailer/email-api/decision',
        as: demoPerson(as),
        body: { status, reason: 'Reviewed' },
      });
    const reads = () => veil.store.db.selectFrom('field_reads').selectAll().orderBy('read_id').execute();

    it('shows an application only to admins of a site the app is installed on, and platform admins', async () => {
      const read = (as?: { email: string; token: string }, appKey = 'com.example.mailer') =>
        veil.request({ url: `/veil/v1/apps/${appKey}/email-api`, ...(as ? { as } : {}) });
      assert.equal((await apply('olivia')).statusCode, 200, 'an installing admin applies');
      for (const name of ['olivia', 'pat'] as const) {
        const standing = await read(demoPerson(name));
        assert.equal(standing.statusCode, 200, name);
        assert.deepEqual(standing.json().useCases, ['Send people the reports they subscribed to']);
      }
      for (const name of ['mia', 'noah', 'sofia'] as const) {
        const refused = await read(demoPerson(name));
        assert.equal(refused.statusCode, 403, `${name} administers no site the app is on`);
        assert.ok(!refused.body.includes('reports they subscribed'));
      }
      const customer = { email: 'cu@example.org', token: 'demo-token-customer' };
      assert.equal((await read(customer)).statusCode, 403, 'a service-desk customer');
      assert.equal((await read()).statusCode, 401);
      assert.equal((await read(demoPerson('mia'), 'com.example.unknown')).statusCode, 404);
    });

    it('refuses an app that is not approved with the documented 400, in each API’s own body', async () => {
      const tracker = await asApp(mailer, `/rest/api/3/user/email?accountId=${mia}`);
      assert.equal(tracker.statusCode, 400);
      assert.match(tracker.json().errorMessages[0], /not approved to use the Email API/);
      const wiki = await asApp(mailer, `/wiki/rest/api/user/email?accountId=${mia}`);
      assert.equal(wiki.statusCode, 400);
      assert.equal(wiki.json().statusCode, 400);
      assert.deepEqual(await reads(), []);
    });

    it('takes an application from an admin of a site the app is on, with the scope it needs', async () => {
      assert.equal((await apply('mia')).statusCode, 403);
      const noScope = await apply('olivia', 'com.example.plain');
      assert.equal(noScope.statusCode, 400);
      assert.equal(noScope.json().code, 'email_api.scope_missing');
      assert.equal((await apply('olivia', 'com.example.unknown')).statusCode, 404);
      const applied = await apply('olivia');
      assert.equal(applied.statusCode, 200, applied.body);
      assert.equal(applied.json().status, 'pending');
      assert.deepEqual(applied.json().useCases, ['Send people the reports they subscribed to']);
      assert.equal(applied.json().appliedBy, demoIds.olivia);
      assert.equal(
        (await asApp(mailer, `/rest/api/3/user/email?accountId=${mia}`)).statusCode,
        400,
        'pending',
      );
    });

    it('lets only a platform admin decide', async () => {
      assert.equal((await decide('olivia', 'approved')).statusCode, 403);
      const pending = await veil.request({
        url: '/veil/v1/email-api/applications?status=pending',
        as: demoPerson('pat'),
      });
      assert.deepEqual(
        pending.json().map((a: { appKey: string }) => a.appKey),
        ['com.example.mailer'],
      );
      const approved = await decide('pat', 'approved');
      assert.equal(approved.statusCode, 200, approved.body);
      assert.equal(approved.json().status, 'approved');
      assert.equal(approved.json().decidedBy, demoIds.pat);
      assert.equal((await apply('olivia')).statusCode, 409, 'already approved');
    });

    it('gives an approved app an email whatever its visibility, and records the read first', async () => {
      const url = `/rest/api/3/user/email?accountId=${mia}`;
      const read = await asApp(mailer, url);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), { accountId: mia, email: 'mia@acme.test' });
      assert.deepEqual(spec.validate('jira', 'GET', '/rest/api/3/user/email', 200, read.json()), []);
      const [record] = await reads();
      assert.deepEqual(
        { ...record, read_id: undefined },
        {
          read_id: undefined,
          account_id: mia,
          reader_kind: 'app',
          reader_id: 'com.example.mailer',
          site_id: 'acme',
          field: 'email',
          read_at: veil.clock.now(),
        },
      );
      // Everywhere else the app is a plain app viewer: Mia keeps her email to herself.
      const user = await asApp(mailer, `/rest/api/3/user?accountId=${mia}`);
      assert.equal('emailAddress' in user.json(), false);
      const wiki = await asApp(mailer, `/wiki/rest/api/user/email?accountId=${mia}`);
      assert.deepEqual(
        spec.validate('confluence1', 'GET', '/wiki/rest/api/user/email', 200, wiki.json()),
        [],
      );
    });

    it('reads in bulk, leaving out accounts without an email or not on the site', async () => {
      const before = (await reads()).length;
      const created = await createAccountThroughApi(veil, {
        email: 'elsewhere@example.net',
        fullName: 'Not Here',
      });
      const elsewhere = created.json().accountId;
      const tracker = await asApp(
        mailer,
        `/rest/api/2/user/email/bulk?accountId=${mia}&accountId=${noah},${appAccount}&accountId=${elsewhere}`,
      );
      assert.equal(tracker.statusCode, 200, tracker.body);
      assert.deepEqual(tracker.json(), [
        { accountId: mia, email: 'mia@acme.test' },
        { accountId: noah, email: 'noah@example.com' },
      ]);
      const wiki = await asApp(mailer, `/wiki/rest/api/user/email/bulk?accountId=${noah}`);
      assert.deepEqual(
        spec.validate('confluence1', 'GET', '/wiki/rest/api/user/email/bulk', 200, wiki.json()),
        [],
      );
      assert.equal((await reads()).length, before + 3, 'one record per email read');
    });

    it('answers bad input with the API’s own errors, and records nothing', async () => {
      const before = (await reads()).length;
      assert.equal(
        (await asApp(mailer, '/rest/api/3/user/email?accountId=ffffffffffffffffffffffff')).statusCode,
        404,
      );
      assert.equal(
        (await asApp(mailer, `/rest/api/3/user/email?accountId=${appAccount}`)).statusCode,
        404,
        'an app has no email',
      );
      assert.equal((await asApp(mailer, '/rest/api/3/user/email')).statusCode, 400);
      assert.equal((await asApp(mailer, '/rest/api/3/user/email?accountId=not%20an%20id')).statusCode, 400);
      assert.equal((await asApp(mailer, '/rest/api/3/user/email/bulk')).statusCode, 400);
      assert.equal(
        (await asApp(plain, `/rest/api/3/user/email?accountId=${mia}`)).statusCode,
        403,
        'no ACCESS_EMAIL_ADDRESSES',
      );
      const person = await veil.request({
        url: `/rest/api/3/user/email?accountId=${mia}`,
        as: demoPerson('olivia'),
      });
      assert.equal(person.statusCode, 401);
      assert.equal((await reads()).length, before);
    });

    it('is not for an app acting for a person', async () => {
      const assertion = signImpersonationAssertion(mailer, veil, mia);
      const token = await veil.request({
        method: 'POST',
        url: '/oauth2/token',
        body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      });
      const refused = await veil.request({
        url: `/rest/api/3/user/email?accountId=${noah}`,
        headers: { authorization: `Bearer ${token.json().access_token}` },
      });
      assert.equal(refused.statusCode, 401);
    });

    it('stops once the approval is revoked', async () => {
      assert.equal((await decide('pat', 'rejected')).statusCode, 200);
      assert.equal((await asApp(mailer, `/rest/api/3/user/email?accountId=${mia}`)).statusCode, 400);
      const standing = await veil.request({
        url: '/veil/v1/apps/com.example.mailer/email-api',
        as: demoPerson('olivia'),
      });
      assert.equal(standing.json().status, 'rejected');
      assert.equal(standing.json().reason, 'Reviewed');
    });
  });
}
