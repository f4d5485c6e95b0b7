import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { registerAccessLogRoutes } from './access-log/access-log.routes.ts';
import { registerAccountRoutes } from './accounts-api/accounts.routes.ts';
import { registerEmailChangeRoutes } from './accounts-api/email-changes.routes.ts';
import { registerMeRoutes } from './accounts-api/me.routes.ts';
import { createDependencies, type Dependencies } from './app.dependencies.ts';
import { createFastify, registerPlumbing } from './app.server.ts';
import { createAuthenticationHook } from './auth/authentication.ts';
import { registerAvatarRoutes } from './avatars/avatars.routes.ts';
import { type Clock, isMovable } from './clock/clock.ts';
import type { Config } from './config/config.ts';
import { registerConnectApps } from './connect/connect.routes.ts';
import { createBearerSignIn, createConnectJwtSignIn } from './connect/connect-sign-in.ts';
import { registerLicenseRoutes } from './connect/license.routes.ts';
import { createBasicSignIn } from './credentials/basic-sign-in.ts';
import { registerCredentialRoutes } from './credentials/credentials.routes.ts';
import { createSessionSignIn } from './credentials/session-sign-in.ts';
import type { Database } from './db/schema.ts';
import type { Store } from './db/store.ts';
import { registerDeletionRoutes } from './deletion/deletion.routes.ts';
import { registerEmailApiRoutes } from './email-api/email-api.routes.ts';
import { registerErasureJobs } from './erasure/erasure.jobs.ts';
import { notifyAppsOfErasure } from './erasure/erasure.notify.ts';
import { registerErasureRoutes } from './erasure/erasure.routes.ts';
import { registerExportRoutes } from './export/export.routes.ts';
import { registerDashboardRoutes } from './filters/dashboards.routes.ts';
import { registerFilterListRoutes } from './filters/filter-lists.routes.ts';
import { createFilterWebhookRenderer } from './filters/filter-webhooks.service.ts';
import { registerFilterRoutes } from './filters/filters.routes.ts';
import { registerSharePermissionRoutes } from './filters/share-permissions.routes.ts';
import { registerForgeEventDelivery } from './forge/forge-events.jobs.ts';
import { registerForgeInstallRoutes } from './forge/forge-installs.routes.ts';
import { registerForgeJwksRoute } from './forge/forge-jwks.routes.ts';
import type { LogDestination } from './http/logging.ts';
import type { VeilApp } from './http/server.ts';
import { registerInputHygiene } from './http/validation.ts';
import { registerCommentRoutes } from './issues/comments.routes.ts';
import { registerIssuePeopleRoutes } from './issues/issue-people.routes.ts';
import { registerIssueSearchRoutes } from './issues/issue-search.routes.ts';
import { createIssueWebhookRenderer } from './issues/issue-webhooks.service.ts';
import { registerIssueRoutes } from './issues/issues.routes.ts';
import { registerWorkflowRoutes } from './issues/workflow.routes.ts';
import { registerWorklogRoutes } from './issues/worklogs.routes.ts';
import { registerMailDelivery } from './mail/mail.jobs.ts';
import { registerMailRoutes } from './mail/mail.routes.ts';
import { registerMigrationRoutes } from './migration/migration.routes.ts';
import { registerClockRoutes } from './movable-clock/movable-clock.routes.ts';
import { registerAuthorizeRoutes } from './oauth/authorize.routes.ts';
import { createGatewaySignIn } from './oauth/gateway-sign-in.ts';
import { registerOAuthAppRoutes } from './oauth/oauth-apps.routes.ts';
import { createOAuthBearerSignIn } from './oauth/oauth-sign-in.ts';
import { registerOAuthTokenRoutes } from './oauth/token.routes.ts';
import { registerOrganizationRoutes } from './organizations/organizations.routes.ts';
import { registerPageRoutes } from './pages/pages.routes.ts';
import { registerPreviewRoutes } from './preview/preview.routes.ts';
import { registerComponentRoutes } from './projects/components.routes.ts';
import { createProjectWebhookRenderer } from './projects/project-webhooks.service.ts';
import { registerProjectRoutes } from './projects/projects.routes.ts';
import { registerRoleRoutes } from './projects/roles.routes.ts';
import { registerRateLimitPlugin, registerRequestLimits } from './rate-limits/request-limits.ts';
import { registerReportingRoutes } from './reporting/reporting.routes.ts';
import { registerSiteGroupRoutes } from './site-groups/site-groups.routes.ts';
import { registerGroupMemberRoutes } from './site-links/group-members.routes.ts';
import { registerSiteAccountRoutes } from './site-links/site-accounts.routes.ts';
import { registerSiteAdminRoutes } from './sites/site-admins.routes.ts';
import { registerSiteProjectRoutes } from './sites/site-projects.routes.ts';
import { registerSiteRoutes } from './sites/sites.routes.ts';
import { registerAuditRecordRoutes } from './tracker/audit-records.routes.ts';
import { registerTrackerGroupRoutes } from './tracker/groups.routes.ts';
import { registerJqlAutocompleteRoutes } from './tracker/jql-autocomplete.routes.ts';
import { registerTrackerSessionRoutes } from './tracker/session.routes.ts';
import { registerTrackerUserManagementRoutes } from './tracker/user-management.routes.ts';
import { registerTrackerUserQueryRoutes } from './tracker/user-query.routes.ts';
import { registerTrackerUserSearchRoutes } from './tracker/user-search.routes.ts';
import { registerTrackerUserRoutes } from './tracker/users.routes.ts';
import { createLegacyHeaderHook } from './user-api/legacy-headers.ts';
import { createSiteResolver } from './user-api/request-context.ts';
import { registerMyPreferenceRoutes } from './user-properties/my-preferences.routes.ts';
import { registerUserColumnRoutes } from './user-properties/user-columns.routes.ts';
import { registerTrackerUserPropertyRoutes } from './user-properties/user-properties.tracker.routes.ts';
import { registerWikiUserPropertyRoutes } from './user-properties/user-properties.wiki.routes.ts';
import { registerWebhookDelivery } from './webhooks/webhook-delivery.service.ts';
import { registerWebhookRoutes } from './webhooks/webhooks.routes.ts';
import { registerAccessByEmailRoutes } from './wiki/access-by-email.routes.ts';
import { registerWikiGroupWriteRoutes } from './wiki/group-writes.routes.ts';
import { registerWikiGroupRoutes } from './wiki/groups.routes.ts';
import { registerWikiPageCommentRoutes } from './wiki/page-comments.routes.ts';
import { registerWikiContentRoutes } from './wiki/pages.routes.ts';
import { registerWikiContentSearchRoutes } from './wiki/pages-search.routes.ts';
import { registerWikiPageV2Routes } from './wiki/pages-v2.routes.ts';
import { registerWikiSpaceRoutes } from './wiki/spaces.routes.ts';
import { registerWikiUserSearchRoutes } from './wiki/user-search.routes.ts';
import { registerWikiUserRoutes } from './wiki/users.routes.ts';
import { createWikiWebhookRenderer } from './wiki/wiki-webhooks.service.ts';

