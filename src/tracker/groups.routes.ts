import type { Dependencies, VeilApp } from '../http/server.ts';

/** Groups and group membership of the tracker (v2 and v3). */
export function registerTrackerGroupRoutes(app: VeilApp, deps: Dependencies) {
  void app;
  void deps;
}
