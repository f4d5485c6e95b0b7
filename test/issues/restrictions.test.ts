import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

// On acme: Mia and Liam are in `developers`, Noah only in `jira-users`; Olivia is a site admin (and in
// `jira-users`), Pat a site admin in no tracker group.
const mia = demoPerson('mia');
const liam = demoPerson('liam');
const noah = demoPerson('noah');
const olivia = demoPerson('olivia');
const pat = demoPerson('pat');

for (const backend of testBackends()) {
  describe(`restricted comments and worklogs on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const ids = async (url: string, as: typeof mia, list: 'comments' | 'worklogs') => {
      const response = await veil.request({ url, as });
      assert.equal(response.statusCode, 200, response.body);
      const page = response.json();
      assert.equal(page.total, page[list].length);
      return page[list].map((c: { id: string }) => c.id) as string[];
    };

    it('shows a group-restricted comment to the group (and its author) only, in lists and by id', async () => {
      const added = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue/ACME-3/comment',
        as: mia,
        body: { body: 'For developers', visibility: { type: 'group', value: 'developers' } },
      });
      assert.equal(added.statusCode, 201, added.body);
      const { id } = added.json();
      const list = '/rest/api/3/issue/ACME-3/comment';
      for (const [who, sees] of [
        [mia, true],
        [liam, true],
        [noah, false],
        [olivia, false],
      ] as const) {
        assert.equal((await ids(list, who, 'comments')).includes(id), sees, who.email);
        const one = await veil.request({ url: `${list}/${id}`, as: who });
        assert.equal(one.statusCode, sees ? 200 : 404, `${who.email}: ${one.body}`);
      }
      const edit = await veil.request({
        method: 'PUT',
        url: `${list}/${id}`,
        as: noah,
        body: { body: { type: 'doc', version: 1, content: [] } },
      });
      assert.equal(edit.statusCode, 404, 'one who cannot see it cannot change it');
    });

    it('shows a role-restricted worklog to site admins (and its author) only: project roles do not exist yet', async () => {
      const added = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue/ACME-3/worklog',
        as: mia,
        body: {
          timeSpentSeconds: 600,
          started: '2026-11-20T09:00:00Z',
          visibility: { type: 'role', value: 'Developers' },
        },
      });
      assert.equal(added.statusCode, 201, added.body);
      const { id } = added.json();
      const list = '/rest/api/2/issue/ACME-3/worklog';
      for (const [who, sees] of [
        [mia, true],
        [olivia, true],
        [pat, true],
        [liam, false],
        [noah, false],
      ] as const) {
        assert.equal((await ids(list, who, 'worklogs')).includes(id), sees, who.email);
      }
    });

    it("keeps the demo's jira-users comment from those outside the group", async () => {
      const list = '/rest/api/3/issue/ACME-5/comment';
      assert.equal((await ids(list, noah, 'comments')).length, 1);
      assert.equal((await ids(list, pat, 'comments')).length, 0);
      const worklogs = '/rest/api/3/issue/ACME-5/worklog';
      assert.equal((await ids(worklogs, noah, 'worklogs')).length, 1);
      assert.equal((await ids(worklogs, pat, 'worklogs')).length, 0);
    });
  });
}
