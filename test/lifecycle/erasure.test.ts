import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Clock } from '../../src/clock/clock.ts';
import type { NotifiedApp } from '../../src/erasure/erasure.model.ts';
import { notifyAppsOfErasure } from '../../src/erasure/erasure.notify.ts';
import { erasurePolicies } from '../../src/erasure/erasure.policy.ts';
import { buildSearchPattern, listCatalogue } from '../../src/erasure/erasure.scan.ts';
import type { ListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const pat = demoPerson('pat');

describe('the search pattern of the erasure scan', () => {
  it('escapes every special character and keeps names to whole words', () => {
    const pattern = buildSearchPattern([
      { value: 'a.b+c@example.com', wholeWords: false },
      { value: 'Zoë (Z) Ng', wholeWords: true },
      { value: 'Al', wholeWords: true },
    ]);
    assert.equal(
      pattern,
      '(?:a\\.b\\+c@example\\.com|\\mZoë \\(Z\\) Ng\\M)',
      'too short a value is left out',
    );
    assert.equal(buildSearchPattern([{ value: 'Jo', wholeWords: true }]), null);
  });
});

for (const backend of testBackends()) {
  describe(`the erasure and its proof on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it('has an erasure policy for every table in the database, and none for a table that is not', async () => {
      const tables = [...(await listCatalogue(veil.store.db)).keys()];
      assert.deepEqual(
        tables.filter((table) => !(table in erasurePolicies)),
        [],
        'every table says what erasing a person does to it (src/erasure/erasure.policy.ts)',
      );
      assert.deepEqual(
        Object.keys(erasurePolicies).filter((table) => !tables.includes(table)),
        [],
        'no policy for a table that does not exist',
      );
    });

    it('reports where an erased value was left behind, without the value', async () => {
      const group = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/groups',
        as: pat,
        body: { name: 'Fans of Noah Brenner' },
      });
      assert.equal(group.statusCode, 201, group.body);
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.noah}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: demoIds.noah },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({ url: `/veil/v1/accounts/${demoIds.noah}/erasure-report`, as: pat });
      assert.equal(proof.statusCode, 200, proof.body);
      const report = proof.json();
      assert.equal(report.clean, false);
      // The group's name is the site's, and so is the audit record of its creation, which names it.
      assert.deepEqual(report.scan.matches, [
        { table: 'audit_records', column: 'object_item', rows: 1 },
        { table: 'groups', column: 'name', rows: 1 },
        { table: 'groups', column: 'name_normalized', rows: 1 },
      ]);
      assert.ok(!proof.body.includes('Brenner'), 'the report names the place, not the value');
      const noah = await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.noah}`, as: pat });
      assert.equal(noah.json().displayName, 'Former user', 'the erasure itself still happened');
    });
  });
}

for (const backend of testBackends()) {
  describe(`the apps an erasure tells, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    before(async () => {
      ({ veil } = await startConnectTestbed(backend, {
        app: { webhooks: [{ event: 'user_deleted', url: '/webhooks/deleted' }] },
      }));
    });
    after(() => veil.close());

    it('names every install told, however far the clock moved while the deliveries were written', async () => {
      // A clock that has moved on by each read, as the wall clock of `veil start` does between queries.
      let ticks = 0;
      const start = veil.clock.now().getTime();
      const ticking: Clock = { now: () => new Date(start + ticks++) };
      const undo = new Error('roll the erasure back');
      let told: NotifiedApp[] = [];
      await assert.rejects(
        veil.store.db.transaction().execute(async (trx) => {
          told = await notifyAppsOfErasure(trx, ticking, demoIds.noah);
          throw undo;
        }),
        (error) => error === undo,
      );
      assert.deepEqual(told, [{ appKey: 'com.example.test-app', siteId: 'acme' }]);
    });
  });
}
