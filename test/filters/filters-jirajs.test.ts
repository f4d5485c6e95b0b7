import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/**
 * jira.js, unmodified, against a real `veil start` over real HTTP, checking every response against its
 * own schemas: a filter and a dashboard shared with the caller, their owners and share permissions.
 */
describe('jira.js reads filters and dashboards shared with the caller', () => {
  let veil: VeilProcess;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
  });
  after(() => veil.stop());

  const jiraAs = (email: string, apiToken: string) =>
    createCloudClient({
      host: veil.url,
      auth: { type: 'basic', email, apiToken },
      onSchemaMismatch: 'throw',
    });

  it('reads a filter shared with Noah, its owner and share permissions, and finds it in the search', async () => {
    const jira = jiraAs('noah@example.com', 'demo-token-noah');
    const filter = await jira.filters.getFilter({ id: 10000, expand: 'sharedUsers' });
    assert.equal(filter.name, 'My open work');
    assert.equal(filter.owner?.accountId, demoIds.mia);
    assert.equal(filter.owner?.emailAddress, undefined, "Mia's email is hidden from Noah");
    assert.ok(filter.sharedUsers?.items?.some((u) => u.accountId === demoIds.noah));
    const shares = await jira.filterSharing.getSharePermissions({ id: 10000 });
    assert.deepEqual(shares.map((s) => s.type).sort(), ['group', 'user']);
    const favourites = await jira.filters.getFavouriteFilters();
    assert.ok(favourites.some((f) => f.id === '10000'));
    const page = await jira.filters.getFiltersPaginated({ filterName: 'open work', expand: 'owner' });
    assert.equal(page.values?.[0]?.owner?.accountId, demoIds.mia);
  });

  it('reads a dashboard shared with Mia, owned by a person who hides everything', async () => {
    const jira = jiraAs('mia@acme.test', 'demo-token-mia');
    const board = await jira.dashboards.getDashboard({ id: '10001' });
    assert.equal(board.owner?.accountId, demoIds.liam);
    assert.equal(board.owner?.displayName, 'L.O.');
    const all = await jira.dashboards.getAllDashboards({ filter: 'favourite' });
    assert.deepEqual(
      all.dashboards?.map((d) => d.name),
      ['Team board'],
    );
  });
});
