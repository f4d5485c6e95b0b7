/** Renders filters for the caller of a route: extras and people loaded once for the whole answer. */
import { loadPeople } from '../issues/people.representation.ts';
import { loadFilterExtras } from './filter-reads.service.ts';
import type { FilterDeps, FilterRequest } from './filters.context.ts';
import type { Filter } from './filters.model.ts';
import {
  type FilterExtras,
  peopleOfFilter,
  renderFilter,
  renderFilterDetails,
} from './filters.representation.ts';

const none: FilterExtras = { shares: [], favourite: false, sharedUserIds: null };

async function load(
  deps: FilterDeps,
  context: FilterRequest,
  filters: readonly Filter[],
  expand: ReadonlySet<string>,
) {
  const extras = await loadFilterExtras(deps.db, context, filters, expand.has('sharedUsers'));
  const ids = filters.flatMap((f) => peopleOfFilter(f, extras.get(f.id) ?? none));
  const people = await loadPeople(context.audience, ids);
  return { extras, people };
}

/** Filters as the spec's `Filter`, in the order given. */
export async function renderFilters(
  deps: FilterDeps,
  context: FilterRequest,
  filters: readonly Filter[],
  expand: ReadonlySet<string>,
) {
  const { extras, people } = await load(deps, context, filters, expand);
  return filters.map((f) => renderFilter(people, f, extras.get(f.id) ?? none, expand));
}

/** One filter as the spec's `Filter`. */
export async function renderOneFilter(
  deps: FilterDeps,
  context: FilterRequest,
  filter: Filter,
  expand: ReadonlySet<string>,
) {
  const [rendered] = await renderFilters(deps, context, [filter], expand);
  return rendered as NonNullable<typeof rendered>;
}

/** Filters as `/filter/search` shows them. */
export async function renderFilterDetailsList(
  deps: FilterDeps,
  context: FilterRequest,
  filters: readonly Filter[],
  expand: ReadonlySet<string>,
) {
  const { extras, people } = await load(deps, context, filters, new Set());
  return filters.map((f) => renderFilterDetails(people, f, extras.get(f.id) ?? none, expand));
}
