/**
 * Filters and dashboards declared by a scenario file (see docs/scenarios.md): checked against the file
 * (owners, the people, groups and projects they are shared with, the JQL), then written in file order, so
 * the first filter of the first site is 10000, like the first dashboard.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { parseJql } from '../jql/jql.parser.ts';
import { insertDashboardRow } from './dashboards.repository.ts';
import type { NewSharePermission } from './filters.model.ts';
import { insertFilterRow } from './filters.repository.ts';
import type { ScenarioDashboard, ScenarioFilter, ScenarioShare } from './scenario-filters.schemas.ts';
import {
  insertFavouriteRow,
  insertSharePermissionRows,
  type Shared,
} from './share-permissions.repository.ts';

/** What a scenario site declares about filters and dashboards. */
export interface ShareableSite {
  readonly id: string;
  readonly groups?: readonly string[];
  readonly projects?: readonly { key: string }[];
  readonly filters?: readonly ScenarioFilter[];
  readonly dashboards?: readonly ScenarioDashboard[];
}

type Add = (path: string, message: string) => void;

function findShareProblems(
  site: ShareableSite,
  shares: readonly ScenarioShare[],
  path: string,
  add: Add,
  requireAccount: Add,
) {
  const groups = new Set((site.groups ?? []).map((g) => g.toLowerCase()));
  const projects = new Set((site.projects ?? []).map((p) => p.key));
  for (const [i, share] of shares.entries()) {
    const at = `${path}.sharePermissions[${i}]`;
    if (share.type === 'user') requireAccount(`${at}.accountId`, share.accountId);
    if (share.type === 'group' && !groups.has(share.group.toLowerCase()))
      add(`${at}.group`, `names the group ${share.group}, which the site does not declare`);
    if (share.type === 'project' && !projects.has(share.project))
      add(`${at}.project`, `names the project ${share.project}, which the site does not declare`);
  }
}

function findListProblems(
  site: ShareableSite,
  items: readonly (ScenarioFilter | ScenarioDashboard)[],
  path: string,
  add: Add,
  requireAccount: Add,
) {
  const names = new Set<string>();
  for (const [i, item] of items.entries()) {
    const at = `${path}[${i}]`;
    requireAccount(`${at}.owner`, item.owner);
    const name = `${item.owner}/${item.name.trim().toLowerCase()}`;
    if (names.has(name)) add(`${at}.name`, 'is used twice by the same owner');
    names.add(name);
    findShareProblems(site, item.sharePermissions ?? [], at, add, requireAccount);
    for (const [f, id] of (item.favouritedBy ?? []).entries()) requireAccount(`${at}.favouritedBy[${f}]`, id);
    const jql = 'jql' in item ? item.jql : undefined;
    const parsed = jql ? parseJql(jql) : undefined;
    if (parsed && !parsed.ok) add(`${at}.jql`, `does not parse: ${parsed.error.message}`);
  }
}

/** The problems of the site's filters and dashboards, each with its JSON path. */
export function findScenarioFilterProblems(
  site: ShareableSite,
  path: string,
  add: Add,
  requireAccount: Add,
): void {
  findListProblems(site, site.filters ?? [], `${path}.filters`, add, requireAccount);
  findListProblems(site, site.dashboards ?? [], `${path}.dashboards`, add, requireAccount);
}

async function readShares(db: Kysely<Database>, siteId: string, shares: readonly ScenarioShare[]) {
  const read: NewSharePermission[] = [];
  const none = { accountId: null, groupId: null, projectId: null, roleId: null };
  for (const share of shares) {
    if (share.type === 'user') read.push({ ...none, kind: 'user', accountId: share.accountId });
    else if (share.type === 'group') {
      const group = await db
        .selectFrom('groups')
        .select('group_id')
        .where('site_id', '=', siteId)
        .where('name_normalized', '=', share.group.toLowerCase())
        .executeTakeFirstOrThrow();
      read.push({ ...none, kind: 'group', groupId: group.group_id });
    } else if (share.type === 'project') {
      const project = await db
        .selectFrom('issue_projects')
        .select('project_id')
        .where('site_id', '=', siteId)
        .where('project_key', '=', share.project)
        .executeTakeFirstOrThrow();
      read.push({ ...none, kind: 'project', projectId: project.project_id });
    } else read.push({ ...none, kind: share.type });
  }
  return read;
}

async function writeShares(
  db: Kysely<Database>,
  siteId: string,
  what: Shared,
  id: string,
  item: ScenarioFilter | ScenarioDashboard,
  now: Date,
) {
  await insertSharePermissionRows(db, what, id, await readShares(db, siteId, item.sharePermissions ?? []));
  for (const accountId of item.favouritedBy ?? []) await insertFavouriteRow(db, what, id, accountId, now);
}

/** Writes the site's filters and dashboards, with their share permissions and favourites. */
export async function writeScenarioFilters(
  db: Kysely<Database>,
  site: ShareableSite,
  now: Date,
): Promise<void> {
  for (const filter of site.filters ?? []) {
    const row = { site_id: site.id, owner_id: filter.owner, name: filter.name.trim(), created_at: now };
    const id = await insertFilterRow(db, {
      ...row,
      description: filter.description ?? '',
      jql: filter.jql ?? '',
    });
    await writeShares(db, site.id, 'filter', id, filter, now);
  }
  for (const dashboard of site.dashboards ?? []) {
    const row = { site_id: site.id, owner_id: dashboard.owner, name: dashboard.name.trim(), created_at: now };
    const id = await insertDashboardRow(db, { ...row, description: dashboard.description ?? '' });
    await writeShares(db, site.id, 'dashboard', id, dashboard, now);
  }
}
