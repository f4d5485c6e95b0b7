/** The webhooks a filter change queues, in the change's transaction (the service that changes, queues). */
import type { Transaction } from 'kysely';
import type { Clock } from '../clock/clock.ts';
import type { Database } from '../db/schema.ts';
import type { Filter } from './filters.model.ts';

export type FilterEvent = 'filter_created' | 'filter_updated' | 'filter_deleted';

/** What changed: the event, the site and the filter (a deleted filter's last state, to name it by). */
export interface FilterChange {
  readonly event: FilterEvent;
  readonly siteId: string;
  readonly filterId: string;
  readonly filter?: Filter;
}

/**
 * Queues the change's webhook for the apps that declare it. Filter webhooks are not delivered yet
 * (see docs/api.md): the services call this in their transactions so that delivery joins in one place.
 */
export async function queueFilterWebhook(
  _db: Transaction<Database>,
  _clock: Clock,
  _change: FilterChange,
): Promise<void> {}
