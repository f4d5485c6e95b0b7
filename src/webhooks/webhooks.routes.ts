import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Install } from '../apps/apps.model.ts';
import { SiteAppParams } from '../apps/apps.schemas.ts';
import { getInstalledApp } from '../apps/installed-apps.service.ts';
import { requireSiteAdmin } from '../auth/caller.ts';
import type { StoreDeps } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import { NoContent, veilErrors } from '../http/contracts.ts';
import type { VeilApp } from '../http/server.ts';
import { largestRequestInteger } from '../http/validation.ts';
import { trackerVersions } from '../user-api/api-versions.ts';
import { pageOf, readPage } from '../user-api/paging.ts';
import { requireSiteAccess } from '../user-api/request-context.ts';
import { trackerErrors } from '../user-api/tracker-user.schemas.ts';
import {
  listSubscriptions,
  listWebhooks,
  refreshWebhooks,
  registerWebhooks,
  removeWebhooks,
} from './webhook-registration.service.ts';
import {
  DeliveryPage,
  DeliveryView,
  FailedWebhookPage,
  renderDelivery,
  renderRegisteredWebhook,
  SubscriptionView,
  WebhookExpiration,
  WebhookIdsBody,
  WebhookPage,
  WebhookRegistrationBody,
  WebhookRegistrationResult,
} from './webhooks.schemas.ts';
import { getAppDelivery, listAppDeliveries, listFailedDeliveries } from './webhooks.service.ts';

/** What this file's functions use of the app's dependencies (the composition root passes them). */
export interface Deps extends StoreDeps {
  readonly directory: Directory;
}

/** Dynamic webhooks on the tracker API, and the delivery log on Veil's own. */
export function registerWebhookRoutes(app: VeilApp, deps: Deps) {
  for (const version of trackerVersions) {
    const path = `/rest/api/${version}/webhook`;
    const tags = [`tracker v${version}`];
    registerWebhookRegistration(app, deps, path, tags);
    registerWebhookMaintenance(app, deps, path, tags);
    registerFailedWebhooks(app, deps, path, tags);
  }
  registerSubscriptions(app, deps);
  registerDeliveryLog(app, deps);
}

/** The install of the app that calls; only apps may use the webhook operations. */
async function requireCallingInstall(deps: Deps, request: FastifyRequest): Promise<Install> {
  await requireSiteAccess(request, deps.directory);
  const { caller } = request;
  if (caller.kind !== 'app') {
    throw new VeilError('auth.forbidden', 'Only Connect and OAuth 2.0 apps can use this operation');
  }
  return (await getInstalledApp(deps.db, caller.siteId, caller.appKey)).install;
}

function registerWebhookRegistration(app: VeilApp, deps: Deps, path: string, tags: string[]) {
  const { db, clock } = deps;
  app.post(
    path,
    {
      schema: {
        tags,
        summary: 'Register dynamic webhooks (apps only)',
        body: WebhookRegistrationBody,
        response: { 200: WebhookRegistrationResult, ...trackerErrors },
      },
    },
    async (request) => {
      const install = await requireCallingInstall(deps, request);
      const { url, webhooks } = request.body;
      return { webhookRegistrationResult: await registerWebhooks(db, clock, install, url, webhooks) };
    },
  );

  app.get(
    path,
    {
      schema: {
        tags,
        summary: 'The dynamic webhooks the calling app registered',
        querystring: Type.Object({
          startAt: Type.Optional(Type.Integer()),
          maxResults: Type.Optional(Type.Integer()),
        }),
        response: { 200: WebhookPage, ...trackerErrors },
      },
    },
    async (request) => {
      const install = await requireCallingInstall(deps, request);
      const page = readPage(request.query, { maxResults: 100, cap: 100 });
      const all = await listWebhooks(db, clock, install);
      const { startAt, maxResults } = page;
      const self = `${request.site?.baseUrl ?? ''}${path}?startAt=${startAt}&maxResults=${maxResults}`;
      return pageOf(self, all, page, renderRegisteredWebhook);
    },
  );
}

