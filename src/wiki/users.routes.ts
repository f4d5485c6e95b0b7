import type { Dependencies, VeilApp } from '../http/server.ts';

/** The wiki's user endpoints (v1 and the v2 bulk lookup). */
export function registerWikiUserRoutes(app: VeilApp, deps: Dependencies) {
  void app;
  void deps;
}
