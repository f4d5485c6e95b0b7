import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import { findValuesInDatabase } from '../lifecycle/lifecycle-support.ts';
import { testBackends } from '../support/backends.ts';
import { callerForAccount } from '../support/callers.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { olivia, pat, readRecords } from './audit-support.ts';

const members = ['mia', 'noah', 'ava', 'liam', 'ethan'] as const;

for (const backend of testBackends()) {
  describe(`audit records through the life cycle on ${backend.name}`, () => {
    let veil: TestVeil;
    let accounts: Account[];
    let noah: Account;
    before(async () => {
      veil = await startTestVeil(backend);
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      noah = accounts.find((account) => account.accountId === demoIds.noah) as Account;
      const group = await veil.request({
        method: 'POST',
        url: '/rest/api/3/group',
        as: olivia,
        body: { name: 'audited' },
      });
      assert.equal(group.statusCode, 201, group.body);
      for (const name of members) {
        const added = await veil.request({
          method: 'POST',
          url: '/rest/api/3/group/user?groupname=audited',
          as: olivia,
          body: { accountId: demoIds[name] },
        });
        assert.equal(added.statusCode, 201, `${name}: ${added.body}`);
      }
    });
    after(() => veil.close());

    it('shows each admin no hidden field of anyone the records name', async () => {
      for (const [label, as, id] of [
        ['olivia', olivia, demoIds.olivia],
        ['pat', pat, demoIds.pat],
      ] as const) {
        const account = accounts.find((a) => a.accountId === id) as Account;
        const { viewer } = await callerForAccount(veil.store.db, account);
        const visible = valuesVisibleTo(accounts, viewer);
        const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
          (value) => !visible.has(value) && value !== 'acme',
        );
        for (const version of ['2', '3']) {
          const response = await veil.request({ url: `/rest/api/${version}/auditing/record`, as });
          assert.equal(response.statusCode, 200);
          assert.equal(response.json().records.length, 1 + members.length);
          assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `${label} on v${version}`);
        }
      }
    });

    it('stores no name, address or other personal value in the audit table', async () => {
      const values = accounts.flatMap((account) => [
        account.profile.fullName,
        ...(account.profile.email ? [account.profile.email] : []),
      ]);
      const found = await findValuesInDatabase(veil.store.db, values);
      assert.deepEqual(
        found.filter((line) => line.startsWith('audit_records')),
        [],
      );
    });

    it('keeps the accountId of an erased person and renders "Former user"; the scan is clean', async () => {
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
      assert.deepEqual(proof.json().scan.matches, []);
      assert.equal(proof.json().clean, true);
      const records = await readRecords(veil, `filter=${demoIds.noah}`, olivia);
      assert.deepEqual(
        records.map((record) => record.summary),
        ['User deleted', 'User deletion requested', 'User added to group'],
      );
      for (const record of records) {
        assert.equal(record.objectItem.id, demoIds.noah);
        assert.equal(record.objectItem.name, 'Former user');
      }
      assert.equal(records[0]?.authorAccountId, undefined, 'Veil erased him');
      assert.equal(records[1]?.authorAccountId, demoIds.pat);
      const leftovers = await findValuesInDatabase(veil.store.db, [
        noah.profile.fullName,
        ...(noah.profile.email ? [noah.profile.email] : []),
      ]);
      assert.deepEqual(leftovers, []);
      const all = await readRecords(veil, '', olivia);
      assert.doesNotMatch(JSON.stringify(all), /Noah|Brenner|noah@example/);
    });

    it('records a cancelled deletion', async () => {
      const url = `/veil/v1/accounts/${demoIds.liam}/deletion`;
      assert.equal((await veil.request({ method: 'POST', url, as: pat, body: {} })).statusCode, 202);
      const cancelled = await veil.request({ method: 'DELETE', url, as: pat });
      assert.ok(cancelled.statusCode < 300, cancelled.body);
      const records = await readRecords(veil, `filter=${demoIds.liam}%20deletion`, olivia);
      assert.deepEqual(
        records.map((record) => record.summary),
        ['User deletion cancelled', 'User deletion requested'],
      );
    });
  });
}
