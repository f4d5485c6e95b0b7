/**
 * The use cases of dashboards: read, list, create, change, copy and delete. Only the owner changes or
 * deletes one; whoever sees one may copy it as their own. A name already used by the owner is refused
 * by the database, whatever runs at once.
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { type Dashboard, dashboardRowToDashboard } from './dashboards.model.ts';
import {
  type DashboardSearch,
  deleteDashboardRow,
  findDashboardRow,
  insertDashboardRow,
  searchDashboardRows,
  updateDashboardRow,
} from './dashboards.repository.ts';
import { requireAccount, requireOwner } from './filters.access.ts';
import type { FilterDeps, FilterRequest } from './filters.context.ts';
import {
  readSharePermissions,
  type SharePermissionBody,
  shareInputOfBody,
} from './share-permissions.input.ts';
import { deleteSharePermissionRows, insertSharePermissionRows } from './share-permissions.repository.ts';

/** A dashboard as a create, an update or a copy sends it (the spec's `DashboardDetails`). */
export interface DashboardInput {
  readonly name: string;
  readonly description?: string | undefined;
  readonly sharePermissions: readonly SharePermissionBody[];
  readonly editPermissions: readonly SharePermissionBody[];
}

const invalid = (path: string, message: string) =>
  new VeilError('request.invalid', message, [{ path, message }]);

/** The dashboard of the site with this id that the caller sees, or the tracker's 404. */
export async function getDashboard(
  db: Kysely<Database>,
  context: FilterRequest,
  id: string,
): Promise<Dashboard> {
  const row = await findDashboardRow(db, context.site.id, id, context.reader);
  if (!row) throw new VeilError('dashboard.not_found', `The dashboard with id '${id}' does not exist.`);
  return dashboardRowToDashboard(row);
}

/** A page of the dashboards the caller sees that match, and how many match. */
export async function searchDashboards(
  db: Kysely<Database>,
  context: FilterRequest,
  search: DashboardSearch,
  page: { startAt: number; maxResults: number },
): Promise<{ dashboards: Dashboard[]; total: number }> {
  const { rows, total } = await searchDashboardRows(db, context.site.id, context.reader, search, page);
  return { dashboards: rows.map(dashboardRowToDashboard), total };
}

async function checkInput(deps: FilterDeps, context: FilterRequest, input: DashboardInput) {
  const name = input.name.trim();
  if (name === '' || name.length > 255)
    throw invalid('name', 'The dashboard name must be 1 to 255 characters.');
  if ((input.description ?? '').length > 10000)
    throw invalid('description', 'The description must be at most 10000 characters.');
  if (input.editPermissions.length > 0)
    throw invalid('editPermissions', 'Edit permissions are not supported: only the owner edits a dashboard.');
  const shares = await readSharePermissions(
    deps,
    context.site,
    input.sharePermissions.map(shareInputOfBody),
    'sharePermissions',
  );
  return { name, description: input.description ?? '', shares };
}

async function withUniqueName<T>(work: () => Promise<T>, name: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new VeilError('dashboard.name_taken', `A dashboard named '${name}' already exists.`, [
      { path: 'name', message: 'You already have a dashboard with this name.' },
    ]);
  }
}

/** Saves a new dashboard owned by the caller (a create, or a copy of one they see); returns it. */
export async function createDashboard(
  deps: FilterDeps,
  context: FilterRequest,
  input: DashboardInput,
): Promise<Dashboard> {
  const ownerId = requireAccount(context.reader);
  const checked = await checkInput(deps, context, input);
  const now = deps.clock.now();
  const id = await withUniqueName(
    () =>
      deps.db.transaction().execute(async (trx) => {
        const row = { site_id: context.site.id, owner_id: ownerId, name: checked.name, created_at: now };
        const dashboardId = await insertDashboardRow(trx, { ...row, description: checked.description });
        await insertSharePermissionRows(trx, 'dashboard', dashboardId, checked.shares);
        return dashboardId;
      }),
    checked.name,
  );
  return getDashboard(deps.db, context, id);
}

/** Replaces the caller's own dashboard's name, description and share permissions. */
export async function updateDashboard(
  deps: FilterDeps,
  context: FilterRequest,
  dashboard: Dashboard,
  input: DashboardInput,
): Promise<Dashboard> {
  requireOwner(context.reader, dashboard.ownerId, 'dashboard');
  const checked = await checkInput(deps, context, input);
  await withUniqueName(
    () =>
      deps.db.transaction().execute(async (trx) => {
        const patch = { name: checked.name, description: checked.description, updated_at: deps.clock.now() };
        await updateDashboardRow(trx, dashboard.id, patch);
        await deleteSharePermissionRows(trx, 'dashboard', dashboard.id);
        await insertSharePermissionRows(trx, 'dashboard', dashboard.id, checked.shares);
      }),
    checked.name,
  );
  return getDashboard(deps.db, context, dashboard.id);
}

/** Deletes the caller's own dashboard (with its share permissions and favourites). */
export async function deleteDashboard(
  deps: FilterDeps,
  context: FilterRequest,
  dashboard: Dashboard,
): Promise<void> {
  requireOwner(context.reader, dashboard.ownerId, 'dashboard');
  await deleteDashboardRow(deps.db, dashboard.id);
}
