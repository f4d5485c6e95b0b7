/**
 * The directory's bounded cache of accounts, on a real store: a miss loads, a hit does not (observed
 * through `cacheStats()`), the least recently read go first when the count or the estimated bytes run
 * out, unknown ids are remembered until a change names them, a change drops what it names, a load that
 * raced a change is never kept, and an organization's change moves management.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { hashSecret } from '../../src/credentials/credentials.service.ts';
import { AccountCache, type CacheLimits, estimateEntryBytes } from '../../src/directory/account-cache.ts';
import { loadAccountData } from '../../src/directory/directory.repository.ts';
import { Directory } from '../../src/directory/directory.ts';
import { buildEntries, type StoredEntry, storedEntry } from '../../src/directory/directory-entries.ts';
import { testBackends } from '../support/backends.ts';
import type { TestVeil } from '../support/test-veil.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  createManagedAccount,
  createOrganization,
  createPatAndNoahWorld,
  startSmallWorldVeil,
} from '../support/world-builders.ts';

const { pat, noah, mia } = demoIds;
const roomy: CacheLimits = { entries: 100, bytes: 64 * 1024 * 1024, unknownIds: 100 };

for (const backend of testBackends()) {
  describe(`account cache on ${backend.name}`, () => {
    let veil: TestVeil;
    const opened: Directory[] = [];

    /** A directory of its own on the test's store, closed after the suite. */
    async function openDirectory(limits: CacheLimits = roomy): Promise<Directory> {
      const directory = await Directory.open(veil.store.db, veil.store.listen, { cache: limits });
      opened.push(directory);
      return directory;
    }

    async function rename(accountId: string, fullName: string): Promise<void> {
      await veil.store.db
        .updateTable('accounts')
        .set({ full_name: fullName })
        .where('account_id', '=', accountId)
        .execute();
    }

    before(async () => {
      veil = await startSmallWorldVeil(
        backend,
        createPatAndNoahWorld({
          organizations: [createOrganization()],
          accounts: [createManagedAccount('mia')],
        }),
      );
    });
    after(async () => {
      for (const directory of opened) await directory.close();
      await veil.close();
    });

    it('loads an account on a miss and answers the next read from the cache', async () => {
      const directory = await openDirectory();
      assert.deepEqual(directory.cacheStats(), { entries: 0, bytes: 0, hits: 0, misses: 0, unknownIds: 0 });
      const first = await directory.entry(noah);
      assert.equal(first?.account.accountId, noah);
      assert.equal(directory.cacheStats().misses, 1);
      const second = await directory.entry(noah);
      assert.equal(second, first, 'the same stored entry, not a second load');
      const stats = directory.cacheStats();
      assert.equal(stats.hits, 1);
      assert.equal(stats.misses, 1);
      assert.equal(stats.entries, 1);
      assert.ok(stats.bytes > 0);
    });

    it('shares one load between concurrent misses, and loads many misses together', async () => {
      const directory = await openDirectory();
      const [a, b] = await Promise.all([directory.entry(pat), directory.entry(pat)]);
      assert.equal(a, b);
      assert.equal(directory.cacheStats().misses, 1);
      const found = await directory.entries([pat, noah, mia, 'no-such-account', noah]);
      assert.deepEqual([...found.keys()].sort(), [pat, noah, mia].sort());
      assert.equal(directory.cacheStats().misses, 4, 'noah, mia and the unknown id, once each');
      assert.equal(directory.cacheStats().hits, 1, 'pat');
    });

    it('evicts the least recently read when the count runs out', async () => {
      const directory = await openDirectory({ ...roomy, entries: 2 });
      await directory.entry(pat);
      await directory.entry(noah);
      await directory.entry(pat); // pat is now the most recently read
      await directory.entry(mia); // noah goes
      assert.equal(directory.cacheStats().entries, 2);
      const misses = directory.cacheStats().misses;
      await directory.entry(pat);
      assert.equal(directory.cacheStats().misses, misses, 'pat stayed');
      await directory.entry(noah);
      assert.equal(directory.cacheStats().misses, misses + 1, 'noah was evicted');
    });

    it('evicts by estimated bytes', async () => {
      const probe = await openDirectory();
      const sizes = await Promise.all(
        [pat, noah, mia].map(async (id) => estimateEntryBytes((await probe.entry(id))!)),
      );
      const [patBytes = 0, noahBytes = 0, miaBytes = 0] = sizes;
      const directory = await openDirectory({
        ...roomy,
        bytes: patBytes + noahBytes + Math.min(miaBytes, patBytes) - 1,
      });
      await directory.entry(pat);
      await directory.entry(noah);
      assert.equal(directory.cacheStats().entries, 2);
      assert.equal(directory.cacheStats().bytes, patBytes + noahBytes);
      await directory.entry(mia);
      const stats = directory.cacheStats();
      assert.ok(stats.bytes <= patBytes + noahBytes + Math.min(miaBytes, patBytes) - 1);
      assert.ok(stats.entries < 3, 'the oldest went to make room');
      const misses = stats.misses;
      await directory.entry(pat);
      assert.equal(directory.cacheStats().misses, misses + 1, 'pat, the least recently read, was evicted');
    });

    it('remembers an unknown id until a change names it', async () => {
      const directory = await openDirectory();
      assert.equal(await directory.entry('late-comer'), undefined);
      assert.equal(await directory.entry('late-comer'), undefined);
      assert.equal(directory.cacheStats().misses, 1);
      assert.equal(directory.cacheStats().unknownIds, 1);
      await sql`insert into accounts (account_id, account_type, status, full_name, public_name, avatar_key, created_at, updated_at)
        values ('late-comer', 'atlassian', 'active', 'Late Comer', 'Late', 'late-comer-avatar', now(), now())`.execute(
        veil.store.db,
      );
      await directory.sync();
      assert.equal((await directory.entry('late-comer'))?.account.profile.fullName, 'Late Comer');
      assert.equal(directory.cacheStats().unknownIds, 0);
    });

    it('drops an account a change names: the next read sees the new state', async () => {
      const directory = await openDirectory();
      const before = await directory.entry(noah);
      await rename(noah, 'Noah Renamed');
      await directory.sync();
      const afterChange = await directory.entry(noah);
      assert.notEqual(afterChange, before);
      assert.equal(afterChange?.account.profile.fullName, 'Noah Renamed');
      assert.equal(directory.cacheStats().misses, 2);
      await rename(noah, 'Noah Brenner');
      await directory.sync();
    });

    it('finds an account by API token through the store, and forgets a revoked one', async () => {
      const directory = await openDirectory();
      const hash = hashSecret(demoPerson('noah').token);
      const owner = await directory.token(hash);
      assert.equal(owner?.accountId, noah);
      assert.deepEqual(await directory.token(hash), owner);
      const row = await veil.store.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('token_hash', '=', hash)
        .executeTakeFirstOrThrow();
      await veil.store.db.deleteFrom('api_tokens').where('token_hash', '=', hash).execute();
      await directory.sync();
      assert.equal(await directory.token(hash), undefined);
      await veil.store.db.insertInto('api_tokens').values(row).execute();
      await directory.sync();
      assert.deepEqual(await directory.token(hash), owner);
    });

    it('finds an account by email through the store, never by an address it no longer has', async () => {
      const directory = await openDirectory();
      const { email } = demoPerson('noah');
      assert.equal(await directory.accountIdForEmail(email.toUpperCase(), null), noah);
      await veil.store.db
        .updateTable('accounts')
        .set({ email: 'noah.new@example.com', email_normalized: 'noah.new@example.com' })
        .where('account_id', '=', noah)
        .execute();
      await directory.sync();
      assert.equal(await directory.accountIdForEmail(email, null), undefined);
      assert.equal(await directory.accountIdForEmail('noah.new@example.com', null), noah);
      await veil.store.db
        .updateTable('accounts')
        .set({ email, email_normalized: email })
        .where('account_id', '=', noah)
        .execute();
      await directory.sync();
      assert.equal(await directory.accountIdForEmail(email, null), noah);
    });

    it('never keeps a load that raced a change of its account', async () => {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let readDone: () => void = () => {};
      const read = new Promise<void>((resolve) => {
        readDone = resolve;
      });
      // Reads the store at once (the old name), and lands only once the change has been applied.
      const load = async (ids: readonly string[]) => {
        const data = await loadAccountData(veil.store.db, ids);
        const loaded = new Map<string, StoredEntry>();
        for (const fields of data ? buildEntries(data) : [])
          loaded.set(fields.account.accountId, storedEntry(fields));
        readDone();
        await gate;
        return loaded;
      };
      const cache = new AccountCache(roomy, load, () => true);
      const racing = cache.get(pat);
      await read;
      await rename(pat, 'Pat Changed');
      cache.forget([pat]); // what the directory does when the change arrives
      release();
      assert.equal(
        (await racing)?.account.profile.fullName,
        'Pat Platform',
        'the caller that asked gets what was read',
      );
      assert.equal(cache.stats().entries, 0, 'but it is not kept');
      assert.equal((await cache.get(pat))?.account.profile.fullName, 'Pat Changed');
      await rename(pat, 'Pat Platform');
    });

    it('moves management when an organization changes its domains', async () => {
      const directory = await openDirectory();
      assert.equal((await directory.entry(mia))?.account.managingOrganizationId, 'acme');
      await veil.store.db.deleteFrom('organization_domains').where('domain', '=', 'acme.test').execute();
      await directory.sync();
      assert.equal((await directory.entry(mia))?.account.managingOrganizationId, null);
      await veil.store.db
        .insertInto('organization_domains')
        .values({ organization_id: 'acme', domain: 'acme.test', verified_at: new Date() })
        .execute();
      await directory.sync();
      assert.equal((await directory.entry(mia))?.account.managingOrganizationId, 'acme');
    });
  });
}
