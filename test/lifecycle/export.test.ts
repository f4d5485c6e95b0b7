import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AppCredentials,
  type ListeningVeil,
  signAppRequest,
  type TestApp,
} from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const pat = demoPerson('pat');

/** What identifies the other demo people: their accountIds, emails and full names. */
const others = Object.entries(demoIds)
  .filter(([name]) => name !== 'mia')
  .map(([, id]) => id);
const otherValues = [
  'pat@veil.test',
  'noah@example.com',
  'ava@acme.test',
  'liam@acme.test',
  'olivia@acme.test',
  'sofia@globex.test',
  'Noah Brenner',
  'Ava Lindqvist',
  'Liam Okafor',
  'Olivia Chen',
  'Sofia Marquez',
  'Pat Platform',
];

for (const backend of testBackends()) {
  describe(`a person's own view of their data on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let credentials: AppCredentials;
    let mailer: TestApp;
    before(async () => {
      ({ veil, app, mailer } = await startConnectTestbed(
        backend,
        {
          app: { webhooks: [{ event: 'user_updated', url: '/webhooks/updated' }] },
          mailer: { key: 'com.example.mailer', scopes: ['READ', 'ACCESS_EMAIL_ADDRESSES'] },
        },
        { config: { movableClock: true } },
      ));
      credentials = app.credentials();
      const applied = await veil.request({
        method: 'PUT',
        url: '/veil/v1/apps/com.example.mailer/email-api',
        as: demoPerson('olivia'),
        body: { useCases: ['Send security alerts'] },
      });
      assert.equal(applied.statusCode, 200, applied.body);
      const approved = await veil.request({
        method: 'POST',
        url: '/veil/v1/apps/com.example.mailer/email-api/decision',
        as: pat,
        body: { status: 'approved', reason: 'Reviewed' },
      });
      assert.equal(approved.statusCode, 200, approved.body);
    });
    after(() => veil.close());

    const asApp = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      veil.request({
        method,
        url,
        headers: { authorization: `JWT ${signAppRequest(credentials, veil, method, url)}` },
        ...(body !== undefined ? { body } : {}),
      });

    it('counts, per app and day, how often apps are shown a profile, and only that profile', async () => {
      for (let i = 0; i < 3; i++) {
        const read = await asApp('GET', `/rest/api/3/user?accountId=${demoIds.mia}`);
        assert.equal(read.statusCode, 200, read.body);
      }
      assert.equal((await asApp('GET', `/wiki/rest/api/user?accountId=${demoIds.noah}`)).statusCode, 200);
      const searched = await asApp('GET', '/rest/api/3/user/search?query=n');
      assert.equal(searched.statusCode, 200);
      const shown = (searched.json() as { accountId: string }[]).map((u) => u.accountId);
      assert.ok(!shown.includes(demoIds.mia), 'a search that does not show Mia does not count for her');
      await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.mia}`, as: pat });

      const log = await veil.request({ url: '/veil/v1/me/access-log', as: mia });
      assert.equal(log.statusCode, 200, log.body);
      assert.deepEqual(log.json().profileReads, [
        { appKey: 'com.example.test-app', appName: 'Test App', day: '2026-11-22', reads: 3 },
      ]);
      const noahLog = (await veil.request({ url: '/veil/v1/me/access-log', as: demoPerson('noah') })).json();
      const noahReads = noahLog.profileReads.reduce(
        (sum: number, row: { reads: number }) => sum + row.reads,
        0,
      );
      assert.equal(
        noahReads,
        shown.includes(demoIds.noah) ? 2 : 1,
        'the wiki read, and the search if it showed him',
      );
    });

    it('shows every Email API read of the email, by which app, and nobody else’s', async () => {
      const asMailer = (url: string) =>
        veil.request({
          url,
          headers: {
            authorization: `JWT ${signAppRequest(mailer.credentials(), veil, 'GET', url, { iss: 'com.example.mailer' })}`,
          },
        });
      for (const url of [
        `/rest/api/3/user/email?accountId=${demoIds.mia}`,
        `/rest/api/2/user/email/bulk?accountId=${demoIds.mia}&accountId=${demoIds.noah}`,
        `/wiki/rest/api/user/email?accountId=${demoIds.mia}`,
      ]) {
        const read = await asMailer(url);
        assert.equal(read.statusCode, 200, `${url}: ${read.body}`);
        assert.ok(read.body.includes('mia@acme.test'));
      }
      const log = (await veil.request({ url: '/veil/v1/me/access-log', as: mia })).json();
      assert.equal(log.fieldReads.length, 3, 'one entry per read of her email');
      for (const entry of log.fieldReads) {
        assert.deepEqual(entry.reader, { kind: 'app', id: 'com.example.mailer', name: 'Test App' });
        assert.equal(entry.field, 'email');
        assert.equal(entry.siteId, 'acme');
        assert.equal(entry.readAt, '2026-11-22T12:00:00.000Z');
      }
      const noahLog = (await veil.request({ url: '/veil/v1/me/access-log', as: demoPerson('noah') })).json();
      assert.equal(noahLog.fieldReads.length, 1, 'the bulk read of his email, not hers');
      assert.equal((await veil.request({ url: '/veil/v1/me/access-log' })).statusCode, 401);
    });

    it('counts a webhook that carried the profile to an app as a read of it', async () => {
      const changed = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: mia,
        body: { jobTitle: 'Staff engineer' },
      });
      assert.equal(changed.statusCode, 200);
      await veil.app.jobs.runDue();
      assert.equal(app.webhooks.filter((w) => w.answered === 204).length, 1, 'delivered');
      const log = (await veil.request({ url: '/veil/v1/me/access-log', as: mia })).json();
      assert.equal(log.profileReads[0].reads, 4, 'three API reads and one webhook');
    });

    it('lists the apps that reported storing your data within the cycle', async () => {
      const url = '/rest/atlassian-connect/latest/report-accounts';
      const reported = await asApp('POST', url, {
        accounts: [{ accountId: demoIds.mia, updatedAt: veil.clock.now().toISOString() }],
      });
      assert.equal(reported.statusCode, 204, reported.body);
      const apps = await veil.request({ url: '/veil/v1/me/apps', as: mia });
      assert.equal(apps.statusCode, 200, apps.body);
      assert.equal(apps.json().cyclePeriod, 'P15D');
      assert.deepEqual(
        apps.json().apps.map((a: { appKey: string; name: string }) => [a.appKey, a.name]),
        [['com.example.test-app', 'Test App']],
      );
      const noah = await veil.request({ url: '/veil/v1/me/apps', as: demoPerson('noah') });
      assert.deepEqual(noah.json().apps, [], 'nobody reported Noah');
    });

    it("exports everything held about the person, and nobody else's data", async () => {
      const response = await veil.request({ url: '/veil/v1/me/export', as: mia });
      assert.equal(response.statusCode, 200, response.body);
      assert.match(String(response.headers['content-disposition']), /^attachment; filename="veil-export-/);
      const data = response.json();
      assert.equal(data.account.accountId, demoIds.mia);
      assert.deepEqual(data.account.managedBy, { organizationId: 'acme', name: 'Acme' });
      assert.equal(data.profile.email, 'mia@acme.test');
      assert.equal(data.profile.fullName, 'Mia Krystof');
      assert.equal(data.profile.location, 'Sydney');
      assert.equal(data.profile.jobTitle, 'Staff engineer');
      assert.equal(data.visibility.email.visibility, 'only-you');
      assert.deepEqual(
        data.sites.map((s: { siteId: string; groups: string[] }) => [s.siteId, s.groups]),
        [
          ['acme', ['confluence-users', 'developers', 'jira-users']],
          ['globex', ['partners']],
        ],
      );
      assert.equal(data.apiTokens.length, 1);
      assert.deepEqual(Object.keys(data.apiTokens[0]).sort(), ['createdAt', 'id', 'label', 'lastUsedAt']);
      assert.ok(!response.body.includes('demo-token-mia'), 'no secret, only metadata');
      assert.deepEqual(
        data.appsHoldingYourData.map((a: { appKey: string }) => a.appKey),
        ['com.example.test-app'],
      );
      assert.equal(data.accessLog.profileReads[0].reads, 4);
      assert.equal(data.accessLog.fieldReads.length, 3, 'the Email API reads of her email');
      assert.equal(data.deletion, null);
      const keys = (list: { key: string }[]) => list.map((i) => i.key);
      assert.deepEqual(keys(data.issues.reported), ['ACME-1', 'ACME-11']);
      assert.deepEqual(keys(data.issues.assigned), ['ACME-4', 'ACME-6']);
      assert.deepEqual(Object.keys(data.issues.reported[0]).sort(), ['issueId', 'key', 'siteId', 'summary']);
      const noah = (await veil.request({ url: '/veil/v1/me/export', as: demoPerson('noah') })).json();
      assert.deepEqual(keys(noah.issues.commented), ['ACME-1']);
      assert.deepEqual(keys(noah.issues.loggedWorkOn), ['ACME-1']);
      for (const value of [...others, ...otherValues])
        assert.ok(!response.body.includes(value), `the export holds nothing of anyone else (${value})`);
    });

    it('stays open while a deletion waits, and is for signed-in people only', async () => {
      assert.equal((await veil.request({ url: '/veil/v1/me/export' })).statusCode, 401);
      const requested = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: mia });
      assert.equal(requested.statusCode, 202);
      const response = await veil.request({ url: '/veil/v1/me/export', as: mia });
      assert.equal(response.statusCode, 200, 'take your data with you before it goes');
      assert.equal(response.json().deletion.status, 'pending');
      assert.equal(response.json().account.status, 'deletion-requested');
      assert.equal((await veil.request({ url: '/veil/v1/me/access-log', as: mia })).statusCode, 401);
    });
  });
}
