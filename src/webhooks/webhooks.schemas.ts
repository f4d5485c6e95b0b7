import { type Static, Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';
import { PageOf } from '../user-api/paging.schemas.ts';
import type { DynamicWebhook } from './webhooks.model.ts';
import type { LoggedDelivery } from './webhooks.service.ts';

const closed = { additionalProperties: false } as const;
const StringList = Type.Array(Type.String({ maxLength: 255 }), { maxItems: 100 });

/** `POST /rest/api/3/webhook` (the spec's `WebhookRegistrationDetails`). */
export const WebhookRegistrationBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    webhooks: Type.Array(
      Type.Object(
        {
          events: Type.Array(Type.String({ maxLength: 100 }), { maxItems: 20 }),
          jqlFilter: Type.Optional(Type.String({ maxLength: 10_000 })),
          fieldIdsFilter: Type.Optional(StringList),
          issuePropertyKeysFilter: Type.Optional(StringList),
        },
        closed,
      ),
      { maxItems: 100 },
    ),
  },
  closed,
);

export const WebhookRegistrationResult = Type.Object({
  webhookRegistrationResult: Type.Array(
    Type.Object({
      createdWebhookId: Type.Optional(Type.Integer()),
      errors: Type.Optional(Type.Array(Type.String())),
    }),
  ),
});

/** The spec's `ContainerForWebhookIDs`. */
export const WebhookIdsBody = Type.Object(
  { webhookIds: Type.Array(Type.Integer(), { maxItems: 1000 }) },
  closed,
);

export const WebhookExpiration = Type.Object({ expirationDate: Type.Integer() });

const RegisteredWebhookView = Type.Object({
  id: Type.Integer(),
  events: Type.Array(Type.String()),
  url: Type.String(),
  jqlFilter: Type.String(),
  fieldIdsFilter: Type.Optional(Type.Array(Type.String())),
  issuePropertyKeysFilter: Type.Optional(Type.Array(Type.String())),
  expirationDate: Type.Integer(),
});

/** The spec's `PageBeanWebhook`. */
export const WebhookPage = PageOf(RegisteredWebhookView);

/** The spec's `FailedWebhooks`. */
export const FailedWebhookPage = Type.Object({
  values: Type.Array(Type.Object({ id: Type.String(), url: Type.String(), failureTime: Type.Integer() })),
  maxResults: Type.Integer(),
  next: Type.Optional(Type.String()),
});

/** A registered webhook as the tracker lists it. */
export function renderRegisteredWebhook(webhook: DynamicWebhook) {
  return {
    id: webhook.webhookId,
    events: [...webhook.events],
    url: webhook.url,
    jqlFilter: webhook.jqlFilter ?? '',
    ...(webhook.fieldIdsFilter ? { fieldIdsFilter: [...webhook.fieldIdsFilter] } : {}),
    ...(webhook.issuePropertyKeysFilter
      ? { issuePropertyKeysFilter: [...webhook.issuePropertyKeysFilter] }
      : {}),
    expirationDate: webhook.expiresAt.getTime(),
  };
}

const DeliveryStatusName = Type.Union(
  [Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('failed'), Type.Literal('dropped')],
  { description: 'pending (to be tried, or tried again), delivered, failed (given up), dropped (app gone)' },
);

/** One webhook delivery in the app's log; no body is kept (it is rendered when sent). */
export const DeliveryView = Type.Object(
  {
    deliveryId: Type.String({ description: 'The `x-atlassian-webhook-identifier` of every attempt' }),
    event: Type.String(),
    accountId: AccountIdString,
    actingAccountId: Type.Union([AccountIdString, Type.Null()]),
    url: Type.String(),
    matchedWebhookIds: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
    status: DeliveryStatusName,
    lastError: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    attempts: Type.Array(
      Type.Object({
        attempt: Type.Integer(),
        attemptedAt: Type.String({ format: 'date-time' }),
        responseStatus: Type.Union([Type.Integer(), Type.Null()]),
        outcome: Type.Union([Type.Literal('delivered'), Type.Literal('retrying'), Type.Literal('failed')]),
        error: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { $id: 'WebhookDelivery' },
);
export type DeliveryView = Static<typeof DeliveryView>;

export const DeliveryPage = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  values: Type.Array(DeliveryView),
});
export type DeliveryPage = Static<typeof DeliveryPage>;

/** The wire view of a logged delivery. */
export function renderDelivery({ delivery, attempts }: LoggedDelivery) {
  return {
    deliveryId: delivery.deliveryId,
    event: delivery.event,
    accountId: delivery.accountId,
    actingAccountId: delivery.actingAccountId,
    url: delivery.url,
    matchedWebhookIds: delivery.matchedWebhookIds ? [...delivery.matchedWebhookIds] : null,
    status: delivery.status,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    finishedAt: delivery.finishedAt?.toISOString() ?? null,
    attempts: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      attemptedAt: attempt.attemptedAt.toISOString(),
      responseStatus: attempt.responseStatus,
      outcome: attempt.outcome,
      error: attempt.error,
    })),
  };
}

/** A webhook an install is subscribed through: its descriptor, or a registration. */
export const SubscriptionView = Type.Object({
  source: Type.Union([Type.Literal('descriptor'), Type.Literal('registered')]),
  events: Type.Array(Type.String()),
  url: Type.String(),
  webhookId: Type.Optional(Type.Integer()),
  expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export type SubscriptionView = Static<typeof SubscriptionView>;
