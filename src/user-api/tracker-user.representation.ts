import type { Static } from 'typebox';
import { avatarUrlSet } from '../accounts/avatar-urls.ts';
import type { DirectoryEntry } from '../directory/directory.ts';
import { legacyIdentityOf } from '../directory/legacy-identity.ts';
import type { Site } from '../sites/sites.model.ts';
import type { ProfileView, Viewer } from '../visibility/visibility.ts';
import type { UserIdentifierKind } from './legacy-request.ts';
import { type UserViews, viewSentTo } from './sent-views.ts';
import type { TrackerUser, TrackerUserDetails } from './tracker-user.schemas.ts';

const applicationRoleOfProduct: Record<string, { key: string; name: string }> = {
  jira: { key: 'jira-software', name: 'Jira Software' },
  servicedesk: { key: 'jira-servicedesk', name: 'Jira Service Management' },
};

export interface RenderOptions {
  readonly version: '2' | '3';
  readonly expand?: ReadonlySet<string>;
  /** Legacy mode: user objects carry `name` and `key`, and `self` names the user as the call did. */
  readonly legacy?: LegacyRendering | null;
  /**
   * Rendered for the person's own preview: shown to them, not sent to `viewer`, so it counts no read in
   * their access log (a response to a real app does, through `viewSentTo`).
   */
  readonly preview?: boolean;
}

/** How the legacy mode renders users: `self` by accountId, username or key (as the caller named users). */
export interface LegacyRendering {
  readonly selfForm: UserIdentifierKind;
}

/** The URL of a user resource, accountId encoded (`557058%3A…`). */
export function userSelfUrl(site: Site, version: string, accountId: string): string {
  return `${site.baseUrl}/rest/api/${version}/user?accountId=${encodeURIComponent(accountId)}`;
}

type LegacyIdentity = ReturnType<typeof legacyIdentityOf>;

/** `self` in the form the call used; a user without that legacy identifier falls back to its accountId. */
function legacySelfUrl(
  site: Site,
  version: string,
  accountId: string,
  identity: LegacyIdentity,
  form: UserIdentifierKind,
) {
  const base = `${site.baseUrl}/rest/api/${version}/user`;
  if (form === 'username' && identity?.username)
    return `${base}?username=${encodeURIComponent(identity.username)}`;
  if (form === 'key' && identity?.userKey) return `${base}?key=${encodeURIComponent(identity.userKey)}`;
  return userSelfUrl(site, version, accountId);
}

/** `self`, `key` and `name` of a user object in the mode the options say. */
function identityFields(
  site: Site,
  version: string,
  accountId: string,
  identity: LegacyIdentity,
  legacy: LegacyRendering | null | undefined,
) {
  if (!legacy) return { self: userSelfUrl(site, version, accountId) };
  return {
    self: legacySelfUrl(site, version, accountId, identity, legacy.selfForm),
    ...(identity?.userKey ? { key: identity.userKey } : {}),
    ...(identity?.username ? { name: identity.username } : {}),
  };
}

type PlainTrackerUser = Readonly<Static<typeof TrackerUser>>;

/*
 * The user without expansions depends only on the view, the site, the API version and the legacy form
 * (`gdpr`, or how `self` names the user). The directory keeps one view per account and relation and
 * replaces it with the account, and a changed site is a new Site object, so a user kept against these
 * can never be older than what it was made from.
 */
const plainUsers = new WeakMap<
  ProfileView,
  { site: Site; version: string; form: UserIdentifierKind | 'gdpr'; user: PlainTrackerUser }[]
>();

function plainTrackerUser(
  view: ProfileView,
  identity: LegacyIdentity,
  site: Site,
  version: string,
  legacy: LegacyRendering | null | undefined,
): PlainTrackerUser {
  let kept = plainUsers.get(view);
  if (!kept) {
    kept = [];
    plainUsers.set(view, kept);
  }
  // The legacy identity comes from the entry the view belongs to, so the view stands for it too.
  const form = legacy ? legacy.selfForm : 'gdpr';
  for (const made of kept) {
    if (made.site === site && made.version === version && made.form === form) return made.user;
  }
  const user: PlainTrackerUser = Object.freeze({
    ...identityFields(site, version, view.accountId, identity, legacy),
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
  if (kept.length >= 8) kept.shift();
  kept.push({ site, version, form, user });
  return user;
}

/**
 * An account as the tracker's `User`, for one viewer: every field comes from the one decision. Without
 * expansions the same frozen object is handed out again (callers send it as it is).
 */
export function renderTrackerUser(
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  options: RenderOptions,
): Static<typeof TrackerUser> {
  const view = options.preview
    ? users.directory.viewOf(entry, viewer, site.id)
    : viewSentTo(users, entry, viewer, site.id);
  const identity = options.legacy ? legacyIdentityOf(entry, view, site) : null;
  const plain = plainTrackerUser(view, identity, site, options.version, options.legacy);
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
  users: UserViews,
  entry: DirectoryEntry,
  viewer: Viewer,
  site: Site,
  version: '2' | '3',
  legacy: LegacyRendering | null = null,
): Static<typeof TrackerUserDetails> {
  const view = viewSentTo(users, entry, viewer, site.id);
  const identity = legacy ? legacyIdentityOf(entry, view, site) : null;
  return {
    ...identityFields(site, version, view.accountId, identity, legacy),
    accountId: view.accountId,
    accountType: view.accountType,
    ...(view.email !== undefined ? { emailAddress: view.email } : {}),
    avatarUrls: avatarUrlSet(site.baseUrl, view.avatar),
    displayName: view.displayName,
    active: view.status === 'active',
    ...(view.timeZone !== undefined ? { timeZone: view.timeZone } : {}),
  };
}
