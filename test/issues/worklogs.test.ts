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

const adf = (text: string, mention?: string) => ({
  type: 'doc',
  version: 1,
  content: [
    {
      type: 'paragraph',
      content: [
        { type: 'text', text },
        ...(mention ? [{ type: 'mention', attrs: { id: mention, text: '@someone' } }] : []),
      ],
    },
  ],
});

for (const backend of testBackends()) {
  describe(`worklogs on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it("reads the demo's worklogs as the spec shapes them, authors rendered for the caller", async () => {
      for (const version of ['2', '3']) {
        const list = await veil.request({ url: `/rest/api/${version}/issue/ACME-1/worklog`, as: mia });
        assert.equal(list.statusCode, 200, list.body);
        assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/worklog', 200, list.json());
        const [first, second] = list.json().worklogs;
        assert.equal(list.json().total, 2);
        assert.equal(first.author.accountId, demoIds.noah);
        assert.equal(first.timeSpent, '2h');
        assert.equal(first.timeSpentSeconds, 7200);
        assert.equal(first.started, '2026-11-02T08:00:00.000+0000');
        assert.equal(second.author.emailAddress, undefined, 'Liam hides his email');
        if (version === '2') assert.match(first.comment, /\[~accountid:5f0c1a9e2b7d4c8e9a1b3c02\]/);
        else assert.equal(second.comment.content[0].content[1].attrs.id, demoIds.ethan);
      }
      const one = await veil.request({ url: '/rest/api/3/issue/ACME-1/worklog/10000', as: mia });
      assert.equal(one.statusCode, 200, one.body);
      assertMatchesSpec('get', '/rest/api/3/issue/{issueIdOrKey}/worklog/{id}', 200, one.json());
      assert.equal(one.json().issueId, one.json().self.split('/issue/')[1].split('/')[0]);
    });

    it('logs, edits and deletes work: the author or an admin; others are refused', async () => {
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/ACME-3/worklog',
        as: mia,
        body: {
          timeSpent: '1h 30m',
          started: '2026-11-20T09:00:00.000+0000',
          comment: adf('Paired with ', demoIds.noah),
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      assertMatchesSpec('post', '/rest/api/3/issue/{issueIdOrKey}/worklog', 201, created.json());
      const worklog = created.json();
      assert.equal(worklog.timeSpentSeconds, 5400);
      assert.equal(worklog.author.accountId, demoIds.mia);
      assert.equal(
        worklog.comment.content[0].content[1].attrs.text,
        '@Noah Brenner',
        'the name is written when read',
      );
      const url = `/rest/api/2/issue/ACME-3/worklog/${worklog.id}`;
      const byNoah = await veil.request({ method: 'PUT', url, as: noah, body: { timeSpentSeconds: 60 } });
      assert.equal(byNoah.statusCode, 403, byNoah.body);
      const edited = await veil.request({
        method: 'PUT',
        url,
        as: olivia,
        body: { timeSpentSeconds: 3600, comment: 'Fixed by [~accountid:5f0c1a9e2b7d4c8e9a1b3c03]' },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      assertMatchesSpec('put', '/rest/api/3/issue/{issueIdOrKey}/worklog/{id}', 200, edited.json());
      assert.equal(edited.json().timeSpent, '1h');
      assert.equal(edited.json().updateAuthor.accountId, demoIds.olivia);
      assert.equal(edited.json().author.accountId, demoIds.mia);
      const stored = await veil.store.db
        .selectFrom('issue_worklogs')
        .select('comment')
        .where('worklog_id', '=', worklog.id)
        .executeTakeFirstOrThrow();
      assert.doesNotMatch(String(stored.comment), /Noah|Brenner/, 'rows hold accountIds only');
      const deleted = await veil.request({ method: 'DELETE', url, as: mia });
      assert.equal(deleted.statusCode, 204, deleted.body);
      const gone = await veil.request({ url, as: mia });
      assert.equal(gone.statusCode, 404, gone.body);
      assert.deepEqual(gone.json().errorMessages, [`Cannot find worklog with id: ${worklog.id}.`]);
    });

    it('refuses bad input with a 400 naming it, and writes nothing', async () => {
      const before = await veil.store.db.selectFrom('issue_worklogs').select('worklog_id').execute();
      const bad: [string, unknown][] = [
        ['2', { started: '2026-11-20T09:00:00.000+0000' }],
        ['2', { timeSpentSeconds: 600 }],
        ['2', { timeSpentSeconds: 600, timeSpent: '1h', started: '2026-11-20T09:00:00.000+0000' }],
        ['2', { timeSpent: 'a while', started: '2026-11-20T09:00:00.000+0000' }],
        ['2', { timeSpentSeconds: 0, started: '2026-11-20T09:00:00.000+0000' }],
        ['2', { timeSpentSeconds: 600, started: 'yesterday' }],
        ['2', { timeSpentSeconds: 600, started: '2026-02-30T09:00:00.000+0000' }],
        ['3', { timeSpentSeconds: 600, started: '2026-11-20T09:00:00Z', comment: 'not ADF' }],
        [
          '2',
          { timeSpentSeconds: 600, started: '2026-11-20T09:00:00Z', comment: '[~accountid:nobody-here]' },
        ],
        [
          '2',
          {
            timeSpentSeconds: 600,
            started: '2026-11-20T09:00:00Z',
            visibility: { type: 'team', value: 'x' },
          },
        ],
        ['2', { timeSpentSeconds: 'ten', started: '2026-11-20T09:00:00Z' }],
      ];
      for (const [version, body] of bad) {
        const response = await veil.request({
          method: 'POST',
          url: `/rest/api/${version}/issue/ACME-3/worklog`,
          as: mia,
          body,
        });
        assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
        const error = response.json();
        assert.ok(error.errorMessages.length + Object.keys(error.errors).length > 0, response.body);
      }
      const after = await veil.store.db.selectFrom('issue_worklogs').select('worklog_id').execute();
      assert.equal(after.length, before.length);
      const unknown = await veil.request({ url: '/rest/api/3/issue/ACME-3/worklog/abc', as: mia });
      assert.equal(unknown.statusCode, 404);
      const anonymous = await veil.request({ url: '/rest/api/3/issue/ACME-1/worklog' });
      assert.ok([401, 404].includes(anonymous.statusCode), anonymous.body);
    });
  });
}
