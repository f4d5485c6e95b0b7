/**
 * Filter webhooks: the change queues its event in its own transaction (the service that changes,
 * queues), and the body is rendered when it is sent, for the receiving app: the filter read from its row
 * then, every person in it the tracker user object the one decision makes for that app. A filter deleted
 * before the delivery is named by its id only (nothing of it is kept).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import { type Audience, loadPeople } from '../issues/people.representation.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import { queueDeclaredEvent } from '../webhooks/declared-events.service.ts';
import type { FilterWebhookRenderer } from '../webhooks/webhook-payload.ts';
import type { FilterEvent } from '../webhooks/webhooks.model.ts';
import { filterRowToFilter, sharePermissionRowToSharePermission } from './filters.model.ts';
import { findFilterRow } from './filters.repository.ts';
import { peopleOfFilter, renderFilter } from './filters.representation.ts';
import { listSharePermissionRows } from './share-permissions.repository.ts';

export type { FilterEvent };

/** What changed: the event, the site, the filter, and who changed it (nobody: no event). */
export interface FilterChange {
  readonly event: FilterEvent;
  readonly siteId: string;
  readonly filterId: string;
  readonly actorId: string | null;
}

/** Queues the change's webhook for the apps whose descriptor declares it. */
export async function queueFilterWebhook(db: Transaction<Database>, clock: Clock, change: FilterChange) {
  if (change.actorId === null) return;
  const { event, siteId, actorId, filterId } = change;
  await queueDeclaredEvent(db, clock, { event, product: 'jira', siteId, actorId, subject: { filterId } });
}

/** What the renderer reads from. */
export interface Deps extends UserViews {
  readonly db: Kysely<Database>;
}

// The app hears of every filter of its site: it reads the row as an admin would.
const everyFilter = { accountId: null, groupIds: [], signedIn: true, admin: true };

/** The renderer of filter webhook bodies the delivery job calls (wired by the composition root). */
export function createFilterWebhookRenderer(deps: Deps): FilterWebhookRenderer {
  return async (input) => {
    const { site, subject } = input;
    const head = { timestamp: input.occurredAt.getTime(), webhookEvent: input.event };
    const row = await findFilterRow(deps.db, site.id, subject.filterId, everyFilter);
    if (!row)
      return {
        ...head,
        filter: { id: subject.filterId, self: `${site.baseUrl}/rest/api/2/filter/${subject.filterId}` },
      };
    const filter = filterRowToFilter(row);
    const shares = (await listSharePermissionRows(deps.db, 'filter', [filter.id])).map(
      sharePermissionRowToSharePermission,
    );
    const extras = { shares, favourite: false, sharedUserIds: null };
    const legacy = input.legacy ? { selfForm: 'accountId' as const } : null;
    const audience: Audience = { users: deps, site, viewer: input.viewer, version: '2', legacy };
    const people = await loadPeople(audience, peopleOfFilter(filter, extras));
    return { ...head, filter: renderFilter(people, filter, extras, new Set()) };
  };
}
