/**
 * `DELETE /wiki/rest/api/space/{spaceKey}`, for the site's administrators (and apps with DELETE): the
 * space goes at once with its pages and comments. The answer is the spec's 202 with a pointer to the
 * deletion task, which has already finished (Veil serves no task status).
 */
import type { VeilApp } from '../http/server.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { SpaceDeletionTask, SpaceKeyParams } from './spaces.schemas.ts';
import { deleteSpace } from './spaces.service.ts';
import { type Deps, readWikiRequest, requireWikiAdmin } from './wiki-request.ts';

export function registerDeleteSpace(app: VeilApp, deps: Deps) {
  app.delete(
    '/wiki/rest/api/space/:spaceKey',
    {
      schema: {
        tags: ['wiki v1'],
        summary: 'Delete space',
        params: SpaceKeyParams,
        response: { 202: SpaceDeletionTask, ...wikiErrors },
      },
    },
    async (request, reply) => {
      const wiki = await readWikiRequest(request, deps, 'write');
      requireWikiAdmin(request.caller, wiki.site);
      const space = await deleteSpace(deps, wiki.site, request.params.spaceKey);
      const id = `space-deletion-${space.id}`;
      return reply.status(202).send({ id, links: { status: `/rest/api/longtask/${id}` } });
    },
  );
}
