/**
 * The accounts of a world generated inside the database: one `insert … select … from generate_series`
 * per table and chunk, so ten million accounts take minutes (the rows never pass through Node). The
 * world has the same shape as `world-rows.ts` builds (the same accountIds, names, domains, proportions
 * of account types, managed accounts, visibility settings and site links), but not the same rows: the
 * choices come from `hashint8extended(index, salt)` instead of the seeded generator.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { profileFields, visibilities } from '../src/visibility/visibility.ts';
import {
  benchGroupId,
  benchSiteId,
  departments,
  firstNames,
  jobTitles,
  lastNames,
  locations,
  zones,
} from './world-rows.ts';

/** A text[] literal of constants written here (never of input). */
function textArray(values: readonly (string | null)[]): RawBuilder<unknown> {
  const items = values.map((value) => (value === null ? 'null' : `'${value.replaceAll("'", "''")}'`));
  return sql.raw(`array[${items.join(', ')}]::text[]`);
}

/** A number in [0, modulo) that depends only on the account's index `i` and the salt. */
function roll(salt: number | string, modulo: number): RawBuilder<number> {
  return sql.raw(`((hashint8extended(i, ${salt}) & 2147483647) % ${modulo})::int`);
}

/** One of the list's values, chosen by the account's index and the salt. */
function choose(list: readonly (string | null)[], salt: number): RawBuilder<string> {
  return sql`(${textArray(list)})[1 + ${roll(salt, list.length)}]`;
}

const accountId = sql.raw(`'be' || lpad(to_hex(i), 22, '0')`);
/** 1% app accounts, 1% customers of the site, the rest people (as in world-rows.ts). */
const typeRoll = roll(1, 100);
const notApp = sql`${typeRoll} >= 1`;
const notCustomer = sql`${typeRoll} <> 1`;
const generatedAt = sql.raw(`timestamptz '2026-01-01T00:00:00Z'`);

/**
 * Writes accounts [from, to) and everything that hangs off each of them; returns the milliseconds each
 * table took (printed as the generation goes, to see where the time of a 10M world goes).
 */
export async function insertAccountsInSql(
  db: Kysely<Database>,
  from: number,
  to: number,
  organizationCount: number,
): Promise<Record<string, number>> {
  const series = sql`generate_series(${from}::bigint, ${to - 1}::bigint) as i`;
  const took: Record<string, number> = {};
  const timed = async (table: string, statement: () => Promise<unknown>) => {
    const started = performance.now();
    await statement();
    took[table] = Math.round(performance.now() - started);
  };
  await timed('accounts', () => insertAccountRows(db, series, organizationCount));
  await timed('visibility_settings', () =>
    sql`insert into visibility_settings (account_id, field, visibility, locked_by_organization_id)
      select ${accountId}, f.field,
        (${textArray(visibilities)})[1 + ((hashint8extended(i, 100 + f.n) & 2147483647) % 3)::int], null
      from ${series} cross join unnest(${textArray(profileFields)}) with ordinality as f(field, n)
      where ${notApp} and ${roll(9, 2)} = 0 and (hashint8extended(i, 200 + f.n) & 2147483647) % 100 < 35`.execute(
      db,
    ),
  );
  await timed('site_accounts', () =>
    sql`insert into site_accounts (site_id, account_id, linked_at)
      select ${benchSiteId}, ${accountId}, ${generatedAt} from ${series}`.execute(db),
  );
  await timed('site_account_products', () =>
    sql`insert into site_account_products (site_id, account_id, product)
      select ${benchSiteId}, ${accountId}, 'jira' from ${series} where ${notCustomer}`.execute(db),
  );
  await timed('group_members', () =>
    sql`insert into group_members (group_id, account_id)
      select ${benchGroupId}, ${accountId} from ${series} where ${notCustomer}`.execute(db),
  );
  return took;
}

async function insertAccountRows(db: Kysely<Database>, series: RawBuilder<unknown>, orgs: number) {
  const zone = roll(8, zones.length);
  await sql`with base as (
      select i, ${accountId} as id,
        case when ${typeRoll} < 1 then 'app' when ${typeRoll} < 2 then 'customer' else 'atlassian' end as type,
        ${choose(firstNames, 3)} as first, ${choose(lastNames, 4)} as last,
        case when i % 2 = 0 then 'org' || ((i / 2) % ${orgs}) || '.bench.test'
          else 'mail' || (i % 17) || '.bench.test' end as domain,
        ${roll(7, 100)} < 80 as zoned
      from ${series}
    ), people as (
      select *, case when type = 'app' then null else lower(first || '.' || last || '.' || i || '@' || domain) end as email
      from base
    )
    insert into accounts (account_id, account_type, status, app_key, customer_site_id, email,
      email_normalized, email_domain, full_name, public_name, avatar_key, job_title, department,
      organization_name, location, time_zone, locale, created_at, updated_at)
    select id, type, case when ${roll(2, 100)} < 1 then 'deactivated' else 'active' end,
      case when type = 'app' then 'bench-app-' || i end,
      case when type = 'customer' then ${benchSiteId} end,
      email, email, case when email is not null then domain end,
      case when type = 'app' then first || ' Bot ' || i else first || ' ' || last end,
      case when ${roll(5, 100)} < 60 then first else first || ' ' || left(last, 1) || '.' end,
      'bench-avatar-' || i, ${choose(jobTitles, 6)}, ${choose(departments, 10)},
      case when i % 2 = 0 then 'Organization ' || ((i / 2) % ${orgs}) end,
      ${choose(locations, 11)},
      case when zoned then (${textArray(zones.map(([z]) => z))})[1 + ${zone}] end,
      case when zoned then (${textArray(zones.map(([, l]) => l))})[1 + ${zone}] end,
      ${generatedAt}, ${generatedAt}
    from people`.execute(db);
}

/** The organizations, each with its verified domain, and an admin for each (the even accounts first). */
export async function insertOrganizationsInSql(db: Kysely<Database>, size: number, count: number) {
  const series = sql`generate_series(0, ${count - 1}) as o`;
  await sql`insert into organizations (organization_id, name, created_at)
    select 'org' || o, 'Organization ' || o, ${generatedAt} from ${series}`.execute(db);
  await sql`insert into organization_domains (domain, organization_id, verified_at)
    select 'org' || o || '.bench.test', 'org' || o, ${generatedAt} from ${series}`.execute(db);
  await sql`insert into organization_admins (organization_id, account_id)
    select 'org' || (i / 2), ${accountId}
    from generate_series(0::bigint, ${Math.min(size, 2 * count) - 1}::bigint) as i where i % 2 = 0`.execute(
    db,
  );
}
