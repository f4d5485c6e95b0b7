/** A site's projects in Veil's own API, for the site's admins. */

import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { addProject } from './site-projects.service.ts';
import { renderSite } from './sites.representation.ts';
import { ProjectBody, SiteParams, SiteView } from './sites.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export type Deps = StoreDeps;

/** `POST /veil/v1/sites/{siteId}/projects`. */
export function registerSiteProjectRoutes(app: VeilApp, { db, clock }: Deps) {
  app.post(
    '/veil/v1/sites/:siteId/projects',
    {
      schema: {
        tags: ['sites'],
        summary: 'Create a project',
        params: SiteParams,
        body: ProjectBody,
        response: { 201: SiteView, ...veilErrors },
      },
    },
    async (request, reply) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      const site = await addProject(db, request.params.siteId, request.body);
      return reply.status(201).send(renderSite(site, clock.now()));
    },
  );
}
