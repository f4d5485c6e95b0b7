import type { Static } from 'typebox';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import { type LegacyRendering, renderTrackerUserDetails } from '../user-api/tracker-user.representation.ts';
import type { Viewer } from '../visibility/visibility.ts';
import type { GroupRef } from './groups.params.ts';
import type { FoundGroups, TrackerGroup } from './groups.schemas.ts';
import { groupMemberIds } from './user-search.repository.ts';

/** The most members a `Group` lists under `users` (the tracker's own limit). */
const groupUsersLimit = 50;

/** The site's group that `ref` names, from the read model, or `group.not_found`. */
export function findSiteGroup(site: Site, ref: GroupRef): Group {
  const group =
    'groupId' in ref
      ? site.groups.find((g) => g.groupId === ref.groupId)
      : site.groups.find((g) => g.name.toLowerCase() === ref.name.toLowerCase());
  if (!group) {
    const named = 'groupId' in ref ? `with the id ${ref.groupId}` : `named ${ref.name}`;
    throw new VeilError('group.not_found', `No group ${named} exists on this site`);
  }
  return group;
}

/** The URL of a group resource. */
export function groupSelfUrl(site: Site, version: string, groupId: string): string {
  return `${site.baseUrl}/rest/api/${version}/group?groupId=${encodeURIComponent(groupId)}`;
}

/**
 * The members of a group on the site, in a stable order: by the display name the viewer sees (so
 * the order reveals nothing the viewer may not see), then by accountId.
 */
export async function listGroupMembers(
  directory: Directory,
  site: Site,
  groupId: string,
  viewer: Viewer,
  options: { includeInactive: boolean },
): Promise<DirectoryEntry[]> {
  const members: { entry: DirectoryEntry; name: string }[] = [];
  for (const entry of (await directory.entries(await groupMemberIds(directory.db, groupId))).values()) {
    const link = entry?.links.get(site.id);
    if (!link?.groups.some((g) => g.groupId === groupId)) continue;
    const view = directory.viewOf(entry, viewer, site.id);
    if (!options.includeInactive && view.status !== 'active') continue;
    members.push({ entry, name: view.displayName });
  }
  members.sort(
    (a, b) =>
      a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) ||
      (a.entry.account.accountId < b.entry.account.accountId ? -1 : 1),
  );
  return members.map((m) => m.entry);
}

/** A group as the tracker's `Group`, with its first members (all of them, inactive included). */
export async function renderTrackerGroup(
  users: UserViews,
  site: Site,
  group: Group,
  viewer: Viewer,
  version: '2' | '3',
  legacy: LegacyRendering | null = null,
): Promise<Static<typeof TrackerGroup>> {
  const members = await listGroupMembers(users.directory, site, group.groupId, viewer, {
    includeInactive: true,
  });
  const items = members
    .slice(0, groupUsersLimit)
    .map((entry) => renderTrackerUserDetails(users, entry, viewer, site, version, legacy));
  return {
    name: group.name,
    groupId: group.groupId,
    self: groupSelfUrl(site, version, group.groupId),
    users: {
      size: items.length,
      items,
      'max-results': groupUsersLimit,
      'start-index': 0,
      'end-index': Math.max(items.length - 1, 0),
    },
    expand: 'users',
  };
}

/** Groups in name order (case-insensitive, ties by id), so lists and pages are stable. */
export function sortGroupsByName(groups: readonly Group[]): Group[] {
  return [...groups].sort(
    (a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }) || (a.groupId < b.groupId ? -1 : 1),
  );
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** The group name as HTML with the first match of `query` in bold. */
export function highlightGroupName(name: string, query: string, caseInsensitive: boolean): string {
  const at = query === '' ? -1 : indexOfMatch(name, query, caseInsensitive);
  const end = at + query.length;
  // Lower-casing can change a string's length (İ); then the match is not highlighted rather than misplaced.
  if (at < 0 || name.slice(at, end).toLowerCase() !== query.toLowerCase()) return escapeHtml(name);
  return `${escapeHtml(name.slice(0, at))}<b>${escapeHtml(name.slice(at, end))}</b>${escapeHtml(name.slice(end))}`;
}

function indexOfMatch(name: string, query: string, caseInsensitive: boolean): number {
  return caseInsensitive ? name.toLowerCase().indexOf(query.toLowerCase()) : name.indexOf(query);
}

/** The groups picker's answer: groups whose names contain `query`, sorted by name, not excluded. */
export function pickGroups(
  groups: readonly Group[],
  options: {
    query: string;
    caseInsensitive: boolean;
    excludeNames: readonly string[];
    excludeIds: readonly string[];
    maxResults: number;
  },
): Static<typeof FoundGroups> {
  const excludedNames = new Set(options.excludeNames.map((n) => n.toLowerCase()));
  const excludedIds = new Set(options.excludeIds);
  const matching = sortGroupsByName(
    groups
      .filter((g) => !excludedIds.has(g.groupId) && !excludedNames.has(g.name.toLowerCase()))
      .filter((g) => indexOfMatch(g.name, options.query, options.caseInsensitive) >= 0),
  );
  const shown = matching.slice(0, options.maxResults);
  return {
    header: `Showing ${shown.length} of ${matching.length} matching groups`,
    total: matching.length,
    groups: shown.map((g) => ({
      name: g.name,
      groupId: g.groupId,
      html: highlightGroupName(g.name, options.query, options.caseInsensitive),
      labels: [],
    })),
  };
}
