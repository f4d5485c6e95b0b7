/**
 * The nouns of the privacy decision: the profile fields and their visibilities, the account looked at,
 * the viewer, and the view the decision returns. Pure: no I/O, no framework. Import them through
 * `visibility.ts`, the decision's one entry point.
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
    }
  | {
      /**
       * An OAuth 2.0 (3LO) app acting for a person who consented to it: every field of each person whose
       * consent to the app stands, public fields of everyone else.
       */
      readonly kind: 'oauth-app';
      readonly clientId: string;
      /** The person the app's token acts for (one of `consentedAccountIds`). */
      readonly actingAs: string;
      /** The people whose consent (grant) to the app stands now; revoking one takes them out. */
      readonly consentedAccountIds: ReadonlySet<string>;
    };

/** How the viewer stands to the account looked at; what each relation may see is `canRelationSee`. */
export type Relation =
  | 'self'
  | 'organization-admin'
  | 'organization-member'
  | 'signed-in'
  | 'anonymous'
  | 'app'
  | 'email-api'
  | 'oauth-consented';

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
