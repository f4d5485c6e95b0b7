import type { Static } from 'typebox';
import { avatarUrlSet } from '../avatars/avatars.ts';
import type { Directory, DirectoryEntry } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import type { Viewer } from '../visibility/visibility.ts';
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

/** An account as the tracker's `User`, for one viewer: every field comes from the one decision. */
export function renderTrackerUser(
  directory: Directory,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  options: RenderOptions,
): Static<typeof TrackerUser> {
  const view = directory.viewOf(entry, viewer);
  const link = entry.links.get(site.id);
  const user: Static<typeof TrackerUser> = {
    self: userSelfUrl(site, options.version, view.accountId),
    accountId: view.accountId,
    accountType: view.accountType,
    ...(view.email !== undefined ? { emailAddress: view.email } : {}),
    avatarUrls: avatarUrlSet(site.baseUrl, view.avatar),
    displayName: view.displayName,
    active: view.status === 'active',
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
    ...(view.locale !== undefined ? { locale: view.locale } : {}),
  };
  if (options.expand?.has('groups')) {
    const items = (link?.groups ?? []).map((g) => ({
      name: g.name,
      groupId: g.groupId,
      self: `${site.baseUrl}/rest/api/${options.version}/group?groupId=${g.groupId}`,
    }));
    user.groups = { size: items.length, items };
  }
  if (options.expand?.has('applicationRoles')) {
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
