/**
 * The body of a user webhook, rendered for the app that receives it: every field of the user comes from
 * the one visibility decision, with the app as the viewer, so an app is told of public fields only. Pure.
 */
import { type Account, accountToProfileSubject } from '../accounts/accounts.model.ts';
import { avatarUrlSet } from '../avatars/avatars.ts';
import type { ProductType } from '../connect/apps.model.ts';
import type { LegacyIdentity } from '../migration/legacy-identity.ts';
import type { Site } from '../sites/sites.model.ts';
import { decideProfileView, type Viewer } from '../visibility/visibility.ts';
import type { UserEvent } from './webhooks.model.ts';

/** The user of a webhook body (the tracker's `UserDetails` fields; hidden ones are left out). */
export interface WebhookUser {
  readonly self?: string;
  readonly accountId: string;
  readonly accountType: string;
  readonly avatarUrls?: Readonly<Record<string, string>>;
  readonly displayName?: string;
  readonly active?: boolean;
  readonly emailAddress?: string;
  readonly timeZone?: string;
  readonly locale?: string;
  /** The legacy username and userKey, for apps not opted in on a site in the legacy stage only. */
  readonly name?: string;
  readonly key?: string;
}

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
  readonly account: Account | undefined;
  readonly viewer: Viewer;
  readonly site: Site;
  readonly productType: ProductType;
  /** When the change happened. */
  readonly occurredAt: Date;
  readonly matchedWebhookIds: readonly number[] | null;
  /** What `legacyIdentityForApp` gives this app for the account (null: nothing). */
  readonly legacyIdentity: LegacyIdentity | null;
}

/** The webhook body for one app. `user_deleted` names the account only: there is nothing left to tell. */
export function renderWebhookBody(input: WebhookBodyInput): WebhookBody {
  return {
    timestamp: input.occurredAt.getTime(),
    webhookEvent: input.event,
    user:
      input.event === 'user_deleted' || !input.account
        ? { accountId: input.accountId, accountType: input.account?.accountType ?? 'unknown' }
        : renderWebhookUser(input.account, input.viewer, input.site, input.productType, input.legacyIdentity),
    ...(input.matchedWebhookIds ? { matchedWebhookIds: input.matchedWebhookIds } : {}),
  };
}

function renderWebhookUser(
  account: Account,
  viewer: Viewer,
  site: Site,
  productType: ProductType,
  legacy: LegacyIdentity | null,
): WebhookUser {
  const view = decideProfileView(accountToProfileSubject(account), viewer);
  // The one decision also says whether this viewer may see the legacy identity at all.
  const shown = view.showsLegacyIdentity ? legacy : null;
  const id = encodeURIComponent(view.accountId);
  const self =
    productType === 'confluence'
      ? `${site.baseUrl}/wiki/rest/api/user?accountId=${id}`
      : `${site.baseUrl}/rest/api/2/user?accountId=${id}`;
  return {
    self,
    accountId: view.accountId,
    accountType: view.accountType,
    avatarUrls: avatarUrlSet(site.baseUrl, view.avatar),
    displayName: view.displayName,
    active: view.status === 'active',
    ...(view.email !== undefined ? { emailAddress: view.email } : {}),
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
    ...(view.locale !== undefined ? { locale: view.locale } : {}),
    ...(shown?.username ? { name: shown.username } : {}),
    ...(shown?.userKey ? { key: shown.userKey } : {}),
  };
}
