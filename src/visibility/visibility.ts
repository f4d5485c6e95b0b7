/**
 * The one decision of who sees what, and the one entry point to it: the nouns (`visibility.model.ts`) and
 * the rules (`visibility.rules.ts`) are imported through here. Pure: no I/O, no framework. Every way data
 * leaves Veil renders an account through `decideProfileView`, so a field this module hides cannot appear
 * anywhere else.
 */

import {
  formerUser,
  type ProfileField,
  type ProfileSubject,
  type ProfileView,
  profileFields,
  type Relation,
  type Viewer,
} from './visibility.model.ts';
import {
  canRelationSeeField,
  canRelationSeeLegacyIdentity,
  effectiveVisibility,
  relationOf,
  statusOnSite,
} from './visibility.rules.ts';

export type {
  AccountStatus,
  AccountType,
  AvatarView,
  Profile,
  ProfileField,
  ProfileSubject,
  ProfileView,
  Relation,
  Viewer,
  Visibility,
} from './visibility.model.ts';
export {
  accountStatuses,
  defaultVisibility,
  formerUser,
  profileFields,
  visibilities,
} from './visibility.model.ts';
export type { CloseRelations } from './visibility.rules.ts';
export {
  canRelationSee,
  canRelationSeeField,
  canRelationSeeLegacyIdentity,
  closeRelationsOf,
  effectiveVisibility,
  isTighterOrEqual,
  relationOf,
  statusOnSite,
} from './visibility.rules.ts';

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
