/** Dashboards as the tracker's spec shows them, for one caller: every person through `loadPeople`. */
import type { Kysely } from 'kysely';
import type { Static } from 'typebox';
import type { Database } from '../db/schema.ts';
import { loadPeople } from '../issues/people.representation.ts';
import type { Dashboard } from './dashboards.model.ts';
import type { Dashboard as DashboardSchema } from './dashboards.schemas.ts';
import type { FilterRequest } from './filters.context.ts';
import { sharePermissionRowToSharePermission } from './filters.model.ts';
import { renderSharePermission, renderUserBean } from './filters.representation.ts';
import { findFavouriteIds, listSharePermissionRows } from './share-permissions.repository.ts';

/** Dashboards as the spec's `Dashboard`, in the order given, their shares and people loaded once. */
export async function renderDashboards(
  db: Kysely<Database>,
  context: FilterRequest,
  dashboards: readonly Dashboard[],
): Promise<Static<typeof DashboardSchema>[]> {
  const ids = dashboards.map((d) => d.id);
  const [shareRows, favourites] = await Promise.all([
    listSharePermissionRows(db, 'dashboard', ids),
    findFavouriteIds(db, 'dashboard', context.reader.accountId, ids),
  ]);
  const shares = shareRows.map((row) => ({
    dashboardId: String(row.shared_id),
    share: sharePermissionRowToSharePermission(row),
  }));
  const people = await loadPeople(context.audience, [
    ...dashboards.map((d) => d.ownerId),
    ...shares.map(({ share }) => share.accountId),
  ]);
  const { site, version } = context;
  return dashboards.map((dashboard) => {
    const owner = renderUserBean(people, dashboard.ownerId);
    return {
      id: dashboard.id,
      name: dashboard.name,
      self: `${site.baseUrl}/rest/api/${version}/dashboard/${dashboard.id}`,
      view: `${site.baseUrl}/jira/dashboards/${dashboard.id}`,
      ...(dashboard.description ? { description: dashboard.description } : {}),
      ...(owner ? { owner } : {}),
      sharePermissions: shares
        .filter((s) => s.dashboardId === dashboard.id)
        .map(({ share }) => renderSharePermission(people, site, share)),
      editPermissions: [],
      isFavourite: favourites.has(dashboard.id),
      popularity: dashboard.popularity,
      isWritable: context.reader.accountId === dashboard.ownerId,
      systemDashboard: false,
    };
  });
}

/** One dashboard as the spec's `Dashboard`. */
export async function renderOneDashboard(db: Kysely<Database>, context: FilterRequest, dashboard: Dashboard) {
  const [rendered] = await renderDashboards(db, context, [dashboard]);
  return rendered as NonNullable<typeof rendered>;
}
