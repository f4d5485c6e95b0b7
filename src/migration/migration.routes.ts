import type { Dependencies, VeilApp } from '../http/server.ts';
import { registerBulkMigrationRoutes } from './bulk-migration.routes.ts';
import { registerJqlRoutes } from './jql.routes.ts';
import { registerLegacyUsageRoutes } from './legacy-usage.routes.ts';

/** The migration period's own operations: bulk migration, the JQL converter and parser, legacy usage. */
export function registerMigrationRoutes(app: VeilApp, deps: Dependencies) {
  registerBulkMigrationRoutes(app, deps);
  registerJqlRoutes(app, deps);
  registerLegacyUsageRoutes(app, deps);
}
