/**
 * A search finds its page in the database's search tables (an index of words and a name order per kind
 * of viewer), kept up to date one change at a time. Whatever the viewer, query, page and eligibility, and
 * after changes that move people between and within those orders, the page must be exactly what
 * deciding every account's view one by one, matching and sorting would give.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { callerFromEntry } from '../../src/directory/callers.ts';
import type { Directory } from '../../src/directory/directory.ts';
import type { DirectoryEntry } from '../../src/directory/directory-entries.ts';
import type { Scenario, ScenarioAccount } from '../../src/scenarios/scenario.schemas.ts';
import {
  compareNameThenId,
  findSiteUsers,
  findSiteUsersWithTotal,
  type SiteUserSearch,
  type UserCriterion,
} from '../../src/tracker/user-search.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { startVeilWithDirectoryForSuite } from '../support/veil-with-directory.ts';

const firstNames = ['Ada', 'Adam', 'Alan', 'Ben', 'Bea', 'Cleo', 'Cy', 'Dan', 'Dana', 'Eve'];
const lastNames = ['Abara', 'Baker', 'Bauer', 'Costa', 'Dubois', 'Eriksen'];
const visibilities = ['anyone', 'organization', 'only-you'] as const;
const organizations = ['north', 'south'];
const people = 60;

function idOf(index: number): string {
  return `search-${String(index).padStart(4, '0')}`;
}

/** People with colliding names over two organizations and an unmanaged domain, settings from `index`. */
function personAt(index: number): ScenarioAccount {
  const domain = [...organizations.map((o) => `${o}.test`), 'example.com'][index % 3]!;
  const first = firstNames[index % firstNames.length]!;
  const last = lastNames[(index * 7) % lastNames.length]!;
  const managed = domain !== 'example.com';
  // Organization visibility only for managed accounts: the API refuses it for the others.
  const options = managed ? visibilities : (['anyone', 'only-you'] as const);
  const pick = (salt: number) => options[(index * salt) % options.length]!;
  return {
    accountId: idOf(index),
    type: 'atlassian',
    status: index % 11 === 10 ? 'deactivated' : 'active',
    email: `${first.toLowerCase()}.${index}@${domain}`,
    fullName: `${first} ${last}`,
    publicName: `${first.slice(0, 2)}${index % 4}`,
    visibility: { fullName: pick(5), email: pick(3) },
    sites: { main: { products: index % 5 === 0 ? ['confluence'] : ['jira'], groups: [] } },
    apiTokens: [`search-token-${index}`],
  };
}

const scenario: Scenario = {
  platformAdmins: [idOf(1)],
  organizations: organizations.map((id, o) => ({
    id,
    name: id,
    verifiedDomains: [`${id}.test`],
    admins: [idOf(o)],
  })),
  sites: [
    {
      id: 'main',
      baseUrl: 'http://127.0.0.1:8080',
      hosts: ['main.localhost'],
      default: true,
      products: ['jira', 'confluence'],
    },
  ],
  accounts: Array.from({ length: people }, (_, index) => personAt(index)),
};

const queryArb: fc.Arbitrary<UserCriterion> = fc.oneof(
  fc.constant({ kind: 'everyone' } as const),
  fc
    .constantFrom(...firstNames, ...lastNames, 'north', 'south', 'example', 'ad', 'b', 'e', 'da', 'x')
    .chain((word) => fc.integer({ min: 1, max: word.length }).map((n) => word.slice(0, n).toLowerCase()))
    .map((query) => ({ kind: 'prefix' as const, query })),
);

/** The accounts linked to the site, from the store. */
async function siteMembers(db: Kysely<Database>, siteId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('site_accounts')
    .select('account_id')
    .where('site_id', '=', siteId)
    .execute();
  return rows.map((row) => row.account_id);
}

