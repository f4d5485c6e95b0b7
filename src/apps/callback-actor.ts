/**
 * The person who caused a callback to an app (a lifecycle call, a webhook), as the app may be told of
 * them: always as `sub` (by the caller), and in the legacy mode also through the deprecated `context`
 * claim and, on lifecycle calls, the `user_id`/`user_key` parameters. The display name in the claim is
 * the one the app may see (the one visibility decision, with the app as the viewer).
 */
import type { Kysely } from 'kysely';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { findAccount } from '../accounts/accounts.service.ts';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { listLinks } from '../sites/site-links.service.ts';
import type { Site } from '../sites/sites.model.ts';
import { decideProfileView, type Viewer } from '../visibility/visibility.ts';
import type { Install } from './apps.model.ts';
import { appIdentityMode, legacyContextClaim, legacyIdentityForApp } from './legacy-identities.ts';

export interface CallbackActor {
  /** The `context` claim, in the legacy mode only. */
  readonly context: object | undefined;
  /** `user_id=…&user_key=…` for lifecycle URLs in the legacy mode; empty otherwise. */
  readonly legacyQuery: string;
}

const nobody: CallbackActor = Object.freeze({ context: undefined, legacyQuery: '' });

/** How the callback names the person `accountId` (if any) to the app `install` describes, on `site` now. */
export async function describeCallbackActor(
  db: Kysely<Database>,
  clock: Clock,
  site: Site,
  install: Pick<Install, 'descriptor'> & { readonly appKey: string; readonly appAccountId: string | null },
  accountId: string | undefined,
): Promise<CallbackActor> {
  const mode = appIdentityMode(install, site, clock.now());
  const actor = accountId ? await findAccount(db, accountId) : undefined;
  if (!actor) return nobody;
  const [link] = await listLinks(db, site.id, [actor.accountId]);
  const viewer: Viewer = { kind: 'app', appKey: install.appKey, accountId: install.appAccountId ?? '' };
  const view = decideProfileView(accountToProfileSubject(actor), viewer);
  const context = legacyContextClaim(mode, view, link);
  const legacy = legacyIdentityForApp(mode, link, view);
  const parameters = new URLSearchParams();
  if (legacy?.username) parameters.set('user_id', legacy.username);
  if (legacy?.userKey) parameters.set('user_key', legacy.userKey);
  return { context, legacyQuery: parameters.toString() };
}

/** `url` with a query string added (after any query it has). */
export function withQuery(url: string, query: string): string {
  if (query === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${query}`;
}
