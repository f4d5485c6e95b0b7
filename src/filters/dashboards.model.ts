/** Dashboards as the capability uses them (rows hold accountIds only). */
import type { DashboardRow } from './dashboards.repository.ts';

export interface Dashboard {
  readonly id: string;
  readonly siteId: string;
  readonly ownerId: string;
  readonly name: string;
  readonly description: string;
  /** How many people chose it as a favourite. */
  readonly popularity: number;
}

export function dashboardRowToDashboard(row: DashboardRow): Dashboard {
  return {
    id: String(row.dashboard_id),
    siteId: row.site_id,
    ownerId: row.owner_id,
    name: row.name,
    description: row.description,
    popularity: Number(row.popularity),
  };
}
