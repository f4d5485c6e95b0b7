import { type Kysely, sql } from 'kysely';

/**
 * Filters and dashboards of the tracker (src/filters). Rows hold accountIds only: the owner, the people
 * a share permission names and those who chose a favourite are rendered at read time through the one
 * decision, and a filter's JQL is stored with accountIds (usernames are rewritten before it is kept).
 * A filter's name is unique for its owner on the site, case-insensitively, whatever runs at once.
 * A share permission belongs to one filter or one dashboard; the group or project it names goes with it.
 */
const statements = [
  'create sequence filter_ids start with 10000',
  `create table filters (
    filter_id bigint primary key default nextval('filter_ids'),
    site_id text not null references sites on delete cascade,
    owner_id text not null check (length(owner_id) between 1 and 128),
    name text not null check (length(name) between 1 and 255),
    name_normalized text not null,
    description text not null default '' check (length(description) <= 10000),
    jql text not null check (length(jql) <= 20000),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (site_id, owner_id, name_normalized)
  )`,
  'create index filters_by_owner on filters (owner_id)',
  'create sequence dashboard_ids start with 10000',
  `create table dashboards (
    dashboard_id bigint primary key default nextval('dashboard_ids'),
    site_id text not null references sites on delete cascade,
    owner_id text not null check (length(owner_id) between 1 and 128),
    name text not null check (length(name) between 1 and 255),
    name_normalized text not null,
    description text not null default '' check (length(description) <= 10000),
    created_at timestamptz not null,
    updated_at timestamptz not null,
    unique (site_id, owner_id, name_normalized)
  )`,
  'create index dashboards_by_owner on dashboards (owner_id)',
  'create sequence share_permission_ids start with 10000',
  `create table share_permissions (
    permission_id bigint primary key default nextval('share_permission_ids'),
    filter_id bigint references filters on delete cascade,
    dashboard_id bigint references dashboards on delete cascade,
    edit boolean not null default false,
    kind text not null check (kind in ('user', 'group', 'project', 'projectRole', 'global', 'loggedin')),
    account_id text check (length(account_id) between 1 and 128),
    group_id text references groups on delete cascade,
    project_id text references issue_projects (project_id) on delete cascade,
    role_id text check (length(role_id) between 1 and 32),
    check ((filter_id is null) <> (dashboard_id is null)),
    check ((kind = 'user') = (account_id is not null)),
    check ((kind = 'group') = (group_id is not null)),
    check ((kind in ('project', 'projectRole')) = (project_id is not null)),
    check ((kind = 'projectRole') = (role_id is not null))
  )`,
  `create unique index share_permissions_once on share_permissions (
    coalesce(filter_id, 0), coalesce(dashboard_id, 0), edit, kind, coalesce(account_id, ''),
    coalesce(group_id, ''), coalesce(project_id, ''), coalesce(role_id, ''))`,
  'create index share_permissions_by_filter on share_permissions (filter_id)',
  'create index share_permissions_by_dashboard on share_permissions (dashboard_id)',
  'create index share_permissions_by_account on share_permissions (account_id)',
  `create table favourites (
    filter_id bigint references filters on delete cascade,
    dashboard_id bigint references dashboards on delete cascade,
    account_id text not null check (length(account_id) between 1 and 128),
    created_at timestamptz not null,
    check ((filter_id is null) <> (dashboard_id is null))
  )`,
  `create unique index favourites_once on favourites (
    coalesce(filter_id, 0), coalesce(dashboard_id, 0), account_id)`,
  'create index favourites_by_account on favourites (account_id)',
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
