import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseScenario } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { testBackends } from '../support/backends.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const admin = { email: 'root@example.net', token: 'root-token-1234' };

const scenario: Scenario = {
  platformAdmins: ['aaaaaaaaaaaaaaaaaaaaaa01'],
  sites: [
    { id: 'one', baseUrl: 'http://127.0.0.1:8080', products: ['jira', 'confluence'], groups: ['team'] },
  ],
  accounts: [
    {
      accountId: 'aaaaaaaaaaaaaaaaaaaaaa01',
      type: 'atlassian',
      email: 'root@example.net',
      fullName: 'Root Admin',
      sites: { one: { products: ['jira'] } },
      apiTokens: ['root-token-1234'],
    },
    {
      accountId: 'aaaaaaaaaaaaaaaaaaaaaa02',
      type: 'atlassian',
      status: 'deletion-requested',
      email: 'leaving@example.net',
      fullName: 'Lea Leaving',
      sites: { one: { products: ['jira'], groups: ['team'] } },
    },
    {
      accountId: 'aaaaaaaaaaaaaaaaaaaaaa03',
      type: 'atlassian',
      status: 'deleted',
      email: 'gone@example.net',
      fullName: 'Gordon Gone',
      jobTitle: 'Ghost writer',
      sites: { one: { products: ['jira', 'confluence'], groups: ['team'], username: 'ggone' } },
    },
  ],
};

for (const backend of testBackends()) {
  describe(`scenario accounts waiting for deletion, or deleted, on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, scenario);
    });
    after(() => veil.close());

    it('loads a deleted account as a former user, erased with its proof', async () => {
      const user = await veil.request({
        url: '/rest/api/3/user?accountId=aaaaaaaaaaaaaaaaaaaaaa03&expand=groups',
        as: admin,
      });
      assert.equal(user.statusCode, 200, user.body);
      assert.equal(user.json().displayName, 'Former user');
      assert.equal(user.json().active, false);
      assert.deepEqual(user.json().groups, { size: 0, items: [] });
      const wiki = await veil.request({
        url: '/wiki/rest/api/user?accountId=aaaaaaaaaaaaaaaaaaaaaa03',
        as: admin,
      });
      assert.equal(wiki.json().publicName, 'unknown');
      const report = await veil.request({
        url: '/veil/v1/accounts/aaaaaaaaaaaaaaaaaaaaaa03/erasure-report',
        as: admin,
      });
      assert.equal(report.statusCode, 200, report.body);
      assert.deepEqual(report.json().requestedBy, { role: 'scenario', accountId: null });
      assert.equal(report.json().clean, true, JSON.stringify(report.json().scan));
      assert.ok(!report.body.includes('Gordon'));
    });

    it('loads an account waiting for deletion: inactive, its data kept, due after the grace period', async () => {
      const user = await veil.request({
        url: '/rest/api/3/user?accountId=aaaaaaaaaaaaaaaaaaaaaa02',
        as: admin,
      });
      assert.equal(user.json().displayName, 'Lea Leaving');
      assert.equal(user.json().active, false);
      const deletion = await veil.request({
        url: '/veil/v1/accounts/aaaaaaaaaaaaaaaaaaaaaa02/deletion',
        as: admin,
      });
      assert.equal(deletion.json().status, 'pending');
      assert.equal(deletion.json().eraseAt, '2026-12-06T12:00:00.000Z');
      veil.clock.advance(14 * 86_400_000);
      await veil.app.jobs.runDue();
      const erased = await veil.request({
        url: '/rest/api/3/user?accountId=aaaaaaaaaaaaaaaaaaaaaa02',
        as: admin,
      });
      assert.equal(erased.json().displayName, 'Former user');
    });

    it("refuses a scenario that deletes an app's account", () => {
      const text = JSON.stringify({
        accounts: [{ type: 'app', appKey: 'com.example.x', fullName: 'X', status: 'deleted' }],
      });
      assert.throws(
        () => parseScenario(text),
        (error: Error & { details?: { path: string }[] }) =>
          error.details?.some((d) => d.path === '$.accounts[0].status') === true,
      );
    });
  });
}
