import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { mia, olivia, onlyRecordOf, pat, readRecords, withoutAuthorAccountIds } from './audit-support.ts';

const spec = new SpecValidator();

for (const backend of testBackends()) {
  describe(`audit records of the tracker's admin actions on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const send = async (
      method: 'POST' | 'DELETE' | 'PUT',
      url: string,
      body?: unknown,
      status = [200, 201, 204],
    ) => {
      const response = await veil.request({
        method,
        url,
        as: olivia,
        ...(body === undefined ? {} : { body }),
      });
      assert.ok(
        status.includes(response.statusCode),
        `${method} ${url}: ${response.statusCode} ${response.body}`,
      );
      return response;
    };

    it('writes no record while the scenario loads', async () => {
      assert.deepEqual(await readRecords(veil), []);
    });

    it('records a group created, a member added and removed, and the group deleted', async () => {
      const created = await onlyRecordOf(veil, () => send('POST', '/rest/api/3/group', { name: 'auditors' }));
      assert.equal(created.summary, 'Group created');
      assert.equal(created.category, 'group management');
      assert.equal(created.authorAccountId, demoIds.olivia);
      assert.equal(created.objectItem.typeName, 'GROUP');
      assert.equal(created.objectItem.name, 'auditors');
      const groupId = created.objectItem.id;
      const added = await onlyRecordOf(veil, () =>
        send('POST', '/rest/api/2/group/user?groupname=auditors', { accountId: demoIds.mia }),
      );
      assert.equal(added.summary, 'User added to group');
      assert.deepEqual(added.objectItem, { id: demoIds.mia, name: 'Mia Krystof', typeName: 'USER' });
      assert.deepEqual(added.associatedItems, [{ id: groupId, name: 'auditors', typeName: 'GROUP' }]);
      const removed = await onlyRecordOf(veil, () =>
        send('DELETE', `/rest/api/3/group/user?groupId=${groupId}&accountId=${demoIds.mia}`),
      );
      assert.equal(removed.summary, 'User removed from group');
      assert.equal(removed.objectItem.id, demoIds.mia);
      const deleted = await onlyRecordOf(veil, () => send('DELETE', `/rest/api/3/group?groupId=${groupId}`));
      assert.equal(deleted.summary, 'Group deleted');
      assert.equal(deleted.objectItem.id, groupId);
    });

    it("records the wiki's group writes as the tracker's, with the wiki as their source", async () => {
      const wiki = async (method: 'POST' | 'DELETE', url: string, body?: object) => {
        const response = await veil.request({
          method,
          url,
          as: olivia,
          headers: { host: 'acme.localhost' },
          ...(body ? { body } : {}),
        });
        assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
      };
      const created = await onlyRecordOf(veil, () =>
        wiki('POST', '/wiki/rest/api/group', { name: 'wiki-audited' }),
      );
      assert.equal(created.summary, 'Group created');
      assert.equal(created.eventSource, 'wiki');
      const groupId = created.objectItem.id;
      const byId = `/wiki/rest/api/group/userByGroupId?groupId=${groupId}`;
      const added = await onlyRecordOf(veil, () => wiki('POST', byId, { accountId: demoIds.ava }));
      assert.equal(added.summary, 'User added to group');
      assert.equal(added.objectItem.id, demoIds.ava);
      const removed = await onlyRecordOf(veil, () => wiki('DELETE', `${byId}&accountId=${demoIds.ava}`));
      assert.equal(removed.summary, 'User removed from group');
      const deleted = await onlyRecordOf(veil, () =>
        wiki('DELETE', `/wiki/rest/api/group/by-id?id=${groupId}`),
      );
      assert.equal(deleted.summary, 'Group deleted');
    });

    it('records a project created, edited and deleted, and its role actors added, set and removed', async () => {
      const body = { key: 'AUD', name: 'Audited', leadAccountId: demoIds.mia, projectTypeKey: 'software' };
      const created = await onlyRecordOf(veil, () => send('POST', '/rest/api/3/project', body));
      assert.equal(created.summary, 'Project created');
      assert.equal(created.category, 'projects');
      assert.equal(created.objectItem.typeName, 'PROJECT');
      assert.equal(created.objectItem.name, 'AUD');
      assert.deepEqual(created.associatedItems, [{ id: demoIds.mia, name: 'Mia Krystof', typeName: 'USER' }]);
      const edited = await onlyRecordOf(veil, () =>
        send('PUT', '/rest/api/3/project/AUD', { leadAccountId: demoIds.ava }),
      );
      assert.equal(edited.summary, 'Project updated');
      assert.equal(edited.associatedItems[0]?.id, demoIds.ava);
      const role = '/rest/api/3/project/AUD/role/10000';
      const added = await onlyRecordOf(veil, () =>
        send('POST', role, { user: [demoIds.mia, demoIds.sofia], group: ['developers'] }),
      );
      assert.equal(added.summary, 'Project role actors added');
      assert.equal(added.category, 'permissions');
      assert.equal(added.objectItem.typeName, 'PROJECT_ROLE');
      assert.equal(added.objectItem.parentName, 'AUD');
      assert.deepEqual(
        added.associatedItems.map((item: { id: string; typeName: string; name?: string }) =>
          item.typeName === 'GROUP' ? item.name : item.id,
        ),
        [demoIds.mia, demoIds.sofia, 'developers'],
      );
      const removed = await onlyRecordOf(veil, () => send('DELETE', `${role}?user=${demoIds.sofia}`));
      assert.equal(removed.summary, 'Project role actors removed');
      assert.deepEqual(
        removed.associatedItems.map((item: { id: string }) => item.id),
        [demoIds.sofia],
      );
      const set = await onlyRecordOf(veil, () =>
        send('PUT', role, { categorisedActors: { 'atlassian-user-role-actor': [demoIds.ava] } }),
      );
      assert.equal(set.summary, 'Project role actors set');
      const deleted = await onlyRecordOf(veil, () => send('DELETE', '/rest/api/3/project/AUD'));
      assert.equal(deleted.summary, 'Project deleted');
      assert.equal(deleted.objectItem.name, 'AUD');
    });

    it('records nothing for a refused action', async () => {
      const records = await readRecords(veil, '', pat);
      await send('POST', '/rest/api/3/group', { name: 'developers' }, [400]);
      await send('POST', '/rest/api/3/group/user?groupname=nope', { accountId: demoIds.mia }, [404]);
      assert.equal((await readRecords(veil, '', pat)).length, records.length);
    });

    it('records a user added (created) and removed by a site admin', async () => {
      const added = await onlyRecordOf(veil, () =>
        send('POST', '/rest/api/3/user', {
          emailAddress: 'new.person@partner.test',
          products: ['jira-software'],
        }),
      );
      assert.equal(added.summary, 'User created');
      assert.equal(added.authorAccountId, demoIds.olivia);
      assert.equal(added.objectItem.typeName, 'USER');
      assert.deepEqual(added.changedValues, [{ fieldName: 'product', changedFrom: '', changedTo: 'jira' }]);
      const removed = await onlyRecordOf(veil, () =>
        send('DELETE', `/rest/api/3/user?accountId=${added.objectItem.id}`),
      );
      assert.equal(removed.summary, 'User removed from site');
      assert.equal(removed.objectItem.id, added.objectItem.id);
    });

    it('records a deactivation and a reactivation', async () => {
      const off = await onlyRecordOf(veil, () =>
        send('PUT', `/rest/api/2/user?accountId=${demoIds.liam}`, { active: false }),
      );
      assert.equal(off.summary, 'User deactivated');
      assert.deepEqual(off.changedValues, [{ fieldName: 'active', changedFrom: 'true', changedTo: 'false' }]);
      assert.equal(off.objectItem.id, demoIds.liam);
      const on = await onlyRecordOf(veil, () =>
        send('PUT', `/rest/api/2/user?accountId=${demoIds.liam}`, { active: true }),
      );
      assert.equal(on.summary, 'User reactivated');
    });

    it('lets only site admins read, in the tracker error body, and shapes records as the spec does', async () => {
      for (const as of [mia, demoPerson('sofia')]) {
        const refused = await veil.request({ url: '/rest/api/3/auditing/record', as });
        assert.equal(refused.statusCode, 403, refused.body);
        assert.deepEqual(Object.keys(refused.json()).sort(), ['errorMessages', 'errors']);
      }
      const anonymous = await veil.request({ url: '/rest/api/3/auditing/record' });
      assert.equal(anonymous.statusCode, 401);
      for (const version of ['2', '3']) {
        const response = await veil.request({ url: `/rest/api/${version}/auditing/record`, as: olivia });
        assert.equal(response.statusCode, 200);
        const body = response.json();
        assert.deepEqual(
          spec.validate('jira', 'get', '/rest/api/3/auditing/record', 200, withoutAuthorAccountIds(body)),
          [],
        );
        assert.equal(body.limit, 1000);
        assert.equal(body.offset, 0);
        assert.ok(body.total >= 12);
        const ids = body.records.map((r: { id: number }) => r.id);
        assert.deepEqual(
          ids,
          [...ids].sort((a, b) => b - a),
          'newest first',
        );
      }
    });

    it('pages, filters by words and by time, and refuses bad parameters with 400', async () => {
      const all = await readRecords(veil, '', olivia);
      const page = await readRecords(veil, 'offset=1&limit=2', olivia);
      assert.deepEqual(
        page.map((r) => r.id),
        all.slice(1, 3).map((r) => r.id),
      );
      const groups = await readRecords(veil, 'filter=group%20AUDITORS', olivia);
      assert.ok(groups.length >= 4 && groups.every((r) => r.category === 'group management'));
      const byId = await readRecords(veil, `filter=${demoIds.liam}`, olivia);
      assert.equal(byId.length, 2);
      assert.equal((await readRecords(veil, 'filter=Liam', olivia)).length, 0, 'never by a name');
      assert.equal((await readRecords(veil, 'from=2030-01-01T00:00:00Z', olivia)).length, 0);
      assert.equal((await readRecords(veil, 'to=2020-01-01T00:00:00Z', olivia)).length, 0);
      assert.equal((await readRecords(veil, 'from=2020-01-01T00:00:00Z', olivia)).length, all.length);
      for (const query of ['from=yesterday', 'offset=-1', 'limit=-5', 'limit=x']) {
        const response = await veil.request({ url: `/rest/api/3/auditing/record?${query}`, as: olivia });
        assert.equal(response.statusCode, 400, query);
        assert.ok(Array.isArray(response.json().errorMessages));
      }
      const capped = await veil.request({ url: '/rest/api/3/auditing/record?limit=5000', as: olivia });
      assert.equal(capped.json().limit, 1000);
    });
  });
}
