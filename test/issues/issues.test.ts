import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia'); // tracker user on acme
const olivia = demoPerson('olivia'); // acme site admin
const noah = demoPerson('noah');
const spec = new SpecValidator();

function assertMatchesSpec(method: string, path: string, status: number, body: unknown) {
  assert.deepEqual(spec.validate('jira', method, path, status, body), [], JSON.stringify(body));
}

for (const backend of testBackends()) {
  describe(`issues on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const create = (version: string, fields: Record<string, unknown>, as = mia) =>
      veil.request({ method: 'POST', url: `/rest/api/${version}/issue`, as, body: { fields } });

    it('creates issues numbered per project, and reads them in v2 and v3 as the spec shapes them', async () => {
      const first = await create('3', {
        project: { key: 'HELP' },
        issuetype: { name: 'Task' },
        summary: 'First',
        description: {
          type: 'doc',
          version: 1,
          content: [
            {
              type: 'paragraph',
              content: [
                { type: 'text', text: 'Ping ' },
                { type: 'mention', attrs: { id: demoIds.noah, text: '@Noah Brenner' } },
              ],
            },
          ],
        },
        assignee: { accountId: demoIds.noah },
      });
      assert.equal(first.statusCode, 201, first.body);
      assertMatchesSpec('post', '/rest/api/3/issue', 201, first.json());
      const second = await create('2', {
        project: { id: first.json().id ? undefined : undefined, key: 'HELP' },
        issuetype: { id: '10002' },
        summary: 'Second',
        description: 'Thanks [~accountid:5f0c1a9e2b7d4c8e9a1b3c03]',
      });
      assert.equal(second.statusCode, 201, second.body);
      assert.equal(first.json().key, 'HELP-1');
      assert.equal(second.json().key, 'HELP-2');
      for (const version of ['2', '3']) {
        const got = await veil.request({
          url: `/rest/api/${version}/issue/HELP-1?expand=changelog,renderedFields,names`,
          as: mia,
        });
        assert.equal(got.statusCode, 200, got.body);
        assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}', 200, got.json());
        const issue = got.json();
        assert.equal(issue.fields.reporter.accountId, demoIds.mia);
        assert.equal(issue.fields.assignee.accountId, demoIds.noah);
        assert.equal(issue.fields.status.name, 'To Do');
        assert.match(issue.renderedFields.description, /Noah/);
      }
      const v3 = (await veil.request({ url: '/rest/api/3/issue/HELP-2', as: mia })).json();
      const mention = v3.fields.description.content[0].content[1];
      assert.equal(mention.type, 'mention');
      assert.equal(mention.attrs.id, demoIds.noah);
      assert.equal(mention.attrs.text, '@Noah Brenner');
    });

    it('edits, assigns and transitions, each a changelog history with user items by accountId', async () => {
      const edit = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/issue/HELP-1',
        as: mia,
        body: { fields: { summary: 'First, renamed', labels: ['a', 'b'] } },
      });
      assert.equal(edit.statusCode, 204, edit.body);
      const assign = await veil.request({
        method: 'PUT',
        url: '/rest/api/2/issue/HELP-1/assignee',
        as: mia,
        body: { accountId: demoIds.mia },
      });
      assert.equal(assign.statusCode, 204, assign.body);
      const transitions = await veil.request({ url: '/rest/api/3/issue/HELP-1/transitions', as: mia });
      assert.equal(transitions.statusCode, 200, transitions.body);
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/transitions', 200, transitions.json());
      const toProgress = transitions
        .json()
        .transitions.find((t: { name: string }) => t.name === 'In Progress');
      const moved = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/HELP-1/transitions',
        as: mia,
        body: { transition: { id: toProgress.id } },
      });
      assert.equal(moved.statusCode, 204, moved.body);
      const changelog = await veil.request({ url: '/rest/api/3/issue/HELP-1/changelog', as: mia });
      assert.equal(changelog.statusCode, 200, changelog.body);
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/changelog', 200, changelog.json());
      const items = changelog.json().values.flatMap((h: { items: unknown[] }) => h.items);
      const assignee = items.find((i: { field: string }) => i.field === 'assignee');
      assert.deepEqual(
        {
          from: assignee.from,
          fromString: assignee.fromString,
          to: assignee.to,
          toString: assignee.toString,
        },
        { from: demoIds.noah, fromString: 'Noah Brenner', to: demoIds.mia, toString: 'Mia Krystof' },
      );
      assert.ok(
        items.some(
          (i: { field: string; toString: string }) => i.field === 'status' && i.toString === 'In Progress',
        ),
      );
      const bad = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/HELP-1/transitions',
        as: mia,
        body: { transition: { id: '999' } },
      });
      assert.equal(bad.statusCode, 400);
    });

    it('keeps watchers, votes and comments', async () => {
      const watch = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/HELP-1/watchers',
        as: mia,
        body: JSON.stringify(demoIds.noah),
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(watch.statusCode, 204, watch.body);
      const watchers = await veil.request({ url: '/rest/api/3/issue/HELP-1/watchers', as: mia });
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/watchers', 200, watchers.json());
      assert.equal(watchers.json().watchCount, 1);
      const vote = await veil.request({ method: 'POST', url: '/rest/api/3/issue/HELP-1/votes', as: noah });
      assert.equal(vote.statusCode, 204, vote.body);
      const votes = await veil.request({ url: '/rest/api/3/issue/HELP-1/votes', as: noah });
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/votes', 200, votes.json());
      assert.equal(votes.json().hasVoted, true);
      const comment = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue/HELP-1/comment',
        as: mia,
        body: { body: 'Thanks [~accountid:5f0c1a9e2b7d4c8e9a1b3c03]' },
      });
      assert.equal(comment.statusCode, 201, comment.body);
      assertMatchesSpec('post', '/rest/api/3/issue/{issueIdOrKey}/comment', 201, comment.json());
      const list = await veil.request({ url: '/rest/api/3/issue/HELP-1/comment', as: mia });
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/comment', 200, list.json());
      assert.equal(list.json().comments[0].body.content[0].content[1].attrs.text, '@Noah Brenner');
      const deleted = await veil.request({ method: 'DELETE', url: '/rest/api/3/issue/HELP-2', as: mia });
      assert.equal(deleted.statusCode, 403);
      const byAdmin = await veil.request({ method: 'DELETE', url: '/rest/api/3/issue/HELP-2', as: olivia });
      assert.equal(byAdmin.statusCode, 204, byAdmin.body);
      const gone = await veil.request({ url: '/rest/api/3/issue/HELP-2', as: mia });
      assert.equal(gone.statusCode, 404);
    });
  });
}
