/** `GET /rest/api/{2,3}/auditing/record`: the site's audit records, for its admins and ADMIN-scoped apps. */
import type { Static } from 'typebox';
import { listAuditRecords } from '../audit/audit.service.ts';
import { type Caller, requireSiteAdmin } from '../auth/caller.ts';
import { parseInstant } from '../clock/instant.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { VeilApp } from '../http/server.ts';
import type { Audience } from '../issues/people.representation.ts';
import { trackerVersions } from '../user-api/api-versions.ts';
import { identityContextOf, legacyRenderingOf } from '../user-api/legacy-request.ts';
import type { LegacyUsageRecorder } from '../user-api/legacy-usage.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import type { ProfileReadRecorder } from '../user-api/sent-views.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { renderAuditRecords } from './audit-records.representation.ts';
import { AuditRecords, AuditRecordsQuery } from './audit-records.schemas.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
  readonly legacyUsage: LegacyUsageRecorder;
  readonly profileReads: ProfileReadRecorder;
}

const maxLimit = 1000;

/** A site admin (or a platform admin), or an app installed on the site (Connect's hook asked ADMIN of it). */
function requireAuditReader(caller: Caller, siteId: string): void {
  if (caller.kind === 'app' && caller.siteId === siteId) return;
  requireSiteAdmin(caller, siteId);
}

function readInstant(raw: string | undefined, name: string): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  const instant = parseInstant(raw);
  if (instant) return instant;
  throw new VeilError('request.invalid', `${name} is not a date and time`, [
    { path: name, message: 'must be an ISO 8601 date and time with its offset' },
  ]);
}

function readRecordQuery(siteId: string, query: Static<typeof AuditRecordsQuery>) {
  for (const name of ['offset', 'limit'] as const) {
    if (query[name] < 0)
      throw new VeilError('request.invalid', `${name} must not be negative`, [
        { path: name, message: 'must be 0 or more' },
      ]);
  }
  return {
    siteId,
    words: (query.filter ?? '').split(/\s+/).filter((word) => word !== ''),
    from: readInstant(query.from, 'from'),
    to: readInstant(query.to, 'to'),
    offset: query.offset,
    limit: Math.min(query.limit, maxLimit),
  };
}

/** The audit records of the tracker, v2 and v3. */
export function registerAuditRecordRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    app.get(
      `/rest/api/${version}/auditing/record`,
      {
        schema: {
          tags: [`tracker v${version}`],
          summary: 'Get audit records (site admins; apps with ADMIN), newest first',
          querystring: AuditRecordsQuery,
          response: { 200: AuditRecords, ...trackerErrors },
        },
      },
      async (request) => {
        const site = await requireSiteAccess(request, deps.directory);
        requireAuditReader(request.caller, site.id);
        const query = readRecordQuery(site.id, request.query);
        const { records, total } = await listAuditRecords(deps.db, query);
        const legacy = legacyRenderingOf(identityContextOf(request, deps));
        const audience: Audience = { users: deps, site, viewer: request.caller.viewer, version, legacy };
        const rendered = await renderAuditRecords(audience, records);
        return { offset: query.offset, limit: query.limit, total, records: rendered };
      },
    );
  }
}
