import type { Static } from 'typebox';
import { avatarUrl } from '../accounts/avatar-urls.ts';
import type { DirectoryEntry } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import type { Site } from '../sites/sites.model.ts';
import type { AccountStatus, AvatarView, ProfileView, Viewer } from '../visibility/visibility.ts';
import { type UserViews, viewSentTo } from './sent-views.ts';
import type {
  WikiGroup,
  WikiIcon,
  WikiLinks,
  WikiUser,
  WikiUserAnonymous,
  WikiUserV2,
} from './wiki-user.schemas.ts';

type Operation = { operation: string; targetType: string };

/** The wiki's context path: every wiki URL of a site lives under it. */
export const wikiContext = '/wiki';

/** The base URL of a site's wiki, which `_links` entries are relative to. */
export function wikiBaseUrl(site: Site): string {
  return `${site.baseUrl}${wikiContext}`;
}

/** `_links` with `base` and `context`, and `self` when given (a path under the wiki's base). */
export function wikiLinks(site: Site, selfPath?: string): Static<typeof WikiLinks> {
  const base = wikiBaseUrl(site);
  return { ...(selfPath !== undefined ? { self: `${base}${selfPath}` } : {}), base, context: wikiContext };
}

/** The avatar a viewer may see, as a path relative to the site (as the wiki gives it); masked is the default. */
export function profilePictureOf(site: Site, avatar: AvatarView): Static<typeof WikiIcon> {
  const url = new URL(avatarUrl(site.baseUrl, avatar, 48));
  return { path: `${url.pathname}${url.search}`, width: 48, height: 48, isDefault: avatar.kind !== 'real' };
}

/** What an account may do in the wiki of `site`, for `expand=operations`. */
function operationsOf(entry: DirectoryEntry, view: ProfileView, site: Site): Operation[] {
  const products = entry.links.get(site.id)?.products ?? [];
  if (view.status !== 'active' || !products.includes('confluence')) return [];
  const administers = site.admins.includes(entry.account.accountId);
  return [
    { operation: 'use', targetType: 'application' },
    ...(administers ? [{ operation: 'administer', targetType: 'application' }] : []),
  ];
}

/**
 * An account as the wiki's v1 `User`, for one viewer: every value comes from the one decision, and a
 * field the viewer may not see is an empty string (the wiki's way), never the stored value.
 */
export function renderWikiUser(
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  expand: ReadonlySet<string> = new Set(),
  legacy = false,
): Static<typeof WikiUser> {
  const view = viewSentTo(users, entry, viewer, site.id);
  const accountType = view.accountType === 'customer' ? '' : view.accountType;
  const expandable = ['operations', 'personalSpace'].filter((name) => !expand.has(name));
  // The legacy stage gives the username and userKey beside the accountId, where the viewer may see them.
  const identity = legacy ? legacyIdentityOf(entry, view, site) : null;
  return {
    type: 'known',
    ...(identity?.username ? { username: identity.username } : {}),
    ...(identity?.userKey ? { userKey: identity.userKey } : {}),
    accountId: view.accountId,
    accountType,
    email: view.email ?? '',
    publicName: view.publicName,
    profilePicture: profilePictureOf(site, view.avatar),
    displayName: view.displayName,
    timeZone: view.timeZone ?? '',
    isExternalCollaborator: false,
    externalCollaborator: false,
    ...(expand.has('operations') ? { operations: operationsOf(entry, view, site) } : {}),
    // Veil has no spaces, so an expanded personalSpace is left out, as for a person without one.
    _expandable: Object.fromEntries(expandable.map((name) => [name, ''])),
    _links: wikiLinks(site, `/rest/api/user?accountId=${encodeURIComponent(view.accountId)}`),
  };
}

/** The wiki's `UserAnonymous`: a masked avatar and the name "Anonymous". */
export function renderAnonymousUser(
  site: Site,
  expand: ReadonlySet<string> = new Set(),
): Static<typeof WikiUserAnonymous> {
  const operations: Operation[] = site.anonymousAccess
    ? [{ operation: 'use', targetType: 'application' }]
    : [];
  return {
    type: 'anonymous',
    profilePicture: profilePictureOf(site, { kind: 'masked' }),
    displayName: 'Anonymous',
    ...(expand.has('operations') ? { operations } : {}),
    isExternalCollaborator: false,
    _expandable: expand.has('operations') ? {} : { operations: '' },
    _links: wikiLinks(site, '/rest/api/user/anonymous'),
  };
}

const accountStatusV2: Record<AccountStatus, Static<typeof WikiUserV2>['accountStatus']> = {
  active: 'active',
  deactivated: 'inactive',
  'deletion-requested': 'inactive',
  deleted: 'closed',
};

/** An account as the wiki's v2 `User`, for one viewer: a hidden email is `''`, a hidden time zone `null`. */
export function renderWikiUserV2(
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
): Static<typeof WikiUserV2> {
  const view = viewSentTo(users, entry, viewer, site.id);
  const { path, isDefault } = profilePictureOf(site, view.avatar);
  return {
    accountId: view.accountId,
    accountStatus: accountStatusV2[view.status],
    accountType: view.accountType,
    email: view.email ?? '',
    publicName: view.publicName,
    displayName: view.displayName,
    // The v2 schema types these as plain strings (its prose says null): leaving them out satisfies both.
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
    profilePicture: { path, isDefault },
    isExternalCollaborator: false,
  };
}

/** A site group as the wiki's `Group`. */
export function renderWikiGroup(site: Site, group: Group): Static<typeof WikiGroup> {
  return {
    type: 'group',
    name: group.name,
    id: group.groupId,
    _links: { self: `${wikiBaseUrl(site)}/rest/api/group/by-id?id=${encodeURIComponent(group.groupId)}` },
  };
}
