import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { olivia, onlyRecordOf, pat, readRecords } from './audit-support.ts';

for (const backend of testBackends()) {
  describe(`audit records of Veil's own admin API on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const send = async (
      method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
      url: string,
      body?: object,
      as = olivia,
    ) => {
      const response = await veil.request({ method, url, as, ...(body ? { body } : {}) });
      assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
      return response;
    };

    it('records site admins granted and revoked', async () => {
      const url = `/veil/v1/sites/acme/admins/${demoIds.mia}`;
      const granted = await onlyRecordOf(veil, () => send('PUT', url));
      assert.equal(granted.summary, 'Site admin added');
      assert.equal(granted.category, 'permissions');
      assert.equal(granted.objectItem.id, demoIds.mia);
      assert.deepEqual(granted.associatedItems, [{ id: 'acme', name: 'acme', typeName: 'SITE' }]);
      const revoked = await onlyRecordOf(veil, () => send('DELETE', url));
      assert.equal(revoked.summary, 'Site admin removed');
    });

    it('records groups and their members changed through Veil', async () => {
      const created = await onlyRecordOf(veil, () =>
        send('POST', '/veil/v1/sites/acme/groups', { name: 'veil-made' }),
      );
      assert.equal(created.summary, 'Group created');
      assert.equal(created.eventSource, 'Veil admin');
      const groupId = created.objectItem.id;
      const member = `/veil/v1/sites/acme/groups/${groupId}/members/${demoIds.ava}`;
      const added = await onlyRecordOf(veil, () => send('PUT', member));
      assert.equal(added.summary, 'User added to group');
      assert.equal(added.objectItem.id, demoIds.ava);
      const removed = await onlyRecordOf(veil, () => send('DELETE', member));
      assert.equal(removed.summary, 'User removed from group');
      const deleted = await onlyRecordOf(veil, () => send('DELETE', `/veil/v1/sites/acme/groups/${groupId}`));
      assert.equal(deleted.summary, 'Group deleted');
    });

    it("records a link's change with what changed, and an unlink", async () => {
      const url = `/veil/v1/sites/acme/accounts/${demoIds.ava}`;
      const changed = await onlyRecordOf(veil, () => send('PUT', url, { active: false }));
      assert.equal(changed.summary, 'User site access changed');
      assert.deepEqual(changed.changedValues, [
        { fieldName: 'active', changedFrom: 'true', changedTo: 'false' },
      ]);
      const unlinked = await onlyRecordOf(veil, () => send('DELETE', url));
      assert.equal(unlinked.summary, 'User removed from site');
      const linked = await onlyRecordOf(veil, () => send('PUT', url, { products: ['jira'] }));
      assert.equal(linked.summary, 'User added to site');
      assert.deepEqual(linked.changedValues, [{ fieldName: 'product', changedFrom: '', changedTo: 'jira' }]);
    });

    it("records an account's status changed by its admin on each site it is on", async () => {
      const before = await readRecords(veil, '', pat);
      await send('PATCH', `/veil/v1/accounts/${demoIds.liam}`, { status: 'deactivated' }, pat);
      const afterwards = await readRecords(veil, '', pat);
      assert.equal(afterwards.length, before.length + 1, 'one record on acme');
      assert.equal(afterwards[0]?.summary, 'User deactivated');
      assert.equal(afterwards[0]?.authorAccountId, demoIds.pat);
    });
  });
}
