import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** The accounts named (all when `ids` is null), with everything that hangs off them. */
export async function loadAccountData(db: Kysely<Database>, ids: readonly string[] | null) {
  const scoped = ids !== null;
  const only = ids ?? [];
  if (scoped && only.length === 0) return undefined;
  const [
    accounts,
    settings,
    tokens,
    links,
    products,
    memberships,
    organizationAdmins,
    siteAdmins,
    platformAdmins,
  ] = await Promise.all([
    db
      .selectFrom('accounts')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('visibility_settings')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('api_tokens')
      .select(['account_id', 'token_hash'])
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('site_accounts')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('site_account_products')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('group_members')
      .innerJoin('groups', 'groups.group_id', 'group_members.group_id')
      .select(['group_members.account_id', 'groups.group_id', 'groups.name', 'groups.site_id'])
      .$if(scoped, (q) => q.where('group_members.account_id', 'in', only))
      .orderBy('groups.name_normalized')
      .execute(),
    db
      .selectFrom('organization_admins')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('site_admins')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
    db
      .selectFrom('platform_admins')
      .selectAll()
      .$if(scoped, (q) => q.where('account_id', 'in', only))
      .execute(),
  ]);
  return {
    accounts,
    settings,
    tokens,
    links,
    products,
    memberships,
    organizationAdmins,
    siteAdmins,
    platformAdmins,
  };
}

export type AccountData = NonNullable<Awaited<ReturnType<typeof loadAccountData>>>;

/** The organizations named (all when null), with their domains. */
export async function loadOrganizationData(db: Kysely<Database>, ids: readonly string[] | null) {
  const scoped = ids !== null;
  const only = ids ?? [];
  if (scoped && only.length === 0) return { organizations: [], domains: [] };
  const [organizations, domains] = await Promise.all([
    db
      .selectFrom('organizations')
      .selectAll()
      .$if(scoped, (q) => q.where('organization_id', 'in', only))
      .execute(),
    db
      .selectFrom('organization_domains')
      .selectAll()
      .$if(scoped, (q) => q.where('organization_id', 'in', only))
      .execute(),
  ]);
  return { organizations, domains };
}

/** The ids of every site (the directory loads each through the sites service). */
export async function loadSiteIds(db: Kysely<Database>): Promise<string[]> {
  return (await db.selectFrom('sites').select('site_id').execute()).map((row) => row.site_id);
}
