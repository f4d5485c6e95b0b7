import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { countAccounts } from '../../src/accounts/accounts.repository.ts';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import type { Store } from '../../src/db/store.ts';
import { isVeilError } from '../../src/errors/veil-error.ts';
import { loadScenario, parseScenario } from '../../src/scenarios/scenario.loader.ts';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import { testBackends } from '../support/backends.ts';

const broken = {
  organizations: [
    { id: 'acme', name: 'Acme', verifiedDomains: ['acme.test'], admins: ['missing-admin'] },
    { id: 'acme', name: 'Acme again', verifiedDomains: ['acme.test'] },
  ],
  sites: [
    { id: 'one', baseUrl: 'http://one.test', default: true, groups: ['devs'] },
    { id: 'two', baseUrl: 'ftp://nope', default: true, colour: 'blue' },
  ],
  accounts: [
    { accountId: 'has spaces', type: 'atlassian', email: 'a@acme.test', fullName: 'A' },
    {
      type: 'atlassian',
      email: 'free@example.org',
      fullName: 'Free',
      visibility: { email: 'organization' },
      locked: ['email'],
    },
    { type: 'app', fullName: 'No key' },
    { type: 'customer', email: 'cu@example.org', fullName: 'Cu' },
    {
      type: 'atlassian',
      email: 'A@ACME.test',
      fullName: 'Twin',
      timeZone: 'Nowhere/Else',
      sites: { one: { groups: ['ops'] }, three: {} },
    },
  ],
};

describe('scenario validation', () => {
  it('lists every problem with its JSON path, the shape first', () => {
    const shape = findScenarioProblems(broken).map((p) => p.path);
    assert.ok(shape.includes('$.sites[1].colour'), shape.join(', '));
    assert.ok(shape.includes('$.sites[1].baseUrl'));
    assert.ok(shape.includes('$.accounts[0].accountId'));
  });

  it('lists every reference problem once the shape is right', () => {
    const fixed = structuredClone(broken) as typeof broken;
    delete (fixed.sites[1] as Record<string, unknown>).colour;
    fixed.sites[1]!.baseUrl = 'http://two.test';
    fixed.accounts[0]!.accountId = 'ok-id';
    const paths = findScenarioProblems(fixed).map((p) => p.path);
    for (const expected of [
      '$.organizations[0].admins[0]',
      '$.organizations[1].id',
      '$.organizations[1].verifiedDomains[0]',
      '$.sites',
      '$.accounts[1].visibility.email',
      '$.accounts[1].locked',
      '$.accounts[2].appKey',
      '$.accounts[3].site',
      '$.accounts[4].email',
      '$.accounts[4].timeZone',
      '$.accounts[4].sites.one.groups[0]',
      '$.accounts[4].sites.three',
    ]) {
      assert.ok(paths.includes(expected), `${expected} missing from ${paths.join(', ')}`);
    }
  });

  it('accepts the documented example and the demo', () => {
    const example = {
      organizations: [
        { id: 'acme', name: 'Acme', verifiedDomains: ['acme.test'], admins: ['5b10ac8d82e05b22cc7d4ef5'] },
      ],
      sites: [
        {
          id: 'acme',
          baseUrl: 'http://127.0.0.1:8080',
          hosts: ['acme.localhost'],
          default: true,
          products: ['jira', 'confluence'],
          anonymousAccess: false,
          admins: ['5b10ac8d82e05b22cc7d4ef5'],
          groups: ['jira-users', 'developers'],
          projects: [{ key: 'ACME', name: 'Acme', lead: '5b10ac8d82e05b22cc7d4ef5' }],
        },
      ],
      accounts: [
        {
          accountId: '5b10ac8d82e05b22cc7d4ef5',
          type: 'atlassian',
          status: 'active',
          email: 'mia@acme.test',
          fullName: 'Mia Krystof',
          publicName: 'Mia',
          jobTitle: 'Engineer',
          department: 'R&D',
          organization: 'Acme',
          location: 'Sydney',
          timeZone: 'Australia/Sydney',
          locale: 'en-AU',
          visibility: { email: 'anyone', avatar: 'organization' },
          locked: ['email'],
          sites: { acme: { products: ['jira', 'confluence'], groups: ['jira-users'] } },
          apiTokens: ['a-token-only-for-tests'],
        },
        { type: 'customer', site: 'acme', email: 'cu@example.org', fullName: 'Cu Stomer', publicName: 'Cu' },
      ],
    };
    assert.deepEqual(findScenarioProblems(example), []);
    const demo = JSON.parse(readFileSync(demoScenarioPath, 'utf8'));
    assert.deepEqual(findScenarioProblems(demo), []);
  });

  it('reports text that is not JSON as a problem at $', () => {
    assert.throws(
      () => parseScenario('{ nope'),
      (e) => isVeilError(e, 'scenario.invalid') && e.details[0]?.path === '$',
    );
  });
});

for (const backend of testBackends()) {
  describe(`scenario loading on ${backend.name}`, () => {
    let store: Store;
    const clock = new ManualClock();
    before(async () => {
      store = await backend.open();
    });
    after(() => store.close());

    it('loads nothing when a late step fails, and the same scenario twice only once', async () => {
      const clash = {
        sites: [{ id: 'one', baseUrl: 'http://one.test' }],
        accounts: [
          { accountId: 'first-1', type: 'atlassian', email: 'x@example.org', fullName: 'X' },
          {
            accountId: 'first-2',
            type: 'atlassian',
            email: 'y@example.org',
            fullName: 'Y',
            sites: { one: {} },
          },
        ],
      } as const;
      // A scenario that passes validation but collides with what the store holds fails whole.
      await store.db
        .insertInto('accounts')
        .values({
          account_id: 'first-2',
          account_type: 'atlassian',
          status: 'active',
          full_name: 'Taken',
          public_name: 'Taken',
          avatar_key: 'pre-existing',
          created_at: new Date(),
          updated_at: new Date(),
          app_key: null,
          customer_site_id: null,
          email: null,
          email_normalized: null,
          email_domain: null,
          job_title: null,
          department: null,
          organization_name: null,
          location: null,
          time_zone: null,
          locale: null,
        })
        .execute();
      await assert.rejects(loadScenario(store.db, clock, parseScenario(JSON.stringify(clash))), (e) =>
        isVeilError(e, 'account.id_taken'),
      );
      assert.equal(await countAccounts(store.db), 1, 'only the row that was there before');
      assert.equal((await store.db.selectFrom('sites').selectAll().execute()).length, 0);
      await store.db.deleteFrom('accounts').execute();
      const first = await loadScenario(store.db, clock, parseScenario(JSON.stringify(clash)));
      assert.equal(first.loaded, true);
      const again = await loadScenario(store.db, clock, parseScenario(JSON.stringify(clash)));
      assert.equal(again.loaded, false);
      const other = parseScenario(
        JSON.stringify({ accounts: [{ type: 'atlassian', email: 'z@example.org', fullName: 'Z' }] }),
      );
      await assert.rejects(loadScenario(store.db, clock, other), (e) => isVeilError(e, 'scenario.conflict'));
    });
  });
}
