/**
 * The use cases of filters: create, change, delete, give a new owner, favourite, share. Each is checked
 * whole before anything is written (400 naming the problem), runs in one transaction, and queues its
 * webhook there. A name already used by the owner is refused by the database, whatever runs at once.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { readFilterJql } from './filter-jql.ts';
import { queueFilterWebhook } from './filter-webhooks.service.ts';
import { requireOwner } from './filters.access.ts';
import type { FilterDeps, FilterRequest } from './filters.context.ts';
import { type Filter, filterRowToFilter, type NewSharePermission } from './filters.model.ts';
import { deleteFilterRow, findFilterRow, insertFilterRow, updateFilterRow } from './filters.repository.ts';
import {
  readSharePermissions,
  type SharePermissionBody,
  shareInputOfBody,
} from './share-permissions.input.ts';
import {
  deleteSharePermissionRows,
  insertFavouriteRow,
  insertSharePermissionRows,
} from './share-permissions.repository.ts';

/** A filter as a create or an update sends it (the spec's `Filter`, writable fields). */
export interface FilterInput {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly jql?: string | undefined;
  readonly favourite?: boolean | undefined;
  readonly sharePermissions?: readonly SharePermissionBody[] | undefined;
  readonly editPermissions?: readonly SharePermissionBody[] | undefined;
}

const invalid = (path: string, message: string) =>
  new VeilError('request.invalid', message, [{ path, message }]);

export const filterNotFound = (id: string) =>
  new VeilError(
    'filter.not_found',
    `The selected filter is not available to you, perhaps it has been deleted or had its permissions changed. (${id})`,
  );

/** The filter of the site with this id that the caller sees, or the tracker's 404. */
export async function getFilter(db: Kysely<Database>, context: FilterRequest, id: string): Promise<Filter> {
  const row = await findFilterRow(db, context.site.id, id, context.reader);
  if (!row) throw filterNotFound(id);
  return filterRowToFilter(row);
}

function readName(name: string | undefined, required: boolean): string | undefined {
  if (name === undefined && !required) return undefined;
  const trimmed = (name ?? '').trim();
  if (trimmed === '') throw invalid('filterName', 'You must specify a name for the filter.');
  if (trimmed.length > 255) throw invalid('filterName', 'The filter name must be at most 255 characters.');
  return trimmed;
}

interface CheckedInput {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly jql?: string | undefined;
  readonly shares?: NewSharePermission[] | undefined;
}

/** The whole input checked against the site: name, JQL, the people, groups and projects it shares with. */
async function checkInput(deps: FilterDeps, context: FilterRequest, input: FilterInput, create: boolean) {
  if (input.editPermissions !== undefined && input.editPermissions.length > 0)
    throw invalid('editPermissions', 'Edit permissions are not supported: only the owner edits a filter.');
  if (input.description !== undefined && input.description.length > 10000)
    throw invalid('description', 'The description must be at most 10000 characters.');
  const jqlText = input.jql ?? (create ? '' : undefined);
  const checked: CheckedInput = {
    name: readName(input.name, create),
    description: input.description,
    jql: jqlText === undefined ? undefined : await readFilterJql(deps, context, context.identity, jqlText),
    shares:
      input.sharePermissions === undefined
        ? undefined
        : await readSharePermissions(
            deps,
            context.site,
            input.sharePermissions.map(shareInputOfBody),
            'sharePermissions',
          ),
  };
  return checked;
}

/** Runs a write, turning the owner's repeated name into the tracker's 400. */
async function withUniqueName<T>(work: () => Promise<T>, name: string | undefined): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error))
      throw new VeilError('filter.name_taken', `Filter with same name already exists: ${name ?? ''}`, [
        { path: 'filterName', message: 'Filter with same name already exists.' },
      ]);
    throw error;
  }
}

/** Saves a new filter owned by the caller; returns it. */
export async function createFilter(
  deps: FilterDeps,
  context: FilterRequest,
  input: FilterInput,
): Promise<Filter> {
  const ownerId = context.reader.accountId;
  if (ownerId === null) throw new VeilError('auth.required', 'You are not logged in.');
  const checked = await checkInput(deps, context, input, true);
  const now = deps.clock.now();
  const id = await withUniqueName(
    () =>
      deps.db.transaction().execute(async (trx) => {
        const filterId = await insertFilterRow(trx, {
          site_id: context.site.id,
          owner_id: ownerId,
          name: checked.name ?? '',
          description: checked.description ?? '',
          jql: checked.jql ?? '',
          created_at: now,
        });
        await insertSharePermissionRows(trx, 'filter', filterId, checked.shares ?? []);
        if (input.favourite === true) await insertFavouriteRow(trx, 'filter', filterId, ownerId, now);
        await queueFilterWebhook(trx, deps.clock, {
          event: 'filter_created',
          siteId: context.site.id,
          actorId: context.reader.accountId,
          filterId,
        });
        return filterId;
      }),
    checked.name,
  );
  return getFilter(deps.db, context, id);
}

/** Changes what the input gives of the caller's own filter; share permissions given replace the old ones. */
export async function updateFilter(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  input: FilterInput,
): Promise<Filter> {
  requireOwner(context.reader, filter.ownerId, 'filter');
  const checked = await checkInput(deps, context, input, false);
  await withUniqueName(
    () =>
      deps.db.transaction().execute(async (trx) => {
        const { name, description, jql } = checked;
        const patch = {
          ...(name !== undefined ? { name } : {}),
          ...(description !== undefined ? { description } : {}),
        };
        await updateFilterRow(trx, filter.id, {
          ...patch,
          ...(jql !== undefined ? { jql } : {}),
          updated_at: deps.clock.now(),
        });
        if (checked.shares !== undefined) {
          await deleteSharePermissionRows(trx, 'filter', filter.id);
          await insertSharePermissionRows(trx, 'filter', filter.id, checked.shares);
        }
        await queueFilterWebhook(trx, deps.clock, {
          event: 'filter_updated',
          siteId: context.site.id,
          actorId: context.reader.accountId,
          filterId: filter.id,
        });
      }),
    checked.name,
  );
  return getFilter(deps.db, context, filter.id);
}

/** Deletes the caller's own filter (with its share permissions and favourites). */
export async function deleteFilter(deps: FilterDeps, context: FilterRequest, filter: Filter): Promise<void> {
  requireOwner(context.reader, filter.ownerId, 'filter');
  await deps.db.transaction().execute(async (trx) => {
    await queueFilterWebhook(trx, deps.clock, {
      event: 'filter_deleted',
      siteId: context.site.id,
      actorId: context.reader.accountId,
      filterId: filter.id,
    });
    await deleteFilterRow(trx, filter.id);
  });
}

/** Gives the filter a new owner, an account of the site: its owner or a site admin. */
export async function changeFilterOwner(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  accountId: string,
): Promise<void> {
  if (!context.reader.admin) requireOwner(context.reader, filter.ownerId, 'filter');
  const entry = await deps.directory.entry(accountId);
  if (!entry?.links.has(context.site.id))
    throw invalid('accountId', `The user '${accountId}' is not a user of this site.`);
  await withUniqueName(
    () =>
      deps.db.transaction().execute(async (trx) => {
        await updateFilterRow(trx, filter.id, { owner_id: accountId, updated_at: deps.clock.now() });
        await queueFilterWebhook(trx, deps.clock, {
          event: 'filter_updated',
          siteId: context.site.id,
          actorId: context.reader.accountId,
          filterId: filter.id,
        });
      }),
    filter.name,
  );
}
