import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createAccount, findAccount, getAccount } from '../../src/accounts/accounts.service.ts';
import { ManualClock } from '../../src/clock/clock.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Store } from '../../src/db/store.ts';
import { isVeilError } from '../../src/errors/veil-error.ts';
import {
  createOrganization,
  removeDomain,
  verifyDomain,
} from '../../src/organizations/organizations.service.ts';
import { createGroup } from '../../src/site-groups/site-groups.service.ts';
import { linkAccount, listLinks, unlinkAccount } from '../../src/sites/site-links.service.ts';
import { createSite } from '../../src/sites/site-settings.service.ts';
import { testBackends } from '../support/backends.ts';

/** The storage contract: the same behaviour on PGlite and on PostgreSQL, from an empty database up. */
for (const backend of testBackends()) {
  describe(`storage on ${backend.name}`, () => {
    let store: Store;
    const clock = new ManualClock(new Date('2026-11-22T12:00:00Z'));
    before(async () => {
      store = await backend.open();
      await createSite(store.db, clock, {
        id: 'one',
        baseUrl: 'http://one.test',
        isDefault: true,
        groups: ['jira-users'],
      });
      await createSite(store.db, clock, { id: 'two', baseUrl: 'http://two.test' });
    });
    after(() => store.close());

    it('has every table after migrating from zero, and migrating again changes nothing', async () => {
      const tables = await sql<{
        table_name: string;
      }>`select table_name from information_schema.tables where table_schema = 'public'`.execute(store.db);
      const names = tables.rows.map((r) => r.table_name);
      for (const table of [
        'accounts',
        'visibility_settings',
        'organizations',
        'organization_domains',
        'sites',
        'site_accounts',
        'groups',
        'api_tokens',
        'sessions',
      ]) {
        assert.ok(names.includes(table), `${table} exists`);
      }
      await migrateToLatest(store.db);
    });

    it('keeps global emails unique whatever their case', async () => {
      await createAccount(store.db, clock, {
        type: 'atlassian',
        email: 'Kim@Example.org',
        fullName: 'Kim Park',
      });
      await assert.rejects(
        createAccount(store.db, clock, {
          type: 'atlassian',
          email: 'kim@example.ORG',
          fullName: 'Kim Again',
        }),
        (error) => isVeilError(error, 'account.email_taken'),
      );
    });

    it('makes the same email on two sites two customer accounts', async () => {
      const first = await createAccount(store.db, clock, {
        type: 'customer',
        email: 'kim@example.org',
        fullName: 'Kim',
        customerSiteId: 'one',
      });
      const second = await createAccount(store.db, clock, {
        type: 'customer',
        email: 'kim@example.org',
        fullName: 'Kim',
        customerSiteId: 'two',
      });
      assert.notEqual(first.accountId, second.accountId);
      await assert.rejects(
        createAccount(store.db, clock, {
          type: 'customer',
          email: 'KIM@example.org',
          fullName: 'Kim',
          customerSiteId: 'one',
        }),
        (error) => isVeilError(error, 'account.email_taken'),
      );
    });

    it('derives management from verified domains, both ways', async () => {
      const person = await createAccount(store.db, clock, {
        type: 'atlassian',
        email: 'lee@initech.test',
        fullName: 'Lee Wu',
      });
      assert.equal(person.managingOrganizationId, null);
      await createOrganization(store.db, clock, {
        id: 'initech',
        name: 'Initech',
        verifiedDomains: ['INITECH.test'],
      });
      assert.equal((await getAccount(store.db, person.accountId)).managingOrganizationId, 'initech');
      await removeDomain(store.db, 'initech', 'initech.test');
      assert.equal((await getAccount(store.db, person.accountId)).managingOrganizationId, null);
      await verifyDomain(store.db, clock, 'initech', 'initech.test');
      await createOrganization(store.db, clock, { id: 'rival', name: 'Rival' });
      await assert.rejects(verifyDomain(store.db, clock, 'rival', 'initech.test'), (e) =>
        isVeilError(e, 'organization.domain_taken'),
      );
    });

    it('never lets customers or apps be managed', async () => {
      const customer = await createAccount(store.db, clock, {
        type: 'customer',
        email: 'desk@initech.test',
        fullName: 'Desk',
        customerSiteId: 'one',
      });
      assert.equal(customer.managingOrganizationId, null);
    });

    it('rolls back a transaction that fails halfway, leaving nothing', async () => {
      await assert.rejects(
        store.db.transaction().execute(async (trx) => {
          await createAccount(trx, clock, {
            accountId: 'half-written-1',
            type: 'atlassian',
            email: 'half@example.org',
            fullName: 'Half',
          });
          await createAccount(trx, clock, {
            type: 'atlassian',
            email: 'HALF@example.org',
            fullName: 'Clash',
          });
        }),
        (error) => isVeilError(error, 'account.email_taken'),
      );
      assert.equal(await findAccount(store.db, 'half-written-1'), undefined);
    });

    it('links accounts to sites with products and groups, and unlinking keeps the account', async () => {
      const person = await createAccount(store.db, clock, {
        type: 'atlassian',
        email: 'rae@example.org',
        fullName: 'Rae Lin',
      });
      await createGroup(store.db, clock, 'two', 'Developers');
      await linkAccount(store.db, clock, 'one', person.accountId, {
        products: ['jira'],
        groups: ['JIRA-USERS'],
      });
      await linkAccount(store.db, clock, 'two', person.accountId, {
        products: ['jira', 'confluence'],
        groups: ['developers'],
      });
      const [link] = await listLinks(store.db, 'one', [person.accountId]);
      assert.deepEqual(link?.products, ['jira']);
      assert.deepEqual(
        link?.groups.map((g) => g.name),
        ['jira-users'],
      );
      await unlinkAccount(store.db, 'one', person.accountId);
      assert.deepEqual(await listLinks(store.db, 'one', [person.accountId]), []);
      assert.equal(
        (await listLinks(store.db, 'two', [person.accountId])).length,
        1,
        'other sites keep their link',
      );
      assert.ok(await findAccount(store.db, person.accountId), 'the account is kept');
    });

    it('refuses malformed accountIds at the database too', async () => {
      await assert.rejects(
        sql`insert into accounts (account_id, account_type, status, full_name, public_name, avatar_key, created_at, updated_at) values ('bad id!', 'atlassian', 'active', 'x', 'x', 'k', now(), now())`.execute(
          store.db,
        ),
      );
    });
  });
}
