/**
 * The body of a user webhook, rendered for the app that receives it: the user is the tracker's `User`
 * as `renderTrackerUser` makes it for the app as viewer (the one decision, through `viewSentTo`, which
 * also counts the profile shown in the person's access log), so a webhook can never carry a field, or a
 * legacy identity, that the same app would not get from `GET /user`.
 */
import type { Static } from 'typebox';
import type { ProductType } from '../apps/apps.model.ts';
import type { DirectoryEntry } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import { renderTrackerUser } from '../user-api/tracker-user.representation.ts';
import type { TrackerUser } from '../user-api/tracker-user.schemas.ts';
import type { Viewer } from '../visibility/visibility.ts';
import type {
  FilterEvent,
  FilterEventSubject,
  IssueEvent,
  IssueEventSubject,
  ProjectEvent,
  ProjectEventSubject,
  UserEvent,
  WikiEvent,
  WikiEventSubject,
} from './webhooks.model.ts';

/** The user of a webhook body: a whole user, or (once the account is gone) only who it was. */
export type WebhookUser =
  | Static<typeof TrackerUser>
  | { readonly accountId: string; readonly accountType: string };

export interface WebhookBody {
  readonly timestamp: number;
  readonly webhookEvent: UserEvent;
  readonly user: WebhookUser;
  readonly matchedWebhookIds?: readonly number[];
}

export interface WebhookBodyInput {
  readonly event: UserEvent;
  readonly accountId: string;
  /** Undefined once the account is gone. */
  readonly entry: DirectoryEntry | undefined;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly productType: ProductType;
  /** When the change happened. */
  readonly occurredAt: Date;
  readonly matchedWebhookIds: readonly number[] | null;
  /** Whether the app is spoken to in the legacy mode (user objects carry `name` and `key`). */
  readonly legacy: boolean;
}

/** The webhook body for one app. `user_deleted` names the account only: there is nothing left to tell. */
export function renderWebhookBody(users: UserViews, input: WebhookBodyInput): WebhookBody {
  const { entry, site } = input;
  return {
    timestamp: input.occurredAt.getTime(),
    webhookEvent: input.event,
    user:
      input.event === 'user_deleted' || !entry
        ? { accountId: input.accountId, accountType: entry?.account.accountType ?? 'unknown' }
        : renderWebhookUser(users, entry, input.viewer, site, input.productType, input.legacy),
    ...(input.matchedWebhookIds ? { matchedWebhookIds: input.matchedWebhookIds } : {}),
  };
}

function renderWebhookUser(
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  productType: ProductType,
  legacy: boolean,
): Static<typeof TrackerUser> {
  const user = renderTrackerUser(users, entry, viewer, site, {
    version: '2',
    legacy: legacy ? { selfForm: 'accountId' } : null,
  });
  if (productType !== 'confluence') return user;
  // The wiki's app is pointed at the wiki's user resource.
  const id = encodeURIComponent(user.accountId);
  return { ...user, self: `${site.baseUrl}/wiki/rest/api/user?accountId=${id}` };
}

/** What the body of an issue event is rendered from, for one receiving app. */
export interface IssueWebhookBodyInput {
  readonly event: IssueEvent;
  readonly subject: IssueEventSubject;
  /** Who made the change (the body's `user`). */
  readonly actorId: string;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly occurredAt: Date;
  readonly matchedWebhookIds: readonly number[] | null;
  readonly legacy: boolean;
}

/**
 * Renders the body of an issue event for the app that receives it. The issues capability provides it
 * (the composition root wires it in), so that webhooks need not know how an issue is shown.
 */
export type IssueWebhookRenderer = (input: IssueWebhookBodyInput) => Promise<object>;

/** What the body of a project event is rendered from, for one receiving app. */
export interface ProjectWebhookBodyInput {
  readonly event: ProjectEvent;
  readonly subject: ProjectEventSubject;
  readonly actorId: string;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly occurredAt: Date;
  readonly legacy: boolean;
}

/** What the body of a filter event is rendered from, for one receiving app. */
export interface FilterWebhookBodyInput {
  readonly event: FilterEvent;
  readonly subject: FilterEventSubject;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly occurredAt: Date;
  readonly legacy: boolean;
}

/** Renders the body of a project event for the app that receives it (the projects capability provides it). */
export type ProjectWebhookRenderer = (input: ProjectWebhookBodyInput) => Promise<object>;
/** Renders the body of a filter event for the app that receives it (provided by the filters capability). */
export type FilterWebhookRenderer = (input: FilterWebhookBodyInput) => Promise<object>;

/** What the body of a wiki event is rendered from, for one receiving app (a wiki install). */
export interface WikiWebhookBodyInput {
  readonly event: WikiEvent;
  readonly subject: WikiEventSubject;
  readonly actorId: string;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly occurredAt: Date;
  readonly legacy: boolean;
}

/** Renders the body of a wiki event for the app that receives it (the wiki capability provides it). */
export type WikiWebhookRenderer = (input: WikiWebhookBodyInput) => Promise<object>;
