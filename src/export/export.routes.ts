import type { ProfileReadCounter } from '../access-log/profile-reads.ts';
import { requirePerson } from '../auth/caller.ts';
import type { Config } from '../config/config.ts';
import type { TokenUseRecorder } from '../credentials/token-uses.ts';
import type { StoreDeps } from '../db/schema.ts';
import { pendingDeletionAllowed } from '../deletion/deletion.routes.ts';
import type { Directory } from '../directory/directory.ts';
import { baseUrlOf } from '../http/base-url.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { PersonalDataExport } from './export.schemas.ts';
import { buildExport } from './export.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly config: Config;
  readonly directory: Directory;
  readonly profileReads: ProfileReadCounter;
  readonly tokenUses: TokenUseRecorder;
}

/** `GET /veil/v1/me/export`: everything held about you, as one JSON document to keep. */
export function registerExportRoutes(app: VeilApp, deps: Deps) {
  app.get(
    '/veil/v1/me/export',
    {
      // Taking your data with you is the last thing to do before a deletion runs: it stays open.
      config: pendingDeletionAllowed,
      schema: {
        tags: ['me'],
        summary: 'Everything Veil holds about you, as one JSON document',
        response: { 200: PersonalDataExport, ...veilErrors },
      },
    },
    async (request, reply) => {
      const caller = requirePerson(request.caller);
      const document = await buildExport(deps, caller, baseUrlOf(request));
      const day = document.exportedAt.slice(0, 10);
      return reply
        .header(
          'content-disposition',
          `attachment; filename="veil-export-${caller.account.accountId}-${day}.json"`,
        )
        .header('cache-control', 'no-store')
        .send(document);
    },
  );
}
