/** What a person's export lists of filters and dashboards: the ones they own (ids, names, their JQL). */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** How many filters (and dashboards) the export lists, oldest first. */
const listed = 1000;

/** The filters and dashboards the person owns, on every site. */
export async function findOwnedFiltersAndDashboards(db: Kysely<Database>, accountId: string) {
  const [filters, dashboards] = await Promise.all([
    db
      .selectFrom('filters')
      .select(['filter_id', 'site_id', 'name', 'description', 'jql'])
      .where('owner_id', '=', accountId)
      .orderBy('filter_id')
      .limit(listed)
      .execute(),
    db
      .selectFrom('dashboards')
      .select(['dashboard_id', 'site_id', 'name', 'description'])
      .where('owner_id', '=', accountId)
      .orderBy('dashboard_id')
      .limit(listed)
      .execute(),
  ]);
  return {
    filters: filters.map((f) => ({
      filterId: String(f.filter_id),
      siteId: f.site_id,
      name: f.name,
      description: f.description,
      jql: f.jql,
    })),
    dashboards: dashboards.map((d) => ({
      dashboardId: String(d.dashboard_id),
      siteId: d.site_id,
      name: d.name,
      description: d.description,
    })),
  };
}
