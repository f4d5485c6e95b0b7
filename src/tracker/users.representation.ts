import type { Static } from 'typebox';
import { avatarUrlSet } from '../avatars/avatars.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ProfileView, Viewer } from '../visibility/visibility.ts';
import type { TrackerUserDetails } from './groups.schemas.ts';
import type { TrackerUser } from './users.schemas.ts';

const applicationRoleOfProduct: Record<string, { key: string; name: string }> = {
  jira: { key: 'jira-software', name: 'Jira Software' },
  servicedesk: { key: 'jira-servicedesk', name: 'Jira Service Management' },
};

export interface RenderOptions {
  readonly version: '2' | '3';
  readonly expand?: ReadonlySet<string>;
}

/** The URL of a user resource, accountId encoded (`557058%3A…`). */
export function userSelfUrl(site: Site, version: string, accountId: string): string {
  return `${site.baseUrl}/rest/api/${version}/user?accountId=${encodeURIComponent(accountId)}`;
}

type PlainTrackerUser = Readonly<Static<typeof TrackerUser>>;

/*
 * The user without expansions depends only on the view, the site and the API version. The directory
 * keeps one view per account and relation and replaces it with the account, and a changed site is a
 * new Site object, so a user kept against these can never be older than what it was made from.
 */
const plainUsers = new WeakMap<ProfileView, { site: Site; version: string; user: PlainTrackerUser }[]>();

function plainTrackerUser(view: ProfileView, site: Site, version: string): PlainTrackerUser {
  let kept = plainUsers.get(view);
  if (!kept) {
    kept = [];
    plainUsers.set(view, kept);
  }
  for (const made of kept) if (made.site === site && made.version === version) return made.user;
  const user: PlainTrackerUser = Object.freeze({
    self: userSelfUrl(site, version, view.accountId),
    accountId: view.accountId,
    accountType: view.accountType,
    ...(view.email !== undefined ? { emailAddress: view.email } : {}),
    avatarUrls: Object.freeze(avatarUrlSet(site.baseUrl, view.avatar)),
    displayName: view.displayName,
    active: view.status === 'active',
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
    ...(view.locale !== undefined ? { locale: view.locale } : {}),
  });
  // Sites of a view are few; a site replaced by a newer copy is dropped with its users.
  if (kept.length >= 4) kept.shift();
  kept.push({ site, version, user });
  return user;
}

/**
 * An account as the tracker's `User`, for one viewer: every field comes from the one decision. Without
 * expansions the same frozen object is handed out again (callers send it as it is).
 */
export function renderTrackerUser(
  directory: Directory,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  options: RenderOptions,
): Static<typeof TrackerUser> {
  const plain = plainTrackerUser(directory.viewOf(entry, viewer), site, options.version);
  const expandGroups = options.expand?.has('groups') ?? false;
  const expandRoles = options.expand?.has('applicationRoles') ?? false;
  if (!expandGroups && !expandRoles) return plain;
  const user: Static<typeof TrackerUser> = { ...plain };
  const link = entry.links.get(site.id);
  if (expandGroups) {
    const items = (link?.groups ?? []).map((g) => ({
      name: g.name,
      groupId: g.groupId,
      self: `${site.baseUrl}/rest/api/${options.version}/group?groupId=${g.groupId}`,
    }));
    user.groups = { size: items.length, items };
  }
  if (expandRoles) {
    const items = (link?.products ?? []).flatMap((product) => {
      const role = applicationRoleOfProduct[product];
      return role ? [{ ...role, platform: false }] : [];
    });
    user.applicationRoles = { size: items.length, items };
  }
  return user;
}

/** An account as the tracker's `UserDetails` (group members), for one viewer, through the one decision. */
export function renderTrackerUserDetails(
  directory: Directory,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  version: '2' | '3',
): Static<typeof TrackerUserDetails> {
  const view = directory.viewOf(entry, viewer);
  return {
    self: userSelfUrl(site, version, view.accountId),
    accountId: view.accountId,
    accountType: view.accountType,
    ...(view.email !== undefined ? { emailAddress: view.email } : {}),
    avatarUrls: avatarUrlSet(site.baseUrl, view.avatar),
    displayName: view.displayName,
    active: view.status === 'active',
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
  };
}
