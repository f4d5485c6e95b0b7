import type { Insertable } from 'kysely';
import { hashSecret } from '../src/credentials/credentials.service.ts';
import type { Database } from '../src/db/schema.ts';
import { profileFields, visibilities } from '../src/visibility/visibility.ts';

/** The rows of a generated world, table by table, ready for bulk INSERTs. */
export type WorldRows = { [T in keyof Database]: Insertable<Database[T]>[] };

/** A person the benchmark signs in as (email and API token). */
export interface BenchPerson {
  readonly accountId: string;
  readonly email: string;
  readonly emailDomain: string;
  readonly token: string;
}

/** Who the benchmark signs in as: a member of the first organization, linked to the site. */
export const benchCaller: BenchPerson = Object.freeze({
  accountId: 'bench-caller-0000000001',
  email: 'bench.caller@org0.bench.test',
  emailDomain: 'org0.bench.test',
  token: 'bench-token-0000000001',
});

/**
 * The second bench caller: a person in no organization (a public email domain). The staleness run has
 * it watch `benchCaller`'s email appear and disappear as the caller changes who may see it.
 */
export const benchObserver: BenchPerson = Object.freeze({
  accountId: 'bench-observer-000000001',
  email: 'bench.observer@public.bench.test',
  emailDomain: 'public.bench.test',
  token: 'bench-token-0000000002',
});

export const benchSiteId = 'bench';
export const benchGroupId = 'bench-jira-users';

export const firstNames = (
  'Ada Alan Alice Amara Anna Arjun Ben Bianca Carla Chen Chloe Daniel Diego Elena Emil Emma Eva Farah ' +
  'Felix Grace Hana Hugo Ines Isaac Ivan Jade James Jana Joao Jonas Julia Kai Karim Kate Lars Layla Leo ' +
  'Lina Luca Maya Mia Mika Nadia Nina Noah Olga Omar Oscar Paula Priya Quinn Rafael Rosa Ruth Sam Sara ' +
  'Selin Sofia Tariq Tess Theo Uma Victor Wei Xena Yara Yusuf Zoe'
).split(' ');
export const lastNames = (
  'Abara Andersen Baker Bauer Brown Castro Chen Costa Dubois Eriksen Fischer Garcia Gomez Hansen Ito ' +
  'Jansen Kato Kim Klein Kowalski Larsen Lee Lopez Martin Meyer Moreau Muller Nakamura Nguyen Novak ' +
  'Okafor Olsen Park Patel Pereira Petrov Rossi Santos Schmidt Silva Smith Suzuki Tanaka Taylor Torres ' +
  'Visser Wagner Walker Weber Wong Yamada Young Zhang Zielinski'
).split(' ');
export const departments = ['R&D', 'Sales', 'Support', 'Finance', 'People', 'Legal', 'Design', null];
export const jobTitles = ['Engineer', 'Designer', 'Manager', 'Analyst', 'Writer', 'Director', null];
export const locations = ['Sydney', 'Berlin', 'Lisbon', 'Toronto', 'Nairobi', 'Osaka', 'Remote', null];
export const zones: [string, string][] = [
  ['Australia/Sydney', 'en-AU'],
  ['Europe/Berlin', 'de-DE'],
  ['Europe/Lisbon', 'pt-PT'],
  ['America/Toronto', 'en-CA'],
  ['Africa/Nairobi', 'sw-KE'],
  ['Asia/Tokyo', 'ja-JP'],
];

/** A small seeded generator (mulberry32), so every run builds the same world. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A 24-hex-digit accountId, the form Veil generates, derived from the account's index. */
export function accountIdOf(index: number): string {
  return `be${index.toString(16).padStart(22, '0')}`;
}

/** How many organizations a world of `size` accounts has: one per 2,000 accounts. */
export function organizationCountOf(size: number): number {
  return Math.max(1, Math.round(size / 2000));
}

const generatedAt = new Date('2026-01-01T00:00:00Z');

/** The rows every world has whatever its size: the site, its product and group, the organizations. */
export function worldHeadRows(size: number): WorldRows {
  const now = generatedAt;
  const rows = emptyRows();
  const organizationCount = organizationCountOf(size);
  rows.sites.push({ site_id: benchSiteId, base_url: 'http://bench.localhost', created_at: now });
  rows.sites[0]!.is_default = true;
  rows.site_products.push({ site_id: benchSiteId, product: 'jira' });
  rows.groups.push({
    group_id: benchGroupId,
    site_id: benchSiteId,
    name: 'jira-users',
    name_normalized: 'jira-users',
    created_at: now,
  });
  for (let o = 0; o < organizationCount; o++) {
    rows.organizations.push({ organization_id: `org${o}`, name: `Organization ${o}`, created_at: now });
    rows.organization_domains.push({
      domain: `org${o}.bench.test`,
      organization_id: `org${o}`,
      verified_at: now,
    });
  }
  return rows;
}

/**
 * The accounts of a world of `size` accounts, `chunk` at a time (each chunk's rows are written and let
 * go before the next is built, so a world of a million accounts is never in memory at once). Seeded:
 * the same size always gives the same rows.
 */
