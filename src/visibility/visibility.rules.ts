/**
 * The rules the decision applies: how a viewer stands to an account (its relation), what each relation
 * may see, and which status an account shows on a site. Pure: no I/O, no framework. Import them through
 * `visibility.ts`, the decision's one entry point.
 */

import {
  type AccountStatus,
  defaultVisibility,
  type ProfileField,
  type ProfileSubject,
  type Relation,
  type Viewer,
  type Visibility,
  visibilities,
} from './visibility.model.ts';

/** True when `a` shows the field to fewer viewers than `b` (or the same). */
export function isTighterOrEqual(a: Visibility, b: Visibility): boolean {
  return visibilities.indexOf(a) >= visibilities.indexOf(b);
}

/** The visibility in force for a field: the explicit choice or the default for a managed/unmanaged account. */
export function effectiveVisibility(subject: ProfileSubject, field: ProfileField): Visibility {
  const managed = subject.managingOrganizationId !== null;
  const chosen = subject.settings[field] ?? defaultVisibility[managed ? 'managed' : 'unmanaged'][field];
  // An unmanaged account has no organization to share with: the stricter reading protects the person.
  return chosen === 'organization' && !managed ? 'only-you' : chosen;
}

/** How `viewer` stands to the account described by `subject`. */
export function relationOf(subject: ProfileSubject, viewer: Viewer): Relation {
  if (viewer.kind === 'anonymous') return 'anonymous';
  // Before any identity check: an app is never `self`, not even for its own account or the person it acts as.
  if (viewer.kind === 'app') return 'app';
  if (viewer.kind === 'email-api-app') return 'email-api';
  // An OAuth app sees a person whole only while that person's consent to it stands.
  if (viewer.kind === 'oauth-app')
    return viewer.consentedAccountIds.has(subject.accountId) ? 'oauth-consented' : 'app';
  if (viewer.accountId === subject.accountId) return 'self';
  const organizationId = subject.managingOrganizationId;
  if (organizationId !== null && viewer.administeredOrganizationIds.includes(organizationId)) {
    return 'organization-admin';
  }
  if (organizationId !== null && viewer.managingOrganizationId === organizationId)
    return 'organization-member';
  return 'signed-in';
}

/** How a viewer stands to accounts: as a stranger to most, closer to some (see `closeRelationsOf`). */
export interface CloseRelations {
  /**
   * A relation that sees every account outside the close ones exactly as this viewer does (the same
   * fields, so the same names and words): one per way of seeing, shared by many kinds of viewer.
   */
  readonly stranger: Relation;
  /** The viewer's own account, which it sees as `self`. */
  readonly self: string | null;
  /** Organizations the viewer belongs to or administers, and how it stands to the accounts they manage. */
  readonly organizations: ReadonlyMap<string, Relation>;
  /**
   * Other single accounts it stands closer to, whatever organization manages them (the people who
   * consented to an OAuth app), and how; empty for most viewers.
   */
  readonly accounts: ReadonlyMap<string, Relation>;
}

const asSignedIn: CloseRelations = Object.freeze({
  stranger: 'signed-in',
  self: null,
  organizations: new Map(),
  accounts: new Map(),
});
const asEmailApi: CloseRelations = Object.freeze({
  stranger: 'email-api',
  self: null,
  organizations: new Map(),
  accounts: new Map(),
});

/**
 * The accounts to which `viewer` stands closer than a stranger: its own, and those of the organizations
 * it belongs to or administers; and the relation that sees all the others as it does. Anonymous callers,
 * people and Connect apps see strangers alike, which lets a read model keep one index and one order of
 * names for all of them.
 */
export function closeRelationsOf(viewer: Viewer): CloseRelations {
  if (viewer.kind === 'email-api-app') return asEmailApi;
  if (viewer.kind === 'oauth-app') {
    const consented = [...viewer.consentedAccountIds].map((id) => [id, 'oauth-consented'] as const);
    return { stranger: 'signed-in', self: null, organizations: new Map(), accounts: new Map(consented) };
  }
  if (viewer.kind !== 'person') return asSignedIn;
  const organizations = new Map<string, Relation>();
  if (viewer.managingOrganizationId !== null)
    organizations.set(viewer.managingOrganizationId, 'organization-member');
  for (const id of viewer.administeredOrganizationIds) organizations.set(id, 'organization-admin');
  return { stranger: 'signed-in', self: viewer.accountId, organizations, accounts: new Map() };
}

/** Whether a viewer in `relation` may see a field set to `visibility`. */
export function canRelationSee(relation: Relation, visibility: Visibility): boolean {
  switch (relation) {
    case 'self':
    case 'organization-admin':
    case 'oauth-consented':
      return true;
    case 'organization-member':
      return visibility !== 'only-you';
    case 'signed-in':
    case 'anonymous':
    case 'app':
    case 'email-api':
      return visibility === 'anyone';
  }
}

/**
 * Whether a viewer in `relation` may see `field` when it is set to `visibility`. The Email API is the one
 * way an app reads an email address that is not public: approved apps, through that API, with every
 * read recorded. Everything else is `canRelationSee`.
 */
export function canRelationSeeField(
  relation: Relation,
  field: ProfileField,
  visibility: Visibility,
): boolean {
  if (relation === 'email-api' && field === 'email') return true;
  return canRelationSee(relation, visibility);
}

/**
 * Whether a viewer in `relation` may see (or find the account by) its legacy username and userKey. They
 * identified people before accountIds, so they go to every signed-in viewer and app, as they did then,
 * but not to anonymous callers, who never needed them. A new account status must decide here.
 */
export function canRelationSeeLegacyIdentity(subject: ProfileSubject, relation: Relation): boolean {
  switch (subject.status) {
    case 'active':
    case 'deactivated':
    case 'deletion-requested':
      return relation !== 'anonymous';
    // Erased with everything else: a former user has no username or key to show.
    case 'deleted':
      return false;
    default:
      return assertNever(subject.status);
  }
}

function assertNever(value: never): never {
  throw new Error(`unhandled account status ${String(value)}`);
}

/**
 * The account's status where it is shown: on a site whose admin deactivated the person there, an active
 * account is `deactivated` (inactive, and it cannot sign in to that site); anywhere else, and where no
 * site is concerned (`null`), the account's own status. A global status other than active wins, so a
 * waiting deletion or an erasure shows the same on every site.
 */
export function statusOnSite(subject: ProfileSubject, siteId: string | null): AccountStatus {
  if (siteId === null || subject.status !== 'active') return subject.status;
  return subject.deactivatedSiteIds?.includes(siteId) ? 'deactivated' : subject.status;
}
