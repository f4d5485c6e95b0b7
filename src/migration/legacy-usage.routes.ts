import type { Static } from 'typebox';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { migrationStageAt } from '../sites/migration-stage.ts';
import { SiteParams } from '../sites/sites.schemas.ts';
import { getSite } from '../sites/sites.service.ts';
import type { LegacyUsageRow } from '../user-api/legacy-usage.repository.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { type LegacyUsageClient, LegacyUsageView } from './legacy-usage.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly legacyUsage: LegacyUsageRecorder;
}

type ClientView = Static<typeof LegacyUsageClient>;

/** The stored counts as one entry per client (most calls first), each with its operations. */
function groupByClient(rows: readonly LegacyUsageRow[]): ClientView[] {
  const clients = new Map<string, ClientView>();
  for (const row of rows) {
    const key = `${row.client_kind}\n${row.client_id}`;
    const client = clients.get(key) ?? {
      kind: row.client_kind,
      id: row.client_id,
      accountId: row.account_id,
      calls: 0,
      refusedCalls: 0,
      firstSeen: row.first_seen.toISOString(),
      lastSeen: row.last_seen.toISOString(),
      operations: [],
    };
    client.calls += row.calls;
    client.refusedCalls += row.refused_calls;
    if (row.first_seen.toISOString() < client.firstSeen) client.firstSeen = row.first_seen.toISOString();
    if (row.last_seen.toISOString() > client.lastSeen) client.lastSeen = row.last_seen.toISOString();
    client.operations.push({ operation: row.operation, calls: row.calls, refusedCalls: row.refused_calls });
    clients.set(key, client);
  }
  const byCalls = <T extends { calls: number }>(a: T, b: T) => b.calls - a.calls;
  for (const client of clients.values())
    client.operations.sort((a, b) => byCalls(a, b) || (a.operation < b.operation ? -1 : 1));
  return [...clients.values()].sort(
    (a, b) => byCalls(a, b) || (`${a.kind}${a.id}` < `${b.kind}${b.id}` ? -1 : 1),
  );
}

/** `GET /veil/v1/sites/{siteId}/legacy-usage`: who still names users by username or key, for site admins. */
export function registerLegacyUsageRoutes(app: VeilApp, deps: Deps) {
  const { db, clock } = deps;
  app.get(
    '/veil/v1/sites/:siteId/legacy-usage',
    {
      schema: {
        tags: ['migration'],
        summary: 'Calls that still named users by username or key, per client (API token, session, app)',
        params: SiteParams,
        response: { 200: LegacyUsageView, ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      const site = await getSite(db, request.params.siteId);
      const clients = groupByClient(await deps.legacyUsage.read(site.id));
      return {
        siteId: site.id,
        stage: site.migration.stage,
        stageNow: migrationStageAt(site, clock.now()),
        deprecationEnds: site.migration.deprecationEnds?.toISOString() ?? null,
        calls: clients.reduce((sum, c) => sum + c.calls, 0),
        refusedCalls: clients.reduce((sum, c) => sum + c.refusedCalls, 0),
        clients,
      };
    },
  );
}
