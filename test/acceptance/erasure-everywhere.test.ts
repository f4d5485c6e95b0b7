import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const { ava, mia } = demoIds;
const avaTraces = /Ava|Lindqvist|ava@acme/;

type Who = Parameters<typeof demoPerson>[0];

/**
 * Issue 15's acceptance for the life cycle: Ava leads a project, acts in a role, owns a filter and a
 * dashboard, wrote a wiki page and appears in audit records. Once she is erased, every one of those
 * representations names her as "Former user" by her accountId alone, her role membership is gone, the
 * audit records keep only the accountId, and the whole-database scan finds nothing of hers.
 */
for (const backend of testBackends()) {
  describe(`erasing a person who appears in every resource, on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const send = async (who: Who, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
      const response = await veil.request({ method, url, as: demoPerson(who), ...(body ? { body } : {}) });
      assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
      return response.json();
    };

    /** Ava's places: made through the API, as the people who may make them. */
    async function giveAvaAPlaceEverywhere() {
      await send('olivia', 'PUT', '/rest/api/3/project/HELP', { leadAccountId: ava });
      await send('olivia', 'POST', '/rest/api/3/project/ACME/role/10001', { user: [ava] });
      await send('olivia', 'POST', '/rest/api/3/group/user?groupname=developers', { accountId: ava });
      const share = [{ type: 'user', user: { accountId: mia } }];
      const filter = await send('ava', 'POST', '/rest/api/3/filter', {
        name: 'Open queue',
        jql: `assignee = ${ava}`,
        sharePermissions: share,
      });
      const dashboard = await send('ava', 'POST', '/rest/api/3/dashboard', {
        name: 'Team board',
        sharePermissions: share,
        editPermissions: [],
      });
      const page = await send('ava', 'POST', '/wiki/rest/api/content', {
        type: 'page',
        title: 'Release notes',
        space: { key: 'ENG' },
        body: { storage: { value: '<p>Notes</p>', representation: 'storage' } },
      });
      return {
        filterId: filter.id as string,
        dashboardId: dashboard.id as string,
        pageId: page.id as string,
      };
    }

    async function eraseAva() {
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${ava}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: ava },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({
        url: `/veil/v1/accounts/${ava}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(proof.json().scan.matches, [], 'the whole-database scan finds nothing of hers');
      assert.equal(proof.json().clean, true);
    }

    it('renders "Former user" by accountId everywhere, drops her role, keeps the audit records’ accountId', async () => {
      const { filterId, dashboardId, pageId } = await giveAvaAPlaceEverywhere();
      await eraseAva();

      const project = await send('mia', 'GET', '/rest/api/3/project/HELP?expand=lead');
      assert.equal(project.lead.accountId, ava);
      assert.equal(project.lead.displayName, 'Former user');
      const role = await send('mia', 'GET', '/rest/api/3/project/ACME/role/10001');
      assert.ok(!JSON.stringify(role).includes(ava), 'her role membership went');

      const filter = await send('olivia', 'GET', `/rest/api/3/filter/${filterId}`);
      assert.equal(filter.owner.accountId, ava);
      assert.equal(filter.owner.displayName, 'Former user');
      const dashboard = await send('olivia', 'GET', `/rest/api/3/dashboard/${dashboardId}`);
      assert.equal(dashboard.owner.accountId, ava);
      assert.equal(dashboard.owner.displayName, 'Former user');

      const page = await send('mia', 'GET', `/wiki/rest/api/content/${pageId}?expand=history,version`);
      assert.equal(page.history.createdBy.accountId, ava);
      assert.equal(page.history.createdBy.displayName, 'Former user');
      assert.equal(page.version.by.displayName, 'Former user');

      const audit = await send('olivia', 'GET', '/rest/api/3/auditing/record?limit=1000');
      type Item = { id?: string; name?: string };
      type AuditRecord = { objectItem?: Item; associatedItems?: Item[] };
      const itemsOf = (r: AuditRecord) => [r.objectItem ?? {}, ...(r.associatedItems ?? [])];
      const aboutAva = audit.records.flatMap(itemsOf).filter((item: Item) => item.id === ava);
      assert.ok(aboutAva.length > 0, 'the records about her stay, by accountId');

      const everything = JSON.stringify([project, role, filter, dashboard, page, audit]);
      assert.doesNotMatch(everything, avaTraces, 'no name, public name or address of hers anywhere');
    });
  });
}
