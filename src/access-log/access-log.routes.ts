import { requirePerson } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { AccessLogView, AppsHoldingYourData } from './access-log.schemas.ts';
import { buildAccessLog, findAppsHoldingData } from './access-log.service.ts';
import type { ProfileReadCounter } from './profile-reads.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
}

/** A person's own view of who reads their data and who holds it. */
export function registerAccessLogRoutes(app: VeilApp, deps: Deps) {
  const tags = ['me'];
  app.get(
    '/veil/v1/me/access-log',
    {
      schema: {
        tags,
        summary: 'Who read your fields that are not public, and which apps were shown your profile, per day',
        response: { 200: AccessLogView, ...veilErrors },
      },
    },
    async (request) => buildAccessLog(deps, requirePerson(request.caller)),
  );

  app.get(
    '/veil/v1/me/apps',
    {
      schema: {
        tags,
        summary: 'The apps that reported storing your data in the current reporting cycle',
        response: { 200: AppsHoldingYourData, ...veilErrors },
      },
    },
    async (request) => findAppsHoldingData(deps, requirePerson(request.caller).account.accountId),
  );
}
