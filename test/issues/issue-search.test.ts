import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const spec = new SpecValidator();
const { mia: miaId, noah, liam, sofia, olivia, ethan } = demoIds;

/** Each clause kind on the demo's twelve issues (scenarios/demo.json), with the keys it finds. */
const cases: [string, number[]][] = [
  ['project = ACME', [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
  ['project in (acme, HELP) AND key in (ACME-1, ACME-3)', [1, 3]],
  ['issuekey = ACME-2 OR key > ACME-11', [2, 12]],
  ['summary ~ token', [2]],
  ['summary ~ "feature fl*"', [11]],
  ['text ~ import', [4]],
  ['text ~ "Seen by"', [2]],
  ['status = "In Progress"', [1, 7]],
  ['status in (Done, 3) AND status != "In Progress"', [3, 9]],
  ['priority = Highest', [2]],
  ['labels in (ux, ops)', [1, 9]],
  ['labels is EMPTY AND created < "2026-11-06"', [3, 4]],
  ['labels not in (ux)', [2, 9]],
  ['created >= "2026-11-10" AND created <= "2026/11/12 10:00"', [9, 10, 11]],
  ['created > -12d', [10, 11, 12]],
  ['created >= startOfDay(-12d)', [9, 10, 11, 12]],
  ['updated <= now() AND created < "2026-11-02"', [1]],
  ['assignee = currentUser()', [4, 6]],
  [`assignee = ${noah}`, [1, 7]],
  [`assignee != ${noah}`, [2, 3, 4, 5, 6, 9, 10, 12]],
  [`assignee in (${noah}, EMPTY)`, [1, 7, 8, 11]],
  [`assignee not in (${noah}, ${miaId})`, [2, 3, 5, 9, 10, 12]],
  ['assignee is EMPTY', [8, 11]],
  ['NOT assignee is not EMPTY', [8, 11]],
  [`reporter = ${olivia} AND creator in (${olivia}, EMPTY)`, [3, 7]],
  [`creator = ${miaId}`, [1, 11]],
  [`watcher = ${liam}`, [1, 2]],
  [`voter in (${miaId})`, [8]],
  ['voter = currentUser() OR watcher = currentUser()', [1, 8, 10]],
  [`cf[10010] = ${sofia}`, [6]],
  [`"Reviewer" is not EMPTY`, [1, 6]],
  [`Approvers in (${liam}, ${olivia})`, [1, 7]],
  [`Approvers in (${liam}, ${olivia}) AND "approvers" != ${ethan}`, [1]],
  [`assignee was ${ethan}`, [2, 7]],
  [`assignee was in (${ethan}, ${miaId})`, [2, 4, 6, 7]],
  [`assignee was not ${ethan} AND status = "In Progress"`, [1]],
  ['status was Done', [3, 9]],
  [`status was "In Progress" by ${miaId}`, [1]],
  ['status was Done before "2026-11-06"', [3]],
  ['status was "To Do" on "2026-11-02"', [1]],
  ['status was "In Progress" during ("2026-11-01", "2026-11-08")', [1]],
  ['status was not Done after "2026-11-06"', [1, 2, 4, 5, 6, 7, 8, 10, 11, 12]],
  [`assignee was ${ethan} before "2026-11-04"`, [2]],
  [`assignee was ${ethan} after "2026-11-05"`, [7]],
  [`status was "In Progress" by ${miaId} before "2026-11-02"`, []],
  [`assignee changed by ${olivia}`, [2, 7]],
  [`assignee changed from ${ethan} to ${liam}`, [2]],
  ['status changed to Done after "2026-11-04" before "2026-11-06"', [3]],
  ['status changed on "2026-11-02"', [1]],
  ['summary changed during ("2026-11-13", "2026-11-14")', [11]],
  [`"Reviewer" changed from ${ethan}`, [7]],
];

const keysOf = (body: { issues: { key: string }[] }) =>
  body.issues.map((i) => Number(i.key.split('-')[1])).sort((a, b) => a - b);

for (const backend of testBackends()) {
  describe(`issue search on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const search = (jql: string, extra = '', as = mia) =>
      veil.request({ url: `/rest/api/3/search?jql=${encodeURIComponent(jql)}${extra}`, as });

    it('answers each clause kind with the issues it names', async () => {
      for (const [jql, expected] of cases) {
        const response = await search(jql, '&fields=summary&maxResults=100');
        assert.equal(response.statusCode, 200, `${jql}: ${response.body}`);
        assert.deepEqual(keysOf(response.json()), expected, jql);
      }
    });

    it('finds the members of a group', async () => {
      const group = await veil.request({
        url: '/rest/api/3/group/member?groupname=developers&maxResults=50',
        as: demoPerson('olivia'),
      });
      assert.equal(group.statusCode, 200, group.body);
      const members = new Set(group.json().values.map((u: { accountId: string }) => u.accountId));
      const all = (await search('project = ACME', '&fields=assignee&maxResults=100')).json();
      const expected = all.issues
        .filter((i: { fields: { assignee: { accountId: string } | null } }) =>
          members.has(i.fields.assignee?.accountId),
        )
        .map((i: { key: string }) => Number(i.key.split('-')[1]))
        .sort((a: number, b: number) => a - b);
      const found = (await search('assignee in membersOf(developers)', '&fields=summary')).json();
      assert.deepEqual(keysOf(found), expected);
      assert.ok(expected.length > 0);
    });

    it('orders by key, created, summary, status and priority, both ways', async () => {
      const order = async (jql: string) =>
        (await search(jql, '&fields=summary&maxResults=100'))
          .json()
          .issues.map((i: { key: string }) => i.key);
      assert.deepEqual((await order('ORDER BY key'))[0], 'ACME-1');
      assert.deepEqual((await order('project = ACME ORDER BY key DESC'))[0], 'ACME-12');
      assert.deepEqual((await order('ORDER BY created DESC'))[0], 'ACME-12');
      assert.deepEqual((await order('ORDER BY priority DESC, key'))[0], 'ACME-2');
      assert.deepEqual((await order('ORDER BY status DESC, key ASC')).slice(0, 2), ['ACME-3', 'ACME-9']);
      assert.deepEqual((await order('ORDER BY summary'))[0], 'ACME-10');
    });

    it('pages with startAt and a total, and with nextPageToken to the last page', async () => {
      const first = (await search('ORDER BY key', '&startAt=5&maxResults=4&fields=summary')).json();
      assert.equal(first.total, 12);
      assert.deepEqual(
        first.issues.map((i: { key: string }) => i.key),
        ['ACME-6', 'ACME-7', 'ACME-8', 'ACME-9'],
      );
      assert.equal((await search('ORDER BY key', '&startAt=40')).json().total, 12);
      const seen: string[] = [];
      let token: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const response = await veil.request({
          method: 'POST',
          url: '/rest/api/3/search/jql',
          as: mia,
          body: { jql: 'project = ACME ORDER BY key', maxResults: 5, fields: ['key'], nextPageToken: token },
        });
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        assert.deepEqual(spec.validate('jira', 'post', '/rest/api/3/search/jql', 200, body), []);
        seen.push(...body.issues.map((i: { key: string }) => i.key));
        token = body.nextPageToken;
        assert.equal(body.isLast, token === undefined);
        if (token === undefined) break;
      }
      assert.deepEqual(
        seen,
        Array.from({ length: 12 }, (_, i) => `ACME-${i + 1}`),
      );
      const bad = await veil.request({ url: '/rest/api/3/search/jql?jql=&nextPageToken=nope', as: mia });
      assert.equal(bad.statusCode, 400, bad.body);
    });

    it('answers as the spec shapes it, in v2 and v3, GET and POST, with fields and expand', async () => {
      for (const version of ['2', '3']) {
        const got = await veil.request({
          url: `/rest/api/${version}/search?jql=key%3DACME-1&expand=changelog,renderedFields,names`,
          as: mia,
        });
        assert.equal(got.statusCode, 200, got.body);
        assert.deepEqual(spec.validate('jira', 'get', '/rest/api/3/search', 200, got.json()), []);
        const issue = got.json().issues[0];
        assert.equal(issue.fields.assignee.accountId, noah);
        assert.ok(issue.changelog.histories.length > 0);
        const posted = await veil.request({
          method: 'POST',
          url: `/rest/api/${version}/search`,
          as: mia,
          body: { jql: 'key = ACME-1', fields: ['summary', '-assignee'], expand: ['names'] },
        });
        assert.equal(posted.statusCode, 200, posted.body);
        assert.deepEqual(spec.validate('jira', 'post', '/rest/api/3/search', 200, posted.json()), []);
        assert.deepEqual(Object.keys(posted.json().issues[0].fields), ['summary']);
      }
      const ids = (await veil.request({ url: '/rest/api/3/search/jql?jql=key%3DACME-1', as: mia })).json();
      assert.deepEqual(spec.validate('jira', 'get', '/rest/api/3/search/jql', 200, ids), []);
      assert.equal(ids.issues[0].fields, undefined, 'search/jql returns ids by default');
      const all = await veil.request({
        url: '/rest/api/3/search/jql?jql=key%3DACME-1&fields=*all&fields=-summary',
        as: mia,
      });
      assert.equal(all.json().issues[0].fields.summary, undefined);
      assert.equal(all.json().issues[0].fields.reporter.accountId, miaId);
    });

    it('refuses what it cannot answer exactly with a 400 that names it, and bad JQL', async () => {
      const refused: [string, RegExp][] = [
        ['nosuchfield = 1', /nosuchfield/],
        ['assignee ~ mia', /'~' with 'assignee'/],
        ['status = Nonsense', /Nonsense/],
        ['assignee = approver(x)', /approver\(\)/],
        ['created > "yesterday"', /yesterday/],
        ['issue.property[x].y = 1', /property/],
        ['project = ACME ORDER BY assignee', /ORDER BY assignee/],
        ['project = ', /.+/],
        ['key = "not a key"', /not a key/],
      ];
      for (const [jql, message] of refused) {
        const response = await search(jql);
        assert.equal(response.statusCode, 400, `${jql}: ${response.body}`);
        assert.match(response.json().errorMessages[0], message, jql);
      }
    });

    it("validates JQL in jql/parse against the site's own fields, functions and projects", async () => {
      const queries = [
        'project = ACME AND "Reviewer" is EMPTY ORDER BY key',
        'project = NOPE AND nosuch = 1 AND assignee in openSprints()',
      ];
      const parse = (validation: string) =>
        veil.request({
          method: 'POST',
          url: `/rest/api/3/jql/parse?validation=${validation}`,
          as: mia,
          body: { queries },
        });
      const strict = (await parse('strict')).json();
      assert.deepEqual(spec.validate('jira', 'post', '/rest/api/3/jql/parse', 200, strict), []);
      assert.ok(strict.queries[0].structure);
      assert.equal(strict.queries[0].errors, undefined);
      assert.equal(strict.queries[1].structure, undefined);
      assert.deepEqual(strict.queries[1].errors, [
        "The value 'NOPE' does not exist for the field 'project'.",
        "Field 'nosuch' does not exist or you do not have permission to view it.",
        "Unable to find JQL function 'openSprints()'.",
      ]);
      const warn = (await parse('warn')).json();
      assert.ok(warn.queries[1].structure);
      assert.equal(warn.queries[1].errors.length, 3);
      const none = (await parse('none')).json();
      assert.equal(none.queries[1].errors, undefined);
      assert.ok(none.queries[1].structure);
    });

    it('answers 404 for assignable users of an issue that does not exist', async () => {
      for (const [query, status] of [
        ['issueKey=ACME-1', 200],
        ['issueKey=ACME-999999', 404],
        ['issueId=999999', 404],
      ] as const) {
        const response = await veil.request({ url: `/rest/api/3/user/assignable/search?${query}`, as: mia });
        assert.equal(response.statusCode, status, `${query}: ${response.body}`);
      }
      const existing = (await search('key = ACME-2', '&fields=summary')).json().issues[0].id;
      const byId = await veil.request({
        url: `/rest/api/3/user/assignable/search?issueId=${existing}`,
        as: mia,
      });
      assert.equal(byId.statusCode, 200, byId.body);
    });

    it('never matches a user field on a name or an email, only on accountIds', async () => {
      for (const value of ['Noah Brenner', 'noah@example.com', 'noah', 'Noah']) {
        const response = await search(
          `assignee = "${value}" OR reporter = "${value}" OR watcher = "${value}"`,
        );
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json().issues, [], value);
      }
    });

    it('searches only for callers who may browse the site, and only its issues', async () => {
      const outsider = await veil.request({
        url: '/rest/api/3/search?jql=project%3DACME',
        as: demoPerson('sofia'),
        headers: { host: 'globex.localhost' },
      });
      assert.equal(outsider.statusCode, 200, outsider.body);
      assert.deepEqual(outsider.json().issues, [], 'no ACME issue on another site');
      const anonymous = await veil.request({ url: '/rest/api/3/search?jql=project%3DACME' });
      assert.ok([401, 404].includes(anonymous.statusCode), anonymous.body);
    });
  });
}
