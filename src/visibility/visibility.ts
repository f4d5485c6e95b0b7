/**
 * The one decision of who sees what. Pure: no I/O, no framework. Every way data leaves Veil renders
 * an account through `decideProfileView`, so a field this module hides cannot appear anywhere else.
 */

export const profileFields = [
  'avatar',
  'fullName',
  'jobTitle',
  'department',
  'organization',
  'location',
  'timeZone',
  'email',
] as const;
export type ProfileField = (typeof profileFields)[number];

/** From most open to most closed; the order matters to `isTighter`. */
export const visibilities = ['anyone', 'organization', 'only-you'] as const;
export type Visibility = (typeof visibilities)[number];

export type AccountType = 'atlassian' | 'app' | 'customer';
/**
 * The life cycle: `deactivated` and `deletion-requested` keep the personal data (not active, cannot sign
 * in); `deleted` is final: the data is erased and the account renders as a former user.
 */
export const accountStatuses = ['active', 'deactivated', 'deletion-requested', 'deleted'] as const;
export type AccountStatus = (typeof accountStatuses)[number];

/** What every viewer sees of a deleted account, in place of anything it once held. */
export const formerUser = Object.freeze({ displayName: 'Former user', publicName: 'unknown' });

/** The defaults of PRODUCT.md section 2, for accounts that an organization manages and those it does not. */
export const defaultVisibility: Readonly<
  Record<'managed' | 'unmanaged', Readonly<Record<ProfileField, Visibility>>>
> = Object.freeze({
  unmanaged: Object.freeze({
    avatar: 'anyone',
    fullName: 'anyone',
    jobTitle: 'anyone',
    department: 'anyone',
    organization: 'anyone',
    location: 'anyone',
    timeZone: 'anyone',
    email: 'only-you',
  }),
  managed: Object.freeze({
    avatar: 'organization',
    fullName: 'anyone',
    jobTitle: 'anyone',
    department: 'organization',
    organization: 'organization',
    location: 'organization',
    timeZone: 'organization',
    email: 'only-you',
  }),
});

/** The personal data of an account as stored. `locale` follows the visibility of `timeZone`. */
export interface Profile {
  readonly fullName: string;
  readonly publicName: string;
  readonly email: string | null;
  readonly avatarKey: string;
  readonly jobTitle: string | null;
  readonly department: string | null;
  readonly organization: string | null;
  readonly location: string | null;
  readonly timeZone: string | null;
  readonly locale: string | null;
}

/** What the decision needs to know about the account being looked at. */
export interface ProfileSubject {
  readonly accountId: string;
  readonly accountType: AccountType;
  readonly status: AccountStatus;
  readonly managingOrganizationId: string | null;
  readonly profile: Profile;
  /** Explicit choices only; a field left out takes its default. */
  readonly settings: Readonly<Partial<Record<ProfileField, Visibility>>>;
  /**
   * The sites whose admins deactivated the person there only (on the site link); absent means none.
   * The account stays as it is everywhere else (see `statusOnSite`).
   */
  readonly deactivatedSiteIds?: readonly string[];
}

/**
 * Who is looking. New kinds of viewer (apps of each kind) join this union and `relationOf`;
 * callers pass a viewer along and never inspect it.
 */
export type Viewer =
  | { readonly kind: 'anonymous' }
  | {
      readonly kind: 'person';
      readonly accountId: string;
      readonly managingOrganizationId: string | null;
      readonly administeredOrganizationIds: readonly string[];
    }
  | {
      /** A Connect app: public fields only, whoever it acts for (`actingAs`, when it impersonates). */
      readonly kind: 'app';
      readonly appKey: string;
      /** The app's own account. */
      readonly accountId: string;
      readonly actingAs?: string;
    }
  | {
      /**
       * A Connect app approved for the Email API, reading through it: the email address whatever its
       * visibility (the API records every read), public fields for the rest. Never a viewer elsewhere.
       */
      readonly kind: 'email-api-app';
      readonly appKey: string;
      /** The app's own account. */
      readonly accountId: string;
    };

/** How the viewer stands to the account looked at; what each relation may see is `canRelationSee`. */
export type Relation =
  | 'self'
  | 'organization-admin'
  | 'organization-member'
  | 'signed-in'
  | 'anonymous'
  | 'app'
  | 'email-api';

/** The real avatar, the masked one (hidden from this viewer), or the anonymous one (a deleted account). */
export type AvatarView =
  | { readonly kind: 'real'; readonly key: string }
  | { readonly kind: 'masked' }
  | { readonly kind: 'anonymous' };

/** An account as one viewer may see it: a hidden field is absent, never null or empty. */
export interface ProfileView {
  readonly accountId: string;
  readonly accountType: AccountType;
  readonly status: AccountStatus;
  readonly publicName: string;
  /** The full name where the viewer may see it, else the public name; never empty. */
  readonly displayName: string;
  /** Never absent: a hidden avatar is the masked one. */
  readonly avatar: AvatarView;
  readonly fullName?: string;
  readonly jobTitle?: string;
  readonly department?: string;
  readonly organization?: string;
  readonly location?: string;
  readonly timeZone?: string;
  readonly locale?: string;
  readonly email?: string;
  readonly visibleFields: ReadonlySet<ProfileField>;
  /**
   * Whether the account's legacy username and userKey (per site, during the migration period) may be
   * shown to this viewer, or used to find the account.
   */
  readonly showsLegacyIdentity: boolean;
}

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
}

