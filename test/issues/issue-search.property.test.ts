/**
 * The executor against a brute-force filter: random queries over the user fields, status, priority and
 * labels, with AND, OR and NOT, find exactly the issues that a filter over the issues as read through
 * `GET /issue` (and `GET /issue/{key}/watchers`) finds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');

interface Seen {
  key: string;
  single: Record<string, string | null>;
  multi: Record<string, string[]>;
}

type Query = { jql: string; test: (issue: Seen) => boolean };

const people = [demoIds.mia, demoIds.noah, demoIds.liam, demoIds.olivia, demoIds.ethan, demoIds.ava];
const options: Record<string, string[]> = {
  status: ['To Do', 'In Progress', 'Done'],
  priority: ['Highest', 'High', 'Medium'],
};

function setClause(field: string, multi: boolean, values: string[], withEmpty: boolean, negated: boolean) {
  const listed = [...values.map((v) => `"${v}"`), ...(withEmpty ? ['EMPTY'] : [])];
  const jql = `${field} ${negated ? 'not in' : 'in'} (${listed.join(', ')})`;
  const test = (issue: Seen) => {
    const held = multi ? (issue.multi[field] ?? []) : [issue.single[field]].filter((v): v is string => !!v);
    const member = held.some((v) => values.includes(v));
    if (negated) return held.length > 0 && !member;
    return member || (withEmpty && held.length === 0);
  };
  return { jql, test };
}

const userClause = fc
  .record({
    field: fc.constantFrom('assignee', 'reporter', 'creator', 'watcher', 'labels', 'status', 'priority'),
    picks: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
    withEmpty: fc.boolean(),
    negated: fc.boolean(),
  })
  .map(({ field, picks, withEmpty, negated }): Query => {
    const pool = options[field] ?? (field === 'labels' ? ['ux', 'ops', 'backend', 'frontend'] : people);
    const values = picks.map((i) => pool[i % pool.length] as string);
    const empty = withEmpty && !options[field];
    return setClause(field, field === 'watcher' || field === 'labels', values, empty, negated);
  });

const query: fc.Arbitrary<Query> = fc.letrec<{ q: Query }>((tie) => ({
  q: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    userClause,
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
      jql: `(${a.jql}) AND (${b.jql})`,
      test: (i: Seen) => a.test(i) && b.test(i),
    })),
    fc.tuple(tie('q'), tie('q')).map(([a, b]) => ({
      jql: `(${a.jql}) OR (${b.jql})`,
      test: (i: Seen) => a.test(i) || b.test(i),
    })),
    tie('q').map((a) => ({ jql: `NOT (${a.jql})`, test: (i: Seen) => !a.test(i) })),
  ),
})).q;

for (const backend of testBackends()) {
  describe(`the issue search against a brute-force filter on ${backend.name}`, () => {
    let veil: TestVeil;
    const seen: Seen[] = [];
    before(async () => {
      veil = await startTestVeil(backend);
      for (let n = 1; n <= 12; n++) {
        const key = `ACME-${n}`;
        const { fields } = (await veil.request({ url: `/rest/api/3/issue/${key}`, as: mia })).json();
        const watchers = (await veil.request({ url: `/rest/api/3/issue/${key}/watchers`, as: mia })).json();
        seen.push({
          key,
          single: {
            assignee: fields.assignee?.accountId ?? null,
            reporter: fields.reporter?.accountId ?? null,
            creator: fields.creator?.accountId ?? null,
            status: fields.status.name,
            priority: fields.priority.name,
          },
          multi: {
            watcher: watchers.watchers.map((w: { accountId: string }) => w.accountId),
            labels: fields.labels,
          },
        });
      }
    });
    after(() => veil.close());

    it('finds exactly what the filter finds', async () => {
      await fc.assert(
        fc.asyncProperty(query, async ({ jql, test }) => {
          const response = await veil.request({
            method: 'POST',
            url: '/rest/api/3/search',
            as: mia,
            body: { jql, fields: ['summary'], maxResults: 100 },
          });
          assert.equal(response.statusCode, 200, `${jql}: ${response.body}`);
          const found = response
            .json()
            .issues.map((i: { key: string }) => i.key)
            .sort();
          const expected = seen
            .filter(test)
            .map((i) => i.key)
            .sort();
          assert.deepEqual(found, expected, jql);
        }),
        { numRuns: 60 },
      );
    });
  });
}