export interface AppInputs {
  readonly config: Config;
  readonly db: Kysely<Database>;
  readonly clock: Clock;
  /** How to follow the store's change channel (from `openStore`). */
  readonly listen: Store['listen'];
  /**
   * Only this process opens the store (PGlite in a folder): jobs it finds running at start belong to a
   * process that is gone and are run again at once, rather than when their leases run out.
   */
  readonly exclusiveStore?: boolean;
  /** Where log lines go instead of standard output (a test harness keeps them in files). */
  readonly logDestination?: LogDestination;
}

/** Counts reach the store before it closes; a write is answered once the directory holds it. */
function registerStoreHooks(app: VeilApp, deps: Dependencies): void {
  app.addHook('onClose', async () => {
    // Counts kept in memory reach the store before it closes: a clean shutdown loses none.
    await deps.legacyUsage.flush();
    await deps.profileReads.flush();
    await deps.tokenUses.flush();
    await deps.jobs.close();
    await deps.directory.close();
  });
  // A write is answered only once the directory holds it, so the next read (here or in any process
  // that has synced) never sees an older privacy setting than the store. A write that withdraws a
  // person (`settle: 'everywhere'`: deactivation, deletion) waits until every live node has applied it,
  // so no node serves them as before once it is answered. Both hooks are callback-style: reads pass
  // through them without a promise each.
  app.addHook('onSend', (request, _reply, payload, done) => {
    const config = request.routeOptions.config as { readOnly?: boolean; settle?: 'everywhere' } | undefined;
    if (request.method === 'GET' || request.method === 'HEAD' || config?.readOnly === true)
      return done(null, payload);
    const settled =
      config?.settle === 'everywhere' ? deps.directory.settleEverywhere() : deps.directory.sync();
    settled.then(() => done(null, payload), done);
  });
}

