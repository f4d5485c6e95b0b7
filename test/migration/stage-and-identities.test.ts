import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

const { mia, zoe, noah } = migrationIds;
const day = 24 * 60 * 60 * 1000;

for (const backend of testBackends()) {
  describe(`migration stages and legacy identities on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const onLegacySite = (url: string, rest: Partial<TestRequest> = {}) =>
      veil.request({ url, as: migrationPerson('mia'), headers: { host: 'legacy.localhost' }, ...rest });
    const admin = (request: TestRequest) =>
      veil.request({ ...request, as: migrationPerson('olivia'), headers: { host: 'legacy.localhost' } });

    it('gives and manages legacy identities through the management API', async () => {
      const linked = await admin({
        method: 'PUT',
        url: `/veil/v1/sites/legacy/accounts/${zoe}`,
        body: { username: 'zoe' },
      });
      assert.equal(linked.statusCode, 200, linked.body);
      assert.deepEqual([linked.json().username, linked.json().userKey], ['zoe', null]);
      assert.equal((await onLegacySite('/rest/api/3/user?username=ZOE')).json().accountId, zoe);
      const taken = await admin({
        method: 'PUT',
        url: `/veil/v1/sites/legacy/accounts/${zoe}`,
        body: { username: 'Mia' },
      });
      assert.equal(taken.statusCode, 409);
      assert.equal(taken.json().code, 'migration.username_taken');
      const keyTaken = await admin({
        method: 'PUT',
        url: `/veil/v1/sites/legacy/accounts/${zoe}`,
        body: { userKey: 'mia' },
      });
      assert.equal(keyTaken.json().code, 'migration.user_key_taken');
      const bad = await admin({
        method: 'PUT',
        url: `/veil/v1/sites/legacy/accounts/${zoe}`,
        body: { username: ' zoe' },
      });
      assert.equal(bad.statusCode, 400);
      const list = await admin({ url: '/veil/v1/sites/legacy/accounts' });
      const noahLink = list
        .json()
        .find((l: { account: { accountId: string } }) => l.account.accountId === noah);
      assert.deepEqual([noahLink.username, noahLink.userKey], ['nbrenner', 'JIRAUSER10100']);
      const cleared = await admin({
        method: 'PUT',
        url: `/veil/v1/sites/legacy/accounts/${zoe}`,
        body: { username: null },
      });
      assert.equal(cleared.json().username, null);
      assert.equal((await onLegacySite('/rest/api/3/user?username=zoe')).statusCode, 404);
    });

    it('shows the stage and user fields of a site, and changes them through the management API', async () => {
      const site = (await admin({ url: '/veil/v1/sites/legacy' })).json();
      assert.deepEqual(site.migration, { stage: 'legacy', deprecationEnds: '2027-01-01T00:00:00.000Z' });
      assert.equal(site.stageNow, 'legacy');
      assert.deepEqual(site.userFields, [
        { id: 10010, name: 'Approvers' },
        { id: 10020, name: 'Tech Lead' },
      ]);
      const enforced = await admin({
        method: 'PATCH',
        url: '/veil/v1/sites/enforced',
        body: { migration: { stage: 'legacy' } },
      });
      assert.equal(enforced.statusCode, 200, enforced.body);
      assert.deepEqual(enforced.json().migration, { stage: 'legacy', deprecationEnds: null });
      const byUsername = await veil.request({
        url: '/rest/api/3/user?username=mkrystof',
        as: migrationPerson('mia'),
        headers: { host: 'enforced.localhost' },
      });
      assert.equal(byUsername.statusCode, 200, 'the change holds at once, without a restart');
      assert.equal(byUsername.json().name, 'mkrystof');
      const back = await admin({
        method: 'PATCH',
        url: '/veil/v1/sites/enforced',
        body: { migration: { stage: 'enforced' } },
      });
      assert.equal(back.json().stageNow, 'enforced');
      const duplicate = await admin({
        method: 'PATCH',
        url: '/veil/v1/sites/enforced',
        body: {
          userFields: [
            { id: 1, name: 'A' },
            { id: 2, name: 'a' },
          ],
        },
      });
      assert.equal(duplicate.statusCode, 400);
      const byMember = await onLegacySite('/veil/v1/sites/legacy');
      assert.equal(byMember.statusCode, 403, 'only site admins see the site');
    });

    it('shows anonymous callers no legacy identity, and lets them find no one by it', async () => {
      const open = await admin({
        method: 'PATCH',
        url: '/veil/v1/sites/legacy',
        body: { anonymousAccess: true },
      });
      assert.equal(open.statusCode, 200, open.body);
      const anonymous = (url: string) => veil.request({ url, headers: { host: 'legacy.localhost' } });
      const byId = await anonymous(`/rest/api/3/user?accountId=${mia}`);
      assert.equal(byId.statusCode, 200, byId.body);
      assert.equal('name' in byId.json(), false);
      assert.equal('key' in byId.json(), false);
      assert.equal(byId.headers['x-ausername'], 'anonymous');
      assert.equal((await anonymous('/rest/api/3/user?username=mia')).statusCode, 404);
      assert.equal((await anonymous('/rest/api/3/user?key=mia')).statusCode, 404);
      const wiki = await anonymous(`/wiki/rest/api/user?accountId=${mia}`);
      assert.equal(wiki.statusCode, 200, wiki.body);
      assert.equal('username' in wiki.json(), false);
      assert.equal('userKey' in wiki.json(), false);
      const closed = await admin({
        method: 'PATCH',
        url: '/veil/v1/sites/legacy',
        body: { anonymousAccess: false },
      });
      assert.equal(closed.statusCode, 200, closed.body);
    });

    // Last: the clock only moves forward.
    it('switches a legacy site to enforced when the clock passes its deprecation end, without a restart', async () => {
      const before = await onLegacySite('/rest/api/3/user?username=mia');
      assert.equal(before.statusCode, 200);
      assert.equal(before.headers['x-ausername'], 'mia');
      assert.equal(before.json().name, 'mia');
      const untilEnd = new Date('2027-01-01T00:00:00Z').getTime() - veil.clock.now().getTime();
      veil.clock.advance(untilEnd - day);
      assert.equal((await onLegacySite('/rest/api/3/user?username=mia')).statusCode, 200, 'a day before');
      veil.clock.advance(day);
      const after = await onLegacySite('/rest/api/3/user?username=mia');
      assert.equal(after.statusCode, 400, after.body);
      assert.equal(after.json().errors.username, 'is no longer available; use accountId');
      assert.equal(after.headers['x-ausername'], undefined);
      const byId = await onLegacySite(`/rest/api/3/user?accountId=${mia}`);
      assert.equal(byId.statusCode, 200);
      assert.equal('name' in byId.json(), false);
      assert.equal('key' in byId.json(), false);
      const wiki = await onLegacySite(`/wiki/rest/api/user?accountId=${mia}`);
      assert.equal('username' in wiki.json(), false);
      const site = (await admin({ url: '/veil/v1/sites/legacy' })).json();
      assert.deepEqual([site.migration.stage, site.stageNow], ['legacy', 'enforced']);
    });
  });
}

describe('legacy identities in scenario files', () => {
  const world = (overrides: { accounts?: unknown[]; sites?: unknown[] }) => ({
    sites: overrides.sites ?? [
      { id: 'one', baseUrl: 'http://one.test' },
      { id: 'two', baseUrl: 'http://two.test' },
    ],
    accounts: overrides.accounts ?? [],
  });
  const person = (email: string, sites: Record<string, unknown>) => ({
    type: 'atlassian',
    email,
    fullName: email,
    sites,
  });

  it('refuses a username or key used twice on a site, usernames case-insensitively', () => {
    const problems = findScenarioProblems(
      world({
        accounts: [
          person('a@x.test', { one: { username: 'mia', userKey: 'k1' } }),
          person('b@x.test', { one: { username: 'MIA', userKey: 'k1' } }),
        ],
      }),
    );
    assert.deepEqual(
      problems.map((p) => p.path),
      ['$.accounts[1].sites.one.username', '$.accounts[1].sites.one.userKey'],
    );
  });

  it('lets the same name live on two sites, and one person have two names', () => {
    const problems = findScenarioProblems(
      world({
        accounts: [
          person('a@x.test', { one: { username: 'mia' }, two: { username: 'mkrystof' } }),
          person('b@x.test', { two: { username: 'mia' } }),
        ],
      }),
    );
    assert.deepEqual(problems, []);
  });

  it('checks the form of identities, deprecation ends and user fields', () => {
    const problems = findScenarioProblems(
      world({
        sites: [
          {
            id: 'one',
            baseUrl: 'http://one.test',
            migration: { stage: 'legacy', deprecationEnds: 'next year' },
            userFields: [
              { id: 10010, name: 'Approvers' },
              { id: 10010, name: 'approvers' },
            ],
          },
        ],
        accounts: [person('a@x.test', { one: { username: '', userKey: 'tab\there' } })],
      }),
    );
    assert.deepEqual(problems.map((p) => p.path).sort(), [
      '$.accounts[0].sites.one.userKey',
      '$.accounts[0].sites.one.username',
      '$.sites[0].migration.deprecationEnds',
      '$.sites[0].userFields[1].id',
      '$.sites[0].userFields[1].name',
    ]);
    const stage = findScenarioProblems(
      world({ sites: [{ id: 'one', baseUrl: 'http://one.test', migration: { stage: 'opt-in' } }] }),
    );
    assert.equal(stage.length > 0, true);
  });
});
