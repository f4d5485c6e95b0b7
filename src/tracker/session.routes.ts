import type { Dependencies, VeilApp } from '../http/server.ts';

/** Cookie sign-in and sign-out at /rest/auth/1/session. */
export function registerTrackerSessionRoutes(app: VeilApp, deps: Dependencies) {
  void app;
  void deps;
}
