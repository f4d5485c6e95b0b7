/**
 * Search in the database, beside the property test (search-order.test.ts): accents are folded on both
 * sides, a hidden field is in no audience's row, the prefix query can read the term index (its plan, not
 * its time), and indexers on several connections share the queue without losing an account.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { ManualClock } from '../../src/clock/clock.ts';
import { indexEveryAccount } from '../../src/directory/search-bulk-index.ts';
import { audienceBits } from '../../src/directory/search-rows.ts';
import { loadScenario } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { prefixCandidatesQuery, sparseCandidates } from '../../src/tracker/user-search.repository.ts';
import { findSiteUsers, normalizeQuery } from '../../src/tracker/user-search.ts';
import { testBackends } from '../support/backends.ts';
import { startVeilWithDirectoryForSuite } from '../support/veil-with-directory.ts';

const scenario: Scenario = {
  sites: [
    {
      id: 'main',
      baseUrl: 'http://127.0.0.1:8080',
      hosts: ['main.localhost'],
      default: true,
      products: ['jira'],
    },
  ],
  accounts: [
    {
      accountId: 'zoe',
      type: 'atlassian',
      status: 'active',
      email: 'zoe@example.com',
      fullName: 'Zoë Ångström',
      publicName: 'Zoë',
      visibility: { fullName: 'anyone', email: 'only-you' },
      sites: { main: { products: ['jira'], groups: [] } },
    },
    {
      accountId: 'quiet',
      type: 'atlassian',
      status: 'active',
      email: 'quiet@example.com',
      fullName: 'Quentin Hiddenname',
      publicName: 'Q',
      visibility: { fullName: 'only-you', email: 'only-you' },
      sites: { main: { products: ['jira'], groups: [] } },
    },
  ],
};

for (const backend of testBackends()) {
  describe(`search in the database on ${backend.name}`, () => {
    const world = startVeilWithDirectoryForSuite(backend, scenario);

    const found = async (query: string) => {
      const site = world.directory.site('main')!;
      const criterion = { kind: 'prefix', query: normalizeQuery(query) } as const;
      const page = await findSiteUsers(world.directory, {
        site,
        viewer: { kind: 'anonymous' },
        criterion,
        startAt: 0,
        maxResults: 10,
      });
      return page.map((match) => match.entry.account.accountId);
    };

    it('finds "Zoë" by "zoe", "zoë", "ZOË" and "angs"', async () => {
      for (const query of ['zoe', 'zoë', 'ZOË', 'Zoe Ång', 'angs', 'ångström'])
        assert.deepEqual(await found(query), ['zoe'], query);
    });

    it('holds no hidden field in any audience that may not see it', async () => {
      assert.deepEqual(await found('hiddenname'), []);
      assert.deepEqual(await found('quiet@'), []);
      const rows = await world.veil.store.db
        .selectFrom('account_search_terms')
        .select(['term', 'audiences'])
        .where('account_id', '=', 'quiet')
        .execute();
      const strangers = audienceBits['signed-in'];
      assert.ok(rows.some((row) => row.term === 'q' && (row.audiences & strangers) !== 0));
      assert.ok(!rows.some((row) => row.term.includes('hiddenname')), JSON.stringify(rows));
      const emailApi = rows.filter((row) => (row.audiences & audienceBits['email-api']) !== 0);
      assert.ok(
        emailApi.some((row) => row.term === 'quiet@example.com'),
        'the Email API finds the email',
      );
    });

    it('reads a prefix from the term index', async () => {
      const query = prefixCandidatesQuery(
        { siteId: 'main', audience: 1, organization: { except: [] }, exceptAccountId: null, query: 'zo' },
        1001,
        0,
      );
      const plan = await world.veil.store.db.transaction().execute(async (trx) => {
        // Two accounts fit in one page, which a sequential scan reads faster; the question is whether the
        // index applies to the prefix's range (its collation), as it must at a million accounts.
        await sql`set local enable_seqscan = off`.execute(trx);
        const compiled = query.compile(trx);
        const explained = await trx.executeQuery({ ...compiled, sql: `explain ${compiled.sql}` });
        return explained.rows.map((row) => Object.values(row as object).join(' ')).join('\n');
      });
      assert.match(plan, /account_search_terms_order/, plan);
    });
  });
}

/** `count` people whose name order is not their accountId order. */
function crowdOf(count: number): Scenario {
  return {
    ...scenario,
    accounts: Array.from({ length: count }, (_, index) => ({
      ...scenario.accounts![0]!,
      accountId: `crowd-${String(index).padStart(4, '0')}`,
      email: `crowd.${index}@example.com`,
      fullName: `Crowd ${(index * 7919) % 1009}`,
      publicName: `C${index % 7}`,
    })),
  };
}

