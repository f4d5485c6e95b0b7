import type { Dependencies, VeilApp } from '../http/server.ts';

/** User search, assignable, picker and all-users search (tracker v2 and v3). */
export function registerTrackerUserSearchRoutes(app: VeilApp, deps: Dependencies) {
  void app;
  void deps;
}
