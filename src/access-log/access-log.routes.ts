import { requirePerson } from '../auth/caller.ts';
import { veilErrors } from '../http/contracts.ts';
import type { Dependencies, VeilApp } from '../http/server.ts';
import { AccessLogView, AppsHoldingYourData } from './access-log.schemas.ts';
import { buildAccessLog, findAppsHoldingData } from './access-log.service.ts';

/** A person's own view of who reads their data and who holds it. */
export function registerAccessLogRoutes(app: VeilApp, deps: Dependencies) {
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
