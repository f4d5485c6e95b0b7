import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createJqlQueryArbitrary, testUserFields, userReferencePool } from '../../src/jql/jql.arbitraries.ts';
import { parseJql } from '../../src/jql/jql.parser.ts';
import { printJql } from '../../src/jql/jql.printer.ts';
import { convertUserReferences } from '../../src/jql/jql.users.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { SpecValidator } from '../support/openapi.ts';
import { startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

const { mia, noah, liam } = migrationIds;
const spec = new SpecValidator();

/** A site whose people have the usernames the JQL arbitraries use (every other one), for the property. */
function poolScenario(): { scenario: Scenario; accountIds: Map<string, string> } {
  const accountIds = new Map<string, string>();
  const accounts = userReferencePool
    .filter((_, index) => index % 2 === 0)
    .map((username, index) => {
      const accountId = `5a5a5a5a5a5a5a5a5a5a5a${String(index).padStart(2, '0')}`;
      accountIds.set(username, accountId);
      return {
        accountId,
        type: 'atlassian' as const,
        email: `person${index}@pool.test`,
        fullName: `Person ${index}`,
        sites: { pool: { products: ['jira' as const], username } },
        ...(index === 0 ? { apiTokens: ['pool-token-0'] } : {}),
      };
    });
  const scenario: Scenario = {
    sites: [
      {
        id: 'pool',
        baseUrl: 'http://pool.localhost',
        hosts: ['pool.localhost'],
        migration: { stage: 'legacy' },
        userFields: [
          { id: 10010, name: 'Other name' },
          { id: 1, name: 'Approvers' },
        ],
      },
    ],
    accounts,
  };
  return { scenario, accountIds };
}

for (const backend of testBackends()) {
  describe(`the JQL converter and parser on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const post = (url: string, body: unknown, rest: Partial<TestRequest> = {}) =>
      veil.request({
        method: 'POST',
        url,
        body,
        as: migrationPerson('mia'),
        headers: { host: 'legacy.localhost' },
        ...rest,
      });
    const clean = async (queryStrings: string[]) => {
      const response = await post('/rest/api/3/jql/pdcleaner', { queryStrings });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(spec.validate('jira', 'POST', '/rest/api/3/jql/pdcleaner', 200, response.json()), []);
      return response.json();
    };

    it('converts the example of the spec, with the unknown user reported and written as unknown', async () => {
      const body = await clean([
        'assignee = alana',
        'issuetype = Bug AND assignee in (mia) AND reporter in (nbrenner) order by lastViewed DESC',
      ]);
      assert.deepEqual(body, {
        queryStrings: [
          `issuetype = Bug AND assignee in (${mia}) AND reporter in (${noah}) order by lastViewed DESC`,
        ],
        queriesWithUnknownUsers: [
          { originalQuery: 'assignee = alana', convertedQuery: 'assignee = unknown' },
        ],
      });
    });

    it('converts keys, history predicates, user functions and the site user fields, and nothing else', async () => {
      const body = await clean([
        'assignee = JIRAUSER10100 AND watcher = MIA',
        'status was Done by liam AND assignee changed from mia to nbrenner after "2019/01/01"',
        'cf[10010] = mia AND Approvers in (liam) AND "Tech Lead" = mia AND cf[10011] = mia AND project = mia',
        'reporter = currentUser() AND assignee in membersOf(developers) AND issue in updatedBy(liam, "-1d")',
      ]);
      assert.deepEqual(body.queryStrings, [
        `assignee = ${noah} AND watcher = ${mia}`,
        `status was Done by ${liam} AND assignee changed from ${mia} to ${noah} after "2019/01/01"`,
        `cf[10010] = ${mia} AND Approvers in (${liam}) AND "Tech Lead" = ${mia} AND cf[10011] = mia AND project = mia`,
        `reporter = currentUser() AND assignee in membersOf(developers) AND issue in updatedBy(${liam}, "-1d")`,
      ]);
    });

    it('changes only the user references, keeping the spelling of everything else', async () => {
      const body = await clean([
        `assignee  IN ("mia", 'liam') and reporter was nbrenner BY "JIRAUSER10100" order by created`,
      ]);
      assert.deepEqual(body.queryStrings, [
        `assignee  IN (${mia}, ${liam}) and reporter was ${noah} BY ${noah} order by created`,
      ]);
    });

    it('gives back a query with nothing to convert exactly as written, and accountIds as they are', async () => {
      const queries = ['project = ACME order by  created desc', `assignee = ${mia}`, ''];
      assert.deepEqual((await clean(queries)).queryStrings, queries);
    });

    it('refuses malformed JQL with the position and what was expected, naming the query', async () => {
      const response = await post('/rest/api/3/jql/pdcleaner', {
        queryStrings: ['assignee = mia', 'assignee = mia AND', 'project in (A'],
      });
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json();
      assert.deepEqual(spec.validateComponent('jira', 'ErrorCollection', body), []);
      assert.deepEqual(Object.keys(body.errors), ['queryStrings[1]', 'queryStrings[2]']);
      assert.match(
        body.errors['queryStrings[1]'],
        /Expecting .*field name.* but got the end of the query\. \(line 1, character 19\)/,
      );
      assert.match(body.errors['queryStrings[2]'], /Expecting either ',' or '\)'/);
    });

    it('takes at most 100 queries, and needs them and a signed-in caller', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `assignee = mia AND priority = ${i}`);
      assert.equal((await clean(hundred)).queryStrings.length, 100);
      const tooMany = await post('/rest/api/3/jql/pdcleaner', { queryStrings: [...hundred, 'x = 1'] });
      assert.equal(tooMany.statusCode, 400);
      assert.match(tooMany.json().errorMessages[0], /100/);
      assert.equal((await post('/rest/api/3/jql/pdcleaner', {})).statusCode, 400);
      assert.equal((await post('/rest/api/3/jql/pdcleaner', { queryStrings: [1] })).statusCode, 400);
      const anonymous = await veil.request({
        method: 'POST',
        url: '/rest/api/3/jql/pdcleaner',
        body: { queryStrings: [] },
        headers: { host: 'legacy.localhost' },
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('converts on an enforced site too, with the names of that site', async () => {
      const response = await post(
        '/rest/api/3/jql/pdcleaner',
        { queryStrings: ['assignee = mkrystof OR reporter = mia'] },
        { headers: { host: 'enforced.localhost', 'x-atlassian-force-account-id': 'true' } },
      );
      assert.deepEqual(response.json().queriesWithUnknownUsers, [
        {
          originalQuery: 'assignee = mkrystof OR reporter = mia',
          convertedQuery: `assignee = ${mia} OR reporter = unknown`,
        },
      ]);
    });

    it('parses queries into the structure of the spec, and reports syntax errors per query', async () => {
      const queries = [
        'summary ~ test AND (labels in (urgent, blocker) OR lastCommentedBy = currentUser()) AND status CHANGED AFTER startOfMonth(-1M) ORDER BY updated DESC',
        'issue.property["spaces here"].value in ("Service requests", Incidents)',
        'assignee was not in (mia, EMPTY) by liam before "2019/02/02" AND NOT cf[10010] is EMPTY',
        'invalid query',
      ];
      // `none`: the structure of every query that parses, whatever fields and functions it names.
      const response = await post('/rest/api/3/jql/parse?validation=none', { queries });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.deepEqual(spec.validate('jira', 'POST', '/rest/api/3/jql/parse', 200, body), []);
      const [first, second, third, fourth] = body.queries;
      assert.deepEqual(first.structure.orderBy, {
        fields: [{ field: { name: 'updated', encodedName: 'updated' }, direction: 'desc' }],
      });
      assert.equal(first.structure.where.operator, 'and');
      assert.deepEqual(first.structure.where.clauses[2], {
        field: { name: 'status', encodedName: 'status' },
        operator: 'changed',
        predicates: [
          {
            operator: 'after',
            operand: { function: 'startOfMonth', arguments: ['-1M'], encodedOperand: 'startOfMonth(-1M)' },
          },
        ],
      });
      assert.deepEqual(second.structure.where.field, {
        name: 'issue.property[spaces here].value',
        encodedName: 'issue.property["spaces here"].value',
        property: [{ entity: 'issue', key: 'spaces here', path: 'value' }],
      });
      assert.deepEqual(second.structure.where.operand.values, [
        { value: 'Service requests', encodedValue: '"Service requests"' },
        { value: 'Incidents', encodedValue: 'Incidents' },
      ]);
      assert.deepEqual(third.structure.where.clauses[1], {
        operator: 'not',
        clauses: [
          {
            field: { name: 'cf[10010]', encodedName: 'cf[10010]' },
            operator: 'is',
            operand: { keyword: 'empty' },
          },
        ],
      });
      assert.equal(fourth.structure, undefined);
      assert.match(fourth.errors[0], /^Error in the JQL Query: Expecting .* but got 'query'/);
      const empty = await post('/rest/api/3/jql/parse', { queries: [''] });
      assert.equal(empty.statusCode, 400);
    });
  });

  describe(`pdcleaner as a property on ${backend.name}`, () => {
    let veil: TestVeil;
    const { scenario, accountIds } = poolScenario();
    before(async () => {
      veil = await startTestVeil(backend, scenario);
    });
    after(() => veil.close());

    it('converts every user position of generated queries and keeps every other clause', async () => {
      // The site's user fields are those the generator uses: cf[10010] and Approvers.
      assert.deepEqual(testUserFields, new Set(['cf[10010]', 'approvers']));
      const known = new Set(accountIds.values());
      const resolve = (reference: string) =>
        accountIds.get(reference) ?? (known.has(reference) ? reference : null);
      const options = { userFields: testUserFields };
      const batches = fc.sample(
        fc.array(createJqlQueryArbitrary({ userReferences: true }), { minLength: 1, maxLength: 100 }),
        {
          numRuns: 5,
          seed: 4,
        },
      );
      for (const batch of batches) {
        const response = await veil.request({
          method: 'POST',
          url: '/rest/api/3/jql/pdcleaner',
          body: { queryStrings: batch.map(printJql) },
          as: { email: 'person0@pool.test', token: 'pool-token-0' },
          headers: { host: 'pool.localhost' },
        });
        assert.equal(response.statusCode, 200, response.body);
        const { queryStrings, queriesWithUnknownUsers } = response.json();
        const converted = [
          ...queryStrings,
          ...queriesWithUnknownUsers.map((q: { convertedQuery: string }) => q.convertedQuery),
        ];
        const expected = batch.map((query) => convertUserReferences(query, resolve, options));
        const expectedTexts = [
          ...expected.filter((c) => c.unknownUsers.length === 0),
          ...expected.filter((c) => c.unknownUsers.length > 0),
        ].map((c) => c.query);
        assert.equal(converted.length, batch.length);
        for (const [index, text] of converted.entries()) {
          assert.deepEqual(parseJql(text), { ok: true, query: expectedTexts[index] }, text);
        }
      }
    });
  });
}