/** Removing and refreshing the calling app's webhooks. */
function registerWebhookMaintenance(app: VeilApp, deps: Deps, path: string, tags: string[]) {
  const { db, clock } = deps;
  app.delete(
    path,
    {
      schema: {
        tags,
        summary: 'Remove dynamic webhooks by id (others’ ids are ignored)',
        body: WebhookIdsBody,
        response: { 202: NoContent, ...trackerErrors },
      },
    },
    async (request, reply) => {
      const install = await requireCallingInstall(deps, request);
      await removeWebhooks(db, install, request.body.webhookIds);
      return reply.status(202).send(null);
    },
  );

  app.put(
    `${path}/refresh`,
    {
      schema: {
        tags,
        summary: 'Extend dynamic webhooks by 30 days from now',
        body: WebhookIdsBody,
        response: { 200: WebhookExpiration, ...trackerErrors },
      },
    },
    async (request) => {
      const install = await requireCallingInstall(deps, request);
      const expiresAt = await refreshWebhooks(db, clock, install, request.body.webhookIds);
      return { expirationDate: expiresAt.getTime() };
    },
  );
}

function registerFailedWebhooks(app: VeilApp, deps: Deps, path: string, tags: string[]) {
  app.get(
    `${path}/failed`,
    {
      schema: {
        tags,
        summary: 'Webhooks that failed after their last retry, within 72 hours',
        querystring: Type.Object({
          maxResults: Type.Optional(Type.Integer({ minimum: 1 })),
          after: Type.Optional(Type.Integer({ minimum: 0 })),
        }),
        response: { 200: FailedWebhookPage, ...trackerErrors },
      },
    },
    async (request) => {
      const install = await requireCallingInstall(deps, request);
      const maxResults = Math.min(request.query.maxResults ?? 100, 100);
      const page = { after: request.query.after ?? 0, maxResults };
      const failed = await listFailedDeliveries(deps.db, deps.clock, install.clientKey, page);
      const values = failed.map((delivery) => ({
        id: delivery.deliveryId,
        url: delivery.url,
        failureTime: delivery.finishedAt?.getTime() ?? delivery.createdAt.getTime(),
      }));
      const last = values.at(-1);
      const base = request.site?.baseUrl ?? '';
      return {
        values,
        maxResults,
        ...(last ? { next: `${base}${path}/failed?after=${last.failureTime}&maxResults=${maxResults}` } : {}),
      };
    },
  );
}

const deliveryTags = ['webhooks'];
const appBase = '/veil/v1/sites/:siteId/apps/:appKey';

/** What app vendors (as admins of the site they test on) read: the app's subscriptions. */
function registerSubscriptions(app: VeilApp, { db, clock }: Deps) {
  app.get(
    `${appBase}/webhooks`,
    {
      schema: {
        tags: deliveryTags,
        summary: "The app's webhooks on the site: from its descriptor, and registered (live ones)",
        params: SiteAppParams,
        response: { 200: Type.Array(SubscriptionView), ...veilErrors },
      },
    },
    async (request) => {
      requireSiteAdmin(request.caller, request.params.siteId);
      const subscriptions = await listSubscriptions(db, clock, request.params.siteId, request.params.appKey);
      return subscriptions.map((subscription) =>
        subscription.source === 'registered'
          ? { ...subscription, expiresAt: subscription.expiresAt.toISOString() }
          : subscription,
      );
    },
  );
}

/** The delivery log of the app on the site, for its admins. */
function registerDeliveryLog(app: VeilApp, { db }: Deps) {
  const tags = deliveryTags;
  app.get(
    `${appBase}/webhook-deliveries`,
    {
      schema: {
        tags,
        summary: "The app's webhook deliveries on the site, newest first, with every attempt",
        params: SiteAppParams,
        querystring: Type.Object({
          startAt: Type.Integer({ minimum: 0, maximum: largestRequestInteger, default: 0 }),
          maxResults: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
        }),
        response: { 200: DeliveryPage, ...veilErrors },
      },
    },
    async (request) => {
      const { siteId, appKey } = request.params;
      requireSiteAdmin(request.caller, siteId);
      const { startAt, maxResults } = request.query;
      const { deliveries, total } = await listAppDeliveries(db, siteId, appKey, { startAt, maxResults });
      return { startAt, maxResults, total, values: deliveries.map(renderDelivery) };
    },
  );

  app.get(
    `${appBase}/webhook-deliveries/:deliveryId`,
    {
      schema: {
        tags,
        summary: 'One webhook delivery, with every attempt',
        params: Type.Object({ ...SiteAppParams.properties, deliveryId: Type.String({ maxLength: 100 }) }),
        response: { 200: DeliveryView, ...veilErrors },
      },
    },
    async (request) => {
      const { siteId, appKey, deliveryId } = request.params;
      requireSiteAdmin(request.caller, siteId);
      return renderDelivery(await getAppDelivery(db, siteId, appKey, deliveryId));
    },
  );
}