const asSignedIn: CloseRelations = Object.freeze({
  stranger: 'signed-in',
  self: null,
  organizations: new Map(),
});
const asEmailApi: CloseRelations = Object.freeze({
  stranger: 'email-api',
  self: null,
  organizations: new Map(),
});

/**
 * The accounts to which `viewer` stands closer than a stranger: its own, and those of the organizations
 * it belongs to or administers; and the relation that sees all the others as it does. Anonymous callers,
 * people and Connect apps see strangers alike, which lets a read model keep one index and one order of
 * names for all of them.
 */
export function closeRelationsOf(viewer: Viewer): CloseRelations {
  if (viewer.kind === 'email-api-app') return asEmailApi;
  if (viewer.kind !== 'person') return asSignedIn;
  const organizations = new Map<string, Relation>();
  if (viewer.managingOrganizationId !== null)
    organizations.set(viewer.managingOrganizationId, 'organization-member');
  for (const id of viewer.administeredOrganizationIds) organizations.set(id, 'organization-admin');
  return { stranger: 'signed-in', self: viewer.accountId, organizations };
}

/** Whether a viewer in `relation` may see a field set to `visibility`. */
export function canRelationSee(relation: Relation, visibility: Visibility): boolean {
  switch (relation) {
    case 'self':
    case 'organization-admin':
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

/** The fields of `subject` that `viewer` may see. */
export function visibleFieldsFor(subject: ProfileSubject, viewer: Viewer): ReadonlySet<ProfileField> {
  return visibleFieldsForRelation(subject, relationOf(subject, viewer));
}

const noFields: ReadonlySet<ProfileField> = Object.freeze(new Set<ProfileField>());

function visibleFieldsForRelation(subject: ProfileSubject, relation: Relation): ReadonlySet<ProfileField> {
  // A deleted account has nothing left to show, to anyone (the person and their admins included).
  if (subject.status === 'deleted') return noFields;
  return new Set(
    profileFields.filter((field) =>
      canRelationSeeField(relation, field, effectiveVisibility(subject, field)),
    ),
  );
}

/**
 * The decision: the account as this viewer may see it, on the site it is shown on (`null`: no site,
 * as in Veil's own API), which decides only the status (`statusOnSite`).
 */
export function decideProfileView(
  subject: ProfileSubject,
  viewer: Viewer,
  siteId: string | null = null,
): ProfileView {
  return decideProfileViewForRelation(subject, relationOf(subject, viewer), siteId);
}

/**
 * The same decision for a viewer already placed in `relation`; what a viewer sees depends on the
 * relation alone (and the site only for the status), which lets a read model keep one view per relation
 * and one more for the sites that deactivated the person.
 */
export function decideProfileViewForRelation(
  subject: ProfileSubject,
  relation: Relation,
  siteId: string | null = null,
): ProfileView {
  if (subject.status === 'deleted') return formerUserView(subject);
  const visible = visibleFieldsForRelation(subject, relation);
  const { profile } = subject;
  const shown = (field: ProfileField, value: string | null): string | undefined =>
    visible.has(field) && value !== null && value !== '' ? value : undefined;
  const fullName = shown('fullName', profile.fullName);
  return {
    accountId: subject.accountId,
    accountType: subject.accountType,
    status: statusOnSite(subject, siteId),
    publicName: profile.publicName,
    displayName: fullName ?? profile.publicName,
    avatar: visible.has('avatar') ? { kind: 'real', key: profile.avatarKey } : { kind: 'masked' },
    ...optional('fullName', fullName),
    ...optional('jobTitle', shown('jobTitle', profile.jobTitle)),
    ...optional('department', shown('department', profile.department)),
    ...optional('organization', shown('organization', profile.organization)),
    ...optional('location', shown('location', profile.location)),
    ...optional('timeZone', shown('timeZone', profile.timeZone)),
    ...optional('locale', shown('timeZone', profile.locale)),
    ...optional('email', shown('email', profile.email)),
    visibleFields: visible,
    showsLegacyIdentity: canRelationSeeLegacyIdentity(subject, relation),
  };
}

/**
 * A deleted account as everyone sees it: "Former user", the anonymous avatar, no field at all. Decided
 * from the status alone, never from what is stored, so a value the erasure missed could not show.
 */
function formerUserView(subject: ProfileSubject): ProfileView {
  return {
    accountId: subject.accountId,
    accountType: subject.accountType,
    status: 'deleted',
    publicName: formerUser.publicName,
    displayName: formerUser.displayName,
    avatar: { kind: 'anonymous' },
    visibleFields: noFields,
    showsLegacyIdentity: false,
  };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}