/**
 * Before any handler: the site for the host, then who is calling (each sign-in method in turn), then
 * the migration period's headers. Anonymous and remembered callers settle without a promise.
 */
function registerCallerHook(app: VeilApp, deps: Dependencies): void {
  const resolveSite = createSiteResolver(deps.directory);
  const authenticate = createAuthenticationHook([
    createGatewaySignIn(deps),
    createConnectJwtSignIn(deps),
    createOAuthBearerSignIn(),
    createBearerSignIn(deps),
    createBasicSignIn(deps),
    createSessionSignIn(deps),
  ]);
  const setLegacyHeaders = createLegacyHeaderHook(deps);
  app.addHook('onRequest', (request, reply, done) => {
    if (request.url.startsWith('/docs') || request.url.startsWith('/veil/v1/health')) return done();
    if ((request.routeOptions.config as { page?: boolean } | undefined)?.page === true) return done();
    const finish = () => {
      let naming: Promise<void> | undefined;
      try {
        naming = setLegacyHeaders(request, reply);
      } catch (error) {
        return done(error as Error);
      }
      if (!naming) return done();
      naming.then(() => done(), done);
    };
    let settling: Promise<void> | undefined;
    try {
      resolveSite(request);
      settling = authenticate(request, reply);
    } catch (error) {
      return done(error as Error);
    }
    if (!settling) return finish();
    settling.then(finish, done);
  });
}

/** The composition root: every route and hook, wired from explicit dependencies. */
export async function createApp(inputs: AppInputs): Promise<VeilApp> {
  const app = createFastify(inputs);
  await registerRateLimitPlugin(app);
  const deps = await createDependencies(app, inputs);
  app.decorate('jobs', deps.jobs);
  await registerPlumbing(app);
  registerStoreHooks(app, deps);
  // Text Veil cannot store or show is refused before anything reads the request.
  registerInputHygiene(app);
  registerCallerHook(app, deps);
  // After authentication: a request spends its caller's budget.
  await registerRequestLimits(app, deps);
  registerHealthRoute(app);
  registerProfileAndAdminRoutes(app, deps);
  registerUserApiRoutes(app, deps);
  registerAppRoutes(app, deps);
  registerPageRoutes(app, deps);
  registerLifecycle(app, deps);
  return app;
}

function registerHealthRoute(app: VeilApp): void {
  app.get(
    '/veil/v1/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Answers 200 once Veil is ready',
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );
}

/** Veil's own API: the person's profile, credentials, accounts, mail, organizations and sites. */
function registerProfileAndAdminRoutes(app: VeilApp, deps: Dependencies): void {
  registerMeRoutes(app, deps);
  registerCredentialRoutes(app, deps);
  registerAccountRoutes(app, deps);
  registerEmailChangeRoutes(app, deps);
  registerMailRoutes(app, deps);
  registerMailDelivery(deps);
  registerOrganizationRoutes(app, deps);
  registerSiteRoutes(app, deps);
  registerSiteAdminRoutes(app, deps);
  registerSiteGroupRoutes(app, deps);
  registerSiteProjectRoutes(app, deps);
  registerSiteAccountRoutes(app, deps);
  registerGroupMemberRoutes(app, deps);
  registerAvatarRoutes(app, deps);
}