export function* accountRowChunks(size: number, chunk: number, seed = 42): Generator<WorldRows> {
  const random = createRandom(seed);
  const organizationCount = organizationCountOf(size);
  for (let from = 0; from < size; from += chunk) {
    const rows = emptyRows();
    const to = Math.min(size, from + chunk);
    for (let index = from; index < to; index++) {
      addAccount(rows, random, index, organizationCount, generatedAt);
    }
    yield rows;
  }
}

/** The rows written after the accounts: the bench callers and a platform admin. */
export function worldTailRows(): WorldRows {
  const rows = emptyRows();
  for (const caller of [benchCaller, benchObserver]) addCaller(rows, caller, generatedAt);
  rows.platform_admins.push({ account_id: accountIdOf(1) });
  return rows;
}

export function emptyRows(): WorldRows {
  const tables: (keyof Database)[] = [
    'accounts',
    'platform_admins',
    'scenario_loads',
    'visibility_settings',
    'organizations',
    'organization_domains',
    'organization_admins',
    'sites',
    'site_hosts',
    'site_products',
    'site_admins',
    'site_accounts',
    'site_account_products',
    'groups',
    'group_members',
    'projects',
    'api_tokens',
    'sessions',
  ];
  return Object.fromEntries(tables.map((table) => [table, []])) as unknown as WorldRows;
}

function addAccount(rows: WorldRows, random: () => number, index: number, orgs: number, now: Date) {
  const id = accountIdOf(index);
  const first = pick(random, firstNames);
  const last = pick(random, lastNames);
  const roll = random();
  const type = roll < 0.01 ? 'app' : roll < 0.02 ? 'customer' : 'atlassian';
  // Even accounts sit in an organization's verified domain (managed), odd ones in a public domain.
  const domain = index % 2 === 0 ? `org${(index / 2) % orgs}.bench.test` : `mail${index % 17}.bench.test`;
  const email = type === 'app' ? null : `${first}.${last}.${index}@${domain}`.toLowerCase();
  const [timeZone, locale] = random() < 0.8 ? pick(random, zones) : [null, null];
  rows.accounts.push({
    account_id: id,
    account_type: type,
    status: random() < 0.01 ? 'deactivated' : 'active',
    app_key: type === 'app' ? `bench-app-${index}` : null,
    customer_site_id: type === 'customer' ? benchSiteId : null,
    email,
    email_normalized: email,
    email_domain: email ? domain : null,
    full_name: type === 'app' ? `${first} Bot ${index}` : `${first} ${last}`,
    public_name: random() < 0.6 ? first : `${first} ${last[0]}.`,
    avatar_key: `bench-avatar-${index}`,
    job_title: pick(random, jobTitles),
    department: pick(random, departments),
    organization_name: index % 2 === 0 ? `Organization ${(index / 2) % orgs}` : null,
    location: pick(random, locations),
    time_zone: timeZone,
    locale,
    created_at: now,
    updated_at: now,
  });
  if (type !== 'app' && random() < 0.5) {
    const fields = profileFields.filter(() => random() < 0.35);
    for (const field of fields) {
      rows.visibility_settings.push({
        account_id: id,
        field,
        visibility: pick(random, visibilities),
        locked_by_organization_id: null,
      });
    }
  }
  rows.site_accounts.push({ site_id: benchSiteId, account_id: id, linked_at: now });
  if (type !== 'customer') {
    rows.site_account_products.push({ site_id: benchSiteId, account_id: id, product: 'jira' });
    rows.group_members.push({ group_id: benchGroupId, account_id: id });
  }
  if (index % 2 === 0 && index / 2 < orgs) {
    rows.organization_admins.push({ organization_id: `org${index / 2}`, account_id: id });
  }
}

function addCaller(rows: WorldRows, person: BenchPerson, now: Date) {
  const name = person === benchCaller ? 'Caller' : 'Observer';
  rows.accounts.push({
    account_id: person.accountId,
    account_type: 'atlassian',
    status: 'active',
    app_key: null,
    customer_site_id: null,
    email: person.email,
    email_normalized: person.email,
    email_domain: person.emailDomain,
    full_name: `Bench ${name}`,
    public_name: 'Bench',
    avatar_key: `bench-avatar-${name.toLowerCase()}`,
    job_title: null,
    department: null,
    organization_name: null,
    location: null,
    time_zone: null,
    locale: null,
    created_at: now,
    updated_at: now,
  });
  rows.site_accounts.push({ site_id: benchSiteId, account_id: person.accountId, linked_at: now });
  rows.site_account_products.push({ site_id: benchSiteId, account_id: person.accountId, product: 'jira' });
  rows.api_tokens.push({
    token_id: `bench-token-${name.toLowerCase()}`,
    account_id: person.accountId,
    label: 'benchmark',
    token_hash: hashSecret(person.token),
    created_at: now,
    last_used_at: null,
  });
}

/** The ids of `count` accounts spread over the world, for the routes that take an accountId. */
export function sampleAccountIds(size: number, count: number, seed = 7): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => accountIdOf(Math.floor(random() * size)));
}

/** Search prefixes as people type them: `min` to `max` letters of first and last names. */
export function samplePrefixes(count: number, min: number, max: number, seed = 11): string[] {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const word = pick(random, random() < 0.5 ? firstNames : lastNames).toLowerCase();
    return word.slice(0, min + Math.floor(random() * (max - min + 1)));
  });
}
