/**
 * Filters and share permissions as the tracker's spec shows them, for one caller: the owner and every
 * person a share names is the tracker user object the one decision makes (`loadPeople`), never built here.
 */
import type { Static } from 'typebox';
import type { People } from '../issues/people.representation.ts';
import type { Site } from '../sites/sites.model.ts';
import type { Filter, SharePermission } from './filters.model.ts';
import type {
  FilterDetails as FilterDetailsSchema,
  Filter as FilterSchema,
  SharePermission as SharePermissionSchema,
  UserBean,
} from './filters.schemas.ts';

/** What a filter's representation is made from besides the filter: its shares, and for the caller. */
export interface FilterExtras {
  readonly shares: readonly SharePermission[];
  readonly favourite: boolean;
  /** The people it is shared with (null: not asked for). */
  readonly sharedUserIds: readonly string[] | null;
}

/** The people a filter's representation names: the owner, those its shares name, and its shared users. */
export function peopleOfFilter(filter: Filter, extras: FilterExtras): string[] {
  return [
    filter.ownerId,
    ...extras.shares.flatMap((s) => (s.accountId ? [s.accountId] : [])),
    ...(extras.sharedUserIds ?? []),
  ];
}

/** The `UserBean` of a person: the fields of the tracker user object that the bean has. */
export function renderUserBean(people: People, accountId: string): Static<typeof UserBean> | undefined {
  const user = people.user(accountId);
  if (!user) return undefined;
  const { self, accountId: id, key, name, displayName, active, avatarUrls } = user;
  return {
    self,
    accountId: id,
    ...(key ? { key } : {}),
    ...(name ? { name } : {}),
    displayName,
    active,
    avatarUrls,
  };
}

/** A share permission as the spec's `SharePermission` (a project role share shows as its project and role). */
export function renderSharePermission(
  people: People,
  site: Site,
  share: SharePermission,
): Static<typeof SharePermissionSchema> {
  const api = `${site.baseUrl}/rest/api/${people.audience.version}`;
  const id = Number(share.id);
  if (share.kind === 'user') {
    const user = share.accountId ? renderUserBean(people, share.accountId) : undefined;
    return { id, type: 'user', ...(user ? { user } : {}) };
  }
  if (share.kind === 'group' && share.group) {
    const { name, groupId } = share.group;
    return { id, type: 'group', group: { name, groupId, self: `${api}/group?groupId=${groupId}` } };
  }
  if (share.project) {
    const { id: projectId, key, name } = share.project;
    const project = { self: `${api}/project/${projectId}`, id: projectId, key, name };
    if (!share.roleId) return { id, type: 'project', project };
    const role = { self: `${api}/project/${projectId}/role/${share.roleId}`, id: Number(share.roleId) };
    return { id, type: 'project', project, role };
  }
  return { id, type: share.kind };
}

function filterUrls(site: Site, version: string, filter: Filter) {
  const search = new URLSearchParams({ jql: filter.jql }).toString();
  return {
    self: `${site.baseUrl}/rest/api/${version}/filter/${filter.id}`,
    viewUrl: `${site.baseUrl}/issues/?filter=${filter.id}`,
    searchUrl: `${site.baseUrl}/rest/api/${version}/search?${search}`,
  };
}

const emptyList = { size: 0, items: [], 'max-results': 1000, 'start-index': 0, 'end-index': 0 };

/** A filter as the spec's `Filter`, with `sharedUsers` and `subscriptions` when asked for. */
export function renderFilter(
  people: People,
  filter: Filter,
  extras: FilterExtras,
  expand: ReadonlySet<string>,
): Static<typeof FilterSchema> {
  const { site, version } = people.audience;
  const owner = people.user(filter.ownerId);
  const urls = filterUrls(site, version, filter);
  const users = (extras.sharedUserIds ?? []).flatMap((id) => people.user(id) ?? []);
  return {
    self: urls.self,
    id: filter.id,
    name: filter.name,
    ...(filter.description ? { description: filter.description } : {}),
    ...(owner ? { owner } : {}),
    jql: filter.jql,
    viewUrl: urls.viewUrl,
    searchUrl: urls.searchUrl,
    favourite: extras.favourite,
    favouritedCount: filter.favouritedCount,
    sharePermissions: extras.shares.map((share) => renderSharePermission(people, site, share)),
    editPermissions: [],
    ...(expand.has('sharedUsers')
      ? {
          sharedUsers: {
            ...emptyList,
            size: users.length,
            items: users,
            'end-index': Math.max(users.length - 1, 0),
          },
        }
      : {}),
    ...(expand.has('subscriptions') ? { subscriptions: emptyList } : {}),
  };
}

/** The expansions of `/filter/search`: each names a field shown beside `self`, `id` and `name`. */
export const filterDetailExpansions = [
  'description',
  'favourite',
  'favouritedCount',
  'jql',
  'owner',
  'searchUrl',
  'sharePermissions',
  'editPermissions',
  'subscriptions',
  'viewUrl',
] as const;

/** A filter as `/filter/search` shows it: `self`, `id`, `name` and what `expand` asks for. */
export function renderFilterDetails(
  people: People,
  filter: Filter,
  extras: FilterExtras,
  expand: ReadonlySet<string>,
): Static<typeof FilterDetailsSchema> {
  const full: Record<string, unknown> = {
    ...renderFilter(people, filter, extras, new Set()),
    subscriptions: [],
  };
  const details: Record<string, unknown> = {
    expand: filterDetailExpansions.join(','),
    self: full.self,
    id: filter.id,
    name: filter.name,
  };
  for (const key of filterDetailExpansions)
    if (expand.has(key) && full[key] !== undefined) details[key] = full[key];
  return details as Static<typeof FilterDetailsSchema>;
}
