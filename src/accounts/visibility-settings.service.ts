import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type ErrorDetail, VeilError } from '../errors/veil-error.ts';
import { effectiveVisibility, type ProfileField, type Visibility } from '../visibility/visibility.ts';
import { type Account, accountToProfileSubject, isLocked } from './accounts.model.ts';
import { upsertVisibilitySetting } from './visibility-settings.repository.ts';

export type VisibilityChoices = Partial<Record<ProfileField, Visibility>>;
export type ManagedVisibilityChoices = Partial<
  Record<ProfileField, { visibility: Visibility; locked: boolean }>
>;

/**
 * The person's own choices. Fields not named are left as they are; a locked field may be sent only
 * with the value it already has (so a client can send back the whole map it read).
 */
export async function setOwnVisibility(db: Kysely<Database>, account: Account, choices: VisibilityChoices) {
  const subject = accountToProfileSubject(account);
  const problems: ErrorDetail[] = [];
  const lockedProblems: ErrorDetail[] = [];
  for (const [field, visibility] of entries(choices)) {
    if (isLocked(account, field) && effectiveVisibility(subject, field) !== visibility) {
      lockedProblems.push({
        path: field,
        message: 'is locked by the organization that manages this account',
      });
    }
    if (visibility === 'organization' && account.managingOrganizationId === null) {
      problems.push({ path: field, message: '"organization" needs an account that an organization manages' });
    }
  }
  if (lockedProblems.length > 0) {
    throw new VeilError('visibility.locked', 'Your organization locked these settings', lockedProblems);
  }
  if (problems.length > 0) {
    throw new VeilError(
      'visibility.organization_needs_managed_account',
      'No organization manages this account',
      problems,
    );
  }
  for (const [field, visibility] of entries(choices)) {
    const lockedBy = account.settings[field]?.lockedByOrganizationId ?? null;
    await upsertVisibilitySetting(db, account.accountId, field, {
      visibility,
      lockedByOrganizationId: lockedBy,
    });
  }
}

/** An organization admin sets, and locks or unlocks, settings of an account the organization manages. */
export async function setManagedVisibility(
  db: Kysely<Database>,
  account: Account,
  organizationId: string,
  choices: ManagedVisibilityChoices,
) {
  if (account.managingOrganizationId !== organizationId) {
    throw new VeilError(
      'visibility.not_managed_by_you',
      `The organization ${organizationId} does not manage this account`,
    );
  }
  for (const [field, choice] of entries(choices)) {
    await upsertVisibilitySetting(db, account.accountId, field, {
      visibility: choice.visibility,
      lockedByOrganizationId: choice.locked ? organizationId : null,
    });
  }
}

function entries<T>(choices: Partial<Record<ProfileField, T>>): [ProfileField, T][] {
  return Object.entries(choices).filter(([, value]) => value !== undefined) as [ProfileField, T][];
}