/** The tracker's and the wiki's user APIs, and the migration period's. */
function registerUserApiRoutes(app: VeilApp, deps: Dependencies): void {
  registerTrackerUserRoutes(app, deps);
  registerTrackerUserSearchRoutes(app, deps);
  registerTrackerUserQueryRoutes(app, deps);
  registerTrackerGroupRoutes(app, deps);
  registerAuditRecordRoutes(app, deps);
  registerTrackerUserManagementRoutes(app, deps);
  registerTrackerSessionRoutes(app, deps);
  registerIssueRoutes(app, deps);
  registerProjectRoutes(app, deps);
  registerComponentRoutes(app, deps);
  registerRoleRoutes(app, deps);
  registerIssuePeopleRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  registerCommentRoutes(app, deps);
  registerIssueSearchRoutes(app, deps);
  registerWorklogRoutes(app, deps);
  registerFilterListRoutes(app, deps);
  registerFilterRoutes(app, deps);
  registerSharePermissionRoutes(app, deps);
  registerDashboardRoutes(app, deps);
  registerWikiUserRoutes(app, deps);
  registerTrackerUserPropertyRoutes(app, deps);
  registerWikiUserPropertyRoutes(app, deps);
  registerMyPreferenceRoutes(app, deps);
  registerUserColumnRoutes(app, deps);
  registerAccessByEmailRoutes(app, deps);
  registerJqlAutocompleteRoutes(app, deps);
  registerLicenseRoutes(app, deps);
  registerWikiGroupRoutes(app, deps);
  registerWikiGroupWriteRoutes(app, deps);
  registerWikiSpaceRoutes(app, deps);
  registerWikiContentSearchRoutes(app, deps);
  registerWikiContentRoutes(app, deps);
  registerWikiPageV2Routes(app, deps);
  registerWikiPageCommentRoutes(app, deps);
  registerWikiUserSearchRoutes(app, deps);
  registerMigrationRoutes(app, deps);
}

/** Connect and OAuth 2.0 (3LO) apps, their webhooks, the Email API and the preview of what each viewer sees. */
function registerAppRoutes(app: VeilApp, deps: Dependencies): void {
  registerConnectApps(app, deps);
  registerWebhookRoutes(app, deps);
  registerEmailApiRoutes(app, deps);
  registerWebhookDelivery({
    ...deps,
    issueWebhookBodies: createIssueWebhookRenderer(deps),
    projectWebhookBodies: createProjectWebhookRenderer(deps),
    filterWebhookBodies: createFilterWebhookRenderer(deps),
    wikiWebhookBodies: createWikiWebhookRenderer(deps),
  });
  registerPreviewRoutes(app, deps);
  registerOAuthAppRoutes(app, deps);
  registerAuthorizeRoutes(app, deps);
  registerOAuthTokenRoutes(app, deps);
  registerForgeInstallRoutes(app, deps);
  registerForgeJwksRoute(app, deps);
  registerForgeEventDelivery(deps);
}

/** The account life cycle: deletion with its grace period, the erasure job, and the movable clock. */
function registerLifecycle(app: VeilApp, deps: Dependencies) {
  registerDeletionRoutes(app, deps);
  registerErasureJobs(deps, { notifyApps: notifyAppsOfErasure });
  registerErasureRoutes(app, deps);
  registerExportRoutes(app, deps);
  registerAccessLogRoutes(app, deps);
  registerReportingRoutes(app, deps);
  if (deps.config.movableClock) {
    const { clock } = deps;
    if (!isMovable(clock)) throw new Error('--movable-clock needs a clock that can be moved');
    registerClockRoutes(app, deps, clock, () => deps.jobs.runDue());
  }
}