const crowd = crowdOf(40);

for (const backend of testBackends()) {
  describe(`a common prefix, read page by page, on ${backend.name}`, () => {
    const many = crowdOf(400);
    const world = startVeilWithDirectoryForSuite(backend, many);

    it('answers in name order from a range of the name order, with few eligible people over many pages', async () => {
      const site = world.directory.site('main')!;
      const eligible = (accountId: string) => Number(accountId.slice(-4)) % 9 === 0;
      const expected = many
        .accounts!.filter((account) => eligible(account.accountId!))
        .map((account) => ({ key: account.fullName!.toLowerCase(), id: account.accountId! }))
        .sort((a, b) => (a.key === b.key ? (a.id < b.id ? -1 : 1) : a.key < b.key ? -1 : 1))
        .map((account) => account.id);
      // "c" starts more than a thousand terms, every one of a name that starts with it: the page comes
      // from that range of the name order, and the term index holds no other candidate.
      const scope = { siteId: 'main', audience: 1, organization: { except: [] }, exceptAccountId: null };
      assert.deepEqual(await sparseCandidates(world.directory.db, { ...scope, query: 'c' }, 1000, 0), []);
      // "1" starts words inside names only (Crowd 1…): more than 5 such rows is a dense rest.
      assert.equal(await sparseCandidates(world.directory.db, { ...scope, query: '1' }, 5, 0), null);
      for (const criterion of [{ kind: 'prefix', query: 'c' }, { kind: 'everyone' }] as const) {
        const page = await findSiteUsers(world.directory, {
          site,
          viewer: { kind: 'anonymous' },
          criterion,
          isEligible: (entry) => eligible(entry.account.accountId),
          startAt: 5,
          maxResults: 30,
        });
        const ids = page.map((match) => match.entry.account.accountId);
        assert.deepEqual(ids, expected.slice(5, 35), criterion.kind);
      }
    });
  });
}

for (const backend of testBackends()) {
  describe(`search indexers on two connections, on ${backend.name}`, () => {
    it('share the queue (skip locked) and index every account once the queue is empty', async () => {
      const [first, second] = await backend.openPair();
      try {
        await loadScenario(first.db, new ManualClock(new Date('2026-11-22T12:00:00Z')), crowd);
        await Promise.all([
          indexEveryAccount(first.db, { batchSize: 3 }),
          indexEveryAccount(second.db, { batchSize: 5 }),
        ]);
        const pending = await first.db.selectFrom('search_pending').select('account_id').execute();
        assert.deepEqual(pending, []);
        const rows = await first.db
          .selectFrom('account_search_names')
          .select(['account_id', 'audiences', 'words'])
          .where('active', '=', true)
          .execute();
        const strangers = rows.filter((row) => (row.audiences & audienceBits['signed-in']) !== 0);
        assert.equal(new Set(strangers.map((row) => row.account_id)).size, 40);
        assert.equal(strangers.length, 40, 'one row per account and audience');
        assert.ok(strangers.every((row) => row.words.includes('crowd')));
      } finally {
        await second.close();
        await first.close();
      }
    });
  });
}
