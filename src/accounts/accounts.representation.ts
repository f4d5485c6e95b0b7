import type { Static } from 'typebox';
import {
  decideProfileView,
  defaultVisibility,
  effectiveVisibility,
  type ProfileField,
  type ProfileView,
  profileFields,
  type Viewer,
} from '../visibility/visibility.ts';
import { type Account, accountToProfileSubject, isLocked } from './accounts.model.ts';
import type { AccountView, VisibilityMap } from './accounts.schemas.ts';
import { avatarUrl } from './avatar-urls.ts';

/** An account for Veil's own API, as `viewer` may see it (through the one decision). */
export function renderAccountView(
  account: Account,
  viewer: Viewer,
  baseUrl: string,
): Static<typeof AccountView> {
  const view = decideProfileView(accountToProfileSubject(account), viewer);
  return {
    accountId: view.accountId,
    accountType: view.accountType,
    status: view.status,
    active: view.status === 'active',
    displayName: view.displayName,
    publicName: view.publicName,
    avatarUrl: avatarUrl(baseUrl, view.avatar),
    ...pick(view, [
      'fullName',
      'email',
      'jobTitle',
      'department',
      'organization',
      'location',
      'timeZone',
      'locale',
    ]),
    ...(account.appKey ? { appKey: account.appKey } : {}),
    ...(account.customerSiteId ? { site: account.customerSiteId } : {}),
  };
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key];
  return picked;
}

/** Every field's visibility in force, whether it is the default, and whether (and by whom) it is locked. */
export function renderVisibilityMap(account: Account): Static<typeof VisibilityMap> {
  const subject = accountToProfileSubject(account);
  const managed = account.managingOrganizationId !== null ? 'managed' : 'unmanaged';
  const entries = profileFields.map((field: ProfileField) => {
    const locked = isLocked(account, field);
    return [
      field,
      {
        visibility: effectiveVisibility(subject, field),
        isDefault:
          account.settings[field] === undefined ||
          account.settings[field]?.visibility === defaultVisibility[managed][field],
        locked,
        lockedBy: locked ? account.managingOrganizationId : null,
      },
    ];
  });
  return Object.fromEntries(entries) as Static<typeof VisibilityMap>;
}

/**
 * A person's own profile for Veil's own API and their export: every field, from the view decided with
 * themself as the viewer (who sees all of their own), `null` where nothing is stored. Only the view is
 * read, never the stored account: a deleted account's view holds nothing but "Former user".
 */
export function renderOwnProfile(view: ProfileView, baseUrl: string) {
  return {
    fullName: view.fullName ?? view.displayName,
    publicName: view.publicName,
    displayName: view.displayName,
    email: view.email ?? null,
    avatarUrl: avatarUrl(baseUrl, view.avatar),
    jobTitle: view.jobTitle ?? null,
    department: view.department ?? null,
    organization: view.organization ?? null,
    location: view.location ?? null,
    timeZone: view.timeZone ?? null,
    locale: view.locale ?? null,
  };
}
