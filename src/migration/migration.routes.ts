import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import type { VeilApp } from '../http/server.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { registerBulkMigrationRoutes } from './bulk-migration.routes.ts';
import { registerJqlRoutes } from './jql.routes.ts';
import { registerLegacyUsageRoutes } from './legacy-usage.routes.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
}

/** The migration period's own operations: bulk migration, the JQL converter and parser, legacy usage. */
export function registerMigrationRoutes(app: VeilApp, deps: Deps) {
  registerBulkMigrationRoutes(app, deps);
  registerJqlRoutes(app, deps);
  registerLegacyUsageRoutes(app, deps);
}
