/**
 * fast-check arbitraries for the visibility decision's property tests (test support only): accounts,
 * viewers of every kind, and the relations a test checks the decision against.
 */

import fc from 'fast-check';
import {
  type ProfileField,
  type ProfileSubject,
  profileFields,
  type Viewer,
  visibilities,
} from './visibility.ts';

export const organizationIds = ['acme', 'globex', 'initech'];
export const accountIds = ['a1', 'a2', 'a3', 'a4'];
export const text = fc.string({ minLength: 1, maxLength: 12 });
export const nullableText = fc.option(text, { nil: null });
export const visibility = fc.constantFrom(...visibilities);

export const settingsArb = fc.dictionary(fc.constantFrom(...profileFields), visibility) as fc.Arbitrary<
  Partial<Record<ProfileField, (typeof visibilities)[number]>>
>;

export const subjectArb: fc.Arbitrary<ProfileSubject> = fc.record({
  accountId: fc.constantFrom(...accountIds),
  accountType: fc.constantFrom('atlassian', 'app', 'customer'),
  status: fc.constantFrom('active', 'deactivated', 'deletion-requested'),
  managingOrganizationId: fc.option(fc.constantFrom(...organizationIds), { nil: null }),
  profile: fc.record({
    fullName: text,
    publicName: text,
    email: nullableText,
    avatarKey: text,
    jobTitle: nullableText,
    department: nullableText,
    organization: nullableText,
    location: nullableText,
    timeZone: nullableText,
    locale: nullableText,
  }),
  settings: settingsArb,
});

export const appViewerArb = fc.record(
  {
    kind: fc.constant('app' as const),
    appKey: fc.constantFrom('com.example.app', 'org.other.app'),
    accountId: fc.constantFrom(...accountIds),
    actingAs: fc.constantFrom(...accountIds),
  },
  { requiredKeys: ['kind', 'appKey', 'accountId'] },
);

export const emailApiViewerArb = fc.record({
  kind: fc.constant('email-api-app' as const),
  appKey: fc.constantFrom('com.example.app', 'org.other.app'),
  accountId: fc.constantFrom(...accountIds),
});

/** An OAuth app acting for one of the people who consented to it (the set always holds that person). */
export const oauthViewerArb = fc
  .record({
    clientId: fc.constantFrom('client-1', 'client-2'),
    actingAs: fc.constantFrom(...accountIds),
    others: fc.subarray(accountIds),
  })
  .map(({ clientId, actingAs, others }) => ({
    kind: 'oauth-app' as const,
    clientId,
    actingAs,
    consentedAccountIds: new Set([actingAs, ...others]) as ReadonlySet<string>,
  }));

export const viewerArb: fc.Arbitrary<Viewer> = fc.oneof(
  fc.constant({ kind: 'anonymous' } as const),
  fc.record({
    kind: fc.constant('person' as const),
    accountId: fc.constantFrom(...accountIds),
    managingOrganizationId: fc.option(fc.constantFrom(...organizationIds), { nil: null }),
    administeredOrganizationIds: fc.subarray(organizationIds),
  }),
  appViewerArb,
  emailApiViewerArb,
  oauthViewerArb,
);

export const fieldArb = fc.constantFrom(...profileFields);

export function isSelf(subject: ProfileSubject, viewer: Viewer): boolean {
  return viewer.kind === 'person' && viewer.accountId === subject.accountId;
}

/** Whether the viewer is an OAuth app the person consented to (it sees them whole while that stands). */
export function consentedTo(subject: ProfileSubject, viewer: Viewer): boolean {
  return viewer.kind === 'oauth-app' && viewer.consentedAccountIds.has(subject.accountId);
}

export function administers(subject: ProfileSubject, viewer: Viewer): boolean {
  return (
    viewer.kind === 'person' &&
    subject.managingOrganizationId !== null &&
    viewer.administeredOrganizationIds.includes(subject.managingOrganizationId)
  );
}

export function belongsToSubjectsOrganization(subject: ProfileSubject, viewer: Viewer): boolean {
  return (
    viewer.kind === 'person' &&
    subject.managingOrganizationId !== null &&
    viewer.managingOrganizationId === subject.managingOrganizationId
  );
}
