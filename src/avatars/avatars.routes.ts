import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { findPublicNameByAvatarKey } from '../accounts/accounts.repository.ts';
import { renderAnonymousAvatar, renderMaskedAvatar, renderRealAvatar } from '../accounts/avatar-urls.ts';
import type { Database } from '../db/schema.ts';
import type { VeilApp } from '../http/server.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps {
  readonly db: Kysely<Database>;
}

const sizeQuery = Type.Object({ s: Type.Integer({ minimum: 8, maximum: 512, default: 48 }) });

/** Avatar images. A real avatar is found only by its unguessable key, which only viewers allowed to see it get. */
export function registerAvatarRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/avatars/masked',
    { schema: { tags: ['avatars'], summary: 'The masked avatar', querystring: sizeQuery } },
    async (request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .send(renderMaskedAvatar(request.query.s)),
  );
  app.get(
    '/veil/v1/avatars/anonymous',
    { schema: { tags: ['avatars'], summary: 'The avatar of a deleted account', querystring: sizeQuery } },
    async (request, reply) =>
      reply
        .type('image/svg+xml')
        .header('cache-control', 'public, max-age=86400')
        .send(renderAnonymousAvatar(request.query.s)),
  );
  app.get(
    '/veil/v1/avatars/:key',
    {
      schema: {
        tags: ['avatars'],
        summary: 'An account avatar',
        params: Type.Object({ key: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' }) }),
        querystring: sizeQuery,
      },
    },
    async (request, reply) => {
      const publicName = await findPublicNameByAvatarKey(deps.db, request.params.key);
      const svg =
        publicName === undefined
          ? renderMaskedAvatar(request.query.s)
          : renderRealAvatar(request.params.key, publicName, request.query.s);
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=300').send(svg);
    },
  );
}
