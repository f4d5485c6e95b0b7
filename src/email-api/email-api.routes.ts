import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { type Caller, requirePerson, requirePlatformAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import type { Site } from '../sites/sites.model.ts';
import { trackerVersions } from '../user-api/api-versions.ts';
import { readAccountIdParameter, readMultiValue } from '../user-api/params.ts';
import { requireSiteAccess, userNotFoundMessage } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import { wikiErrors } from '../user-api/wiki-user.schemas.ts';
import { requireWikiAccess } from '../wiki/wiki.context.ts';
import {
  AppKeyParams,
  ApplicationBody,
  ApplicationsQuery,
  DecisionBody,
  EmailApiStandingView,
  EmailBulkQuery,
  EmailQuery,
  EmailRecordView,
  renderStanding,
} from './email-api.schemas.ts';
import {
  applyForEmailApi,
  decideEmailApi,
  type EmailApiActor,
  type EmailApiApp,
  listEmailApiApplications,
  readEmailApiStanding,
  readEmails,
} from './email-api.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
}

/** The most accountIds one bulk read may name. */
const maxBulkIds = 100;

/** The Email API on the tracker (v2, v3) and the wiki, and its applications on Veil's management API. */
export function registerEmailApiRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    registerEmailReads(
      app,
      deps,
      `/rest/api/${version}/user/email`,
      [`tracker v${version}`],
      trackerErrors,
      requireSiteAccess,
    );
  }
  registerEmailReads(app, deps, '/wiki/rest/api/user/email', ['wiki'], wikiErrors, requireWikiAccess);
  registerApplicationRoutes(app, deps);
}

type SiteCheck = (request: FastifyRequest, directory: Deps['directory']) => Promise<Site>;

/** The app calling as itself; people (and apps acting for one) get the API's 401. */
function requireAppItself(request: FastifyRequest): EmailApiApp {
  const { caller } = request;
  if (caller.kind !== 'app') {
    throw new VeilError(
      'email_api.app_only',
      'The Email API is for Connect apps calling with their own JWT, not for people',
    );
  }
  return { appKey: caller.appKey, accountId: caller.account.accountId };
}

/** The signed-in person acting on an app's application, as the service needs them. */
function requireActor(caller: Caller): EmailApiActor {
  const person = requirePerson(caller);
  const { isPlatformAdmin, administeredSiteIds } = person;
  return { accountId: person.account.accountId, isPlatformAdmin, administeredSiteIds };
}

function registerEmailReads(
  app: VeilApp,
  deps: Deps,
  path: string,
  tags: string[],
  errors: typeof trackerErrors | typeof wikiErrors,
  requireSite: SiteCheck,
) {
  const { db, clock, directory } = deps;
  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'The email address of a user, whatever its visibility (apps approved for the Email API)',
        querystring: EmailQuery,
        response: { 200: EmailRecordView, ...errors },
      },
    },
    async (request) => {
      const site = await requireSite(request, directory);
      const caller = requireAppItself(request);
      const accountId = readAccountIdParameter(request.query.accountId);
      const [record] = await readEmails(db, clock, directory, caller, site, [accountId]);
      if (!record) throw new VeilError('account.not_found', userNotFoundMessage);
      return record;
    },
  );

  app.get(
    `${path}/bulk`,
    {
      schema: {
        tags,
        summary: 'The email addresses of users (those without one, or not on the site, are left out)',
        querystring: EmailBulkQuery,
        response: { 200: Type.Array(EmailRecordView), ...errors },
      },
    },
    async (request) => {
      const site = await requireSite(request, directory);
      const caller = requireAppItself(request);
      const ids = readMultiValue(request.query.accountId, 'accountId');
      if (ids.length === 0 || ids.length > maxBulkIds) {
        throw new VeilError('request.invalid', `Give 1 to ${maxBulkIds} accountId parameters`, [
          { path: 'accountId', message: ids.length === 0 ? 'is required' : `at most ${maxBulkIds}` },
        ]);
      }
      for (const id of ids) readAccountIdParameter(id);
      return readEmails(db, clock, directory, caller, site, ids);
    },
  );
}

const applicationTags = ['email api'];
const applicationPath = '/veil/v1/apps/:appKey/email-api';

function registerApplicationRoutes(app: VeilApp, deps: Deps) {
  registerApplicationStanding(app, deps);
  registerApplicationDecisions(app, deps);
}

/** An app's standing, read and applied for by the admins of a site it is installed on. */
function registerApplicationStanding(app: VeilApp, { db, clock }: Deps) {
  const tags = applicationTags;
  app.get(
    applicationPath,
    {
      schema: {
        tags,
        summary:
          "The app's standing with the Email API, and its application (admins of a site the app is installed on, platform admins)",
        params: AppKeyParams,
        response: { 200: EmailApiStandingView, ...veilErrors },
      },
    },
    async (request) =>
      renderStanding(await readEmailApiStanding(db, request.params.appKey, requireActor(request.caller))),
  );

  app.put(
    applicationPath,
    {
      schema: {
        tags,
        summary: 'Apply for the Email API with the use cases (admins of a site the app is installed on)',
        params: AppKeyParams,
        body: ApplicationBody,
        response: { 200: EmailApiStandingView, ...veilErrors },
      },
    },
    async (request) => {
      const applicant = requireActor(request.caller);
      const { appKey } = request.params;
      return renderStanding(await applyForEmailApi(db, clock, appKey, applicant, request.body.useCases));
    },
  );
}

/** Platform admins decide on applications and list them. */
function registerApplicationDecisions(app: VeilApp, { db, clock }: Deps) {
  const tags = applicationTags;
  app.post(
    `${applicationPath}/decision`,
    {
      schema: {
        tags,
        summary: "Approve or reject the app's application, or revoke an approval (platform admins)",
        params: AppKeyParams,
        body: DecisionBody,
        response: { 200: EmailApiStandingView, ...veilErrors },
      },
    },
    async (request) => {
      const admin = requirePlatformAdmin(request.caller);
      const { appKey } = request.params;
      return renderStanding(await decideEmailApi(db, clock, appKey, admin.account.accountId, request.body));
    },
  );

  app.get(
    '/veil/v1/email-api/applications',
    {
      schema: {
        tags,
        summary: 'Every Email API application, oldest first (platform admins)',
        querystring: ApplicationsQuery,
        response: { 200: Type.Array(EmailApiStandingView), ...veilErrors },
      },
    },
    async (request) => {
      requirePlatformAdmin(request.caller);
      return (await listEmailApiApplications(db, request.query.status)).map(renderStanding);
    },
  );
}
