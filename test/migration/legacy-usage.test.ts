import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/app.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import { createConfig } from '../../src/config/config.ts';
import { loadScenario } from '../../src/scenarios/scenario.loader.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';

const { mia } = migrationIds;
const host = 'legacy.localhost';

interface ClientUsage {
  kind: string;
  id: string;
  accountId: string | null;
  calls: number;
  refusedCalls: number;
  operations: { operation: string; calls: number; refusedCalls: number }[];
}

for (const backend of testBackends()) {
  describe(`legacy usage per client on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let legacyApp: TestApp;
    let optedInApp: TestApp;
    before(async () => {
      const install = { siteId: 'legacy', as: migrationPerson('olivia') };
      ({ veil, legacyApp, optedInApp } = await startConnectTestbed(
        backend,
        {
          legacyApp: { key: 'com.example.legacy-jwt', gdpr: false, install },
          optedInApp: { key: 'com.example.opted-in', install },
        },
        { scenario: await readMigrationScenario() },
      ));
    });
    after(() => veil.close());

    const asMia = (url: string, headers: Record<string, string> = {}) =>
      veil.request({ url, as: migrationPerson('mia'), headers: { host, ...headers } });
    const asApp = (app: TestApp, key: string, url: string) =>
      veil.request({
        url,
        headers: {
          host,
          authorization: `JWT ${signAppRequest(app.credentials('http://legacy.localhost:8080'), veil, 'GET', url, { iss: key })}`,
        },
      });
    const usage = async () => {
      const response = await veil.request({
        url: '/veil/v1/sites/legacy/legacy-usage',
        as: migrationPerson('olivia'),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };

    it('counts each client that still names users by username or key, accepted or refused', async () => {
      assert.equal((await asMia('/rest/api/3/user?username=mia')).statusCode, 200);
      assert.equal((await asMia('/rest/api/2/user?username=liam')).statusCode, 200);
      assert.equal((await asMia('/rest/api/3/user/search?username=li')).statusCode, 200);
      const refused = await asMia('/rest/api/3/user?username=mia', {
        'x-atlassian-force-account-id': 'true',
      });
      assert.equal(refused.statusCode, 400);
      assert.equal((await asMia(`/rest/api/3/user?accountId=${mia}`)).statusCode, 200, 'not legacy use');
      const session = await veil.request({
        method: 'POST',
        url: '/rest/auth/1/session',
        headers: { host },
        body: { username: 'noah@example.com', password: 'migration-token-noah' },
      });
      const cookie = String(session.headers['set-cookie']).split(';')[0] ?? '';
      const bySession = await veil.request({ url: '/rest/api/3/user?key=mia', headers: { host, cookie } });
      assert.equal(bySession.statusCode, 200, bySession.body);

      const legacy = await asApp(legacyApp, 'com.example.legacy-jwt', '/rest/api/3/user?username=mia');
      assert.equal(legacy.statusCode, 200, legacy.body);
      assert.equal(legacy.json().name, 'mia', 'an app that did not opt in gets the legacy fields');
      const opted = await asApp(optedInApp, 'com.example.opted-in', '/rest/api/3/user?username=mia');
      assert.equal(opted.statusCode, 400, 'an app whose descriptor opts in gets the GDPR behaviour');
      assert.equal(opted.headers['x-ausername'], undefined);

      const report = await usage();
      assert.deepEqual(
        [report.siteId, report.stageNow, report.calls, report.refusedCalls],
        ['legacy', 'legacy', 7, 2],
      );
      const clients = report.clients as ClientUsage[];
      const token = clients.find((c) => c.kind === 'api-token');
      assert.deepEqual([token?.accountId, token?.calls, token?.refusedCalls], [mia, 4, 1]);
      assert.deepEqual(token?.operations, [
        { operation: 'GET /rest/api/3/user', calls: 2, refusedCalls: 1 },
        { operation: 'GET /rest/api/2/user', calls: 1, refusedCalls: 0 },
        { operation: 'GET /rest/api/3/user/search', calls: 1, refusedCalls: 0 },
      ]);
      assert.deepEqual(
        clients.filter((c) => c.kind !== 'api-token').map((c) => [c.kind, c.id, c.calls, c.refusedCalls]),
        [
          ['app', 'com.example.legacy-jwt', 1, 0],
          ['app', 'com.example.opted-in', 1, 1],
          ['session', migrationIds.noah, 1, 0],
        ],
      );
    });

    it('is for site admins only', async () => {
      const response = await veil.request({
        url: '/veil/v1/sites/legacy/legacy-usage',
        as: migrationPerson('mia'),
      });
      assert.equal(response.statusCode, 403);
    });
  });

  describe(`legacy usage across a restart on ${backend.name}`, () => {
    it('loses no count on a clean shutdown', async () => {
      const store = await backend.open();
      try {
        const clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
        await loadScenario(store.db, clock, await readMigrationScenario());
        const open = () => createApp({ config: createConfig(), db: store.db, clock, listen: store.listen });
        const first = await open();
        for (let i = 0; i < 3; i++) {
          await first.inject({
            url: '/rest/api/3/user?username=mia',
            headers: {
              host,
              authorization: `Basic ${Buffer.from('mia@acme.test:migration-token-mia').toString('base64')}`,
            },
          });
        }
        // Counted in memory only so far; closing writes them.
        await first.close();
        const second = await open();
        const report = await second.inject({
          url: '/veil/v1/sites/legacy/legacy-usage',
          headers: {
            authorization: `Basic ${Buffer.from('olivia@acme.test:migration-token-olivia').toString('base64')}`,
          },
        });
        assert.equal(report.json().calls, 3, report.body);
        await second.close();
      } finally {
        await store.close();
      }
    });
  });
}
