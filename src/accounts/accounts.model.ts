import type { Selectable } from 'kysely';
import type { AccountsTable } from '../db/tables/accounts.table.ts';
import type {
  AccountStatus,
  AccountType,
  Profile,
  ProfileField,
  ProfileSubject,
  Visibility,
} from '../visibility/visibility.ts';

/** A visibility choice and, where the managing organization locked it, by whom. */
export interface VisibilitySetting {
  readonly visibility: Visibility;
  readonly lockedByOrganizationId: string | null;
}

/** An account as the services use it (camelCase, with what is derived from the organizations). */
export interface Account {
  readonly accountId: string;
  readonly accountType: AccountType;
  readonly status: AccountStatus;
  readonly appKey: string | null;
  readonly customerSiteId: string | null;
  readonly profile: Profile;
  /** The organization whose verified domain holds the email; null for unmanaged accounts. */
  readonly managingOrganizationId: string | null;
  readonly settings: Readonly<Partial<Record<ProfileField, VisibilitySetting>>>;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type AccountRow = Selectable<AccountsTable> & { managing_organization_id: string | null };

/** Maps a stored row (its normalized email is not needed) and its settings to the domain account. */
export function accountRowToAccount(
  row: Omit<AccountRow, 'email_normalized'>,
  settings: Partial<Record<ProfileField, VisibilitySetting>> = {},
): Account {
  return {
    accountId: row.account_id,
    accountType: row.account_type,
    // Marked for erasure: a former user from then on, while its data waits for every node to know.
    status: row.erasing ? 'deleted' : row.status,
    appKey: row.app_key,
    customerSiteId: row.customer_site_id,
    profile: {
      fullName: row.full_name,
      publicName: row.public_name,
      email: row.email,
      avatarKey: row.avatar_key,
      jobTitle: row.job_title,
      department: row.department,
      organization: row.organization_name,
      location: row.location,
      timeZone: row.time_zone,
      locale: row.locale,
    },
    managingOrganizationId: row.managing_organization_id,
    settings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Whether the person may not change this field because their managing organization locked it. */
export function isLocked(account: Account, field: ProfileField): boolean {
  const locker = account.settings[field]?.lockedByOrganizationId ?? null;
  return locker !== null && locker === account.managingOrganizationId;
}

/** What the visibility decision needs to know of an account. */
export function accountToProfileSubject(account: Account): ProfileSubject {
  const settings: Partial<Record<ProfileField, Visibility>> = {};
  for (const [field, setting] of Object.entries(account.settings)) {
    if (setting) settings[field as ProfileField] = setting.visibility;
  }
  return {
    accountId: account.accountId,
    accountType: account.accountType,
    status: account.status,
    managingOrganizationId: account.managingOrganizationId,
    profile: account.profile,
    settings,
  };
}

/**
 * Whether an account in this status may sign in (or be acted for by an app): active accounts everywhere;
 * an account waiting to be deleted only where the route allows it (to see or cancel the deletion, or
 * export its data), never for an app.
 */
export function maySignIn(status: AccountStatus, allowsPendingDeletion: boolean): boolean {
  return status === 'active' || (allowsPendingDeletion && status === 'deletion-requested');
}