/** Every account of the site the search may answer, decided and matched one by one, in order. */
async function referenceSearch(directory: Directory, search: SiteUserSearch): Promise<string[]> {
  const { criterion } = search;
  const entries = await directory.entries(await siteMembers(directory.db, search.site.id));
  const matches = [...entries.keys()].flatMap((accountId) => {
    const entry = entries.get(accountId)!;
    if (entry.account.status !== 'active' || !(search.isEligible?.(entry) ?? true)) return [];
    const view = directory.viewOf(entry, search.viewer);
    const words = [view.displayName, view.publicName]
      .flatMap((name) => [name.toLowerCase(), ...name.toLowerCase().split(/[\s.,'"()-]+/)])
      .concat(view.email === undefined ? [] : [view.email.toLowerCase()]);
    if (criterion.kind === 'prefix' && !words.some((word) => word !== '' && word.startsWith(criterion.query)))
      return [];
    return [{ accountId, key: view.displayName.toLowerCase() }];
  });
  matches.sort((a, b) => compareNameThenId(a.key, a.accountId, b.key, b.accountId));
  return matches.map((match) => match.accountId);
}

for (const backend of testBackends()) {
  describe(`search order on ${backend.name}`, () => {
    const world = startVeilWithDirectoryForSuite(backend, scenario);

    const otherViewers: Viewer[] = [
      { kind: 'anonymous' },
      { kind: 'app', appKey: 'com.example', accountId: idOf(0) },
      { kind: 'email-api-app', appKey: 'com.example', accountId: idOf(0) },
    ];
    const viewerOf = async (pick: number): Promise<Viewer> =>
      otherViewers[pick - people] ??
      callerFromEntry((await world.directory.entry(idOf(pick))) as DirectoryEntry).viewer;

    const searchArb = fc.record({
      viewer: fc.integer({ min: 0, max: people + 2 }),
      criterion: queryArb,
      startAt: fc.integer({ min: 0, max: 12 }),
      maxResults: fc.integer({ min: 0, max: 15 }),
      jiraOnly: fc.boolean(),
      // Small limits send the few matches of this world down every path a large world takes.
      tuning: fc.constantFrom(
        undefined,
        { sparseLimit: 0, termLimit: 0 },
        { sparseLimit: 0, termLimit: 50 },
        { sparseLimit: 2, termLimit: 1 },
      ),
    });

    const assertSamePages = () =>
      fc.assert(
        fc.asyncProperty(searchArb, async (drawn) => {
          const site = world.directory.site('main')!;
          const search: SiteUserSearch = {
            site,
            viewer: await viewerOf(drawn.viewer),
            criterion: drawn.criterion,
            startAt: drawn.startAt,
            maxResults: drawn.maxResults,
            ...(drawn.tuning ? { tuning: drawn.tuning } : {}),
            ...(drawn.jiraOnly
              ? { isEligible: (entry) => entry.links.get('main')?.products.includes('jira') ?? false }
              : {}),
          };
          const found = (await findSiteUsers(world.directory, search)).map(
            (match) => match.entry.account.accountId,
          );
          const expected = await referenceSearch(world.directory, search);
          assert.deepEqual(found, expected.slice(search.startAt, search.startAt + search.maxResults));
          const withTotal = await findSiteUsersWithTotal(world.directory, search);
          assert.deepEqual(
            withTotal.users.map((match) => match.entry.account.accountId),
            found,
          );
          assert.equal(withTotal.total, expected.length);
        }),
        { numRuns: 300 },
      );

    it('answers exactly the page that deciding every view one by one gives', async () => {
      await assertSamePages();
    });

    it('still does after people change what they show, and their organization changes', async () => {
      for (const index of [3, 4, 5, 12, 13, 27]) {
        const response = await world.veil.request({
          method: 'PUT',
          url: '/veil/v1/me/visibility',
          as: { email: personAt(index).email!, token: `search-token-${index}` },
          body: { fullName: index % 2 === 0 ? 'anyone' : 'only-you' },
        });
        assert.equal(response.statusCode, 200, response.body);
      }
      const response = await world.veil.request({
        method: 'PUT',
        url: '/veil/v1/organizations/south/domains/example.com',
        as: { email: personAt(1).email!, token: 'search-token-1' },
      });
      assert.equal(response.statusCode < 300, true, response.body);
      await world.directory.sync();
      await assertSamePages();
    });
  });
}
