import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  administers,
  appViewerArb,
  belongsToSubjectsOrganization,
  consentedTo,
  emailApiViewerArb,
  fieldArb,
  isSelf,
  oauthViewerArb,
  subjectArb,
  viewerArb,
  visibility,
} from './visibility.arbitraries.ts';
import {
  accountStatuses,
  closeRelationsOf,
  decideProfileView,
  decideProfileViewForRelation,
  defaultVisibility,
  effectiveVisibility,
  formerUser,
  isTighterOrEqual,
  type ProfileField,
  type ProfileView,
  relationOf,
  statusOnSite,
  visibleFieldsFor,
} from './visibility.ts';

describe('the visibility decision: who sees a field', () => {
  it('shows an only-you field to the person and their managing admin alone (and an email to the Email API)', () => {
    fc.assert(
      fc.property(subjectArb, viewerArb, fieldArb, (subject, viewer, field) => {
        fc.pre(effectiveVisibility(subject, field) === 'only-you');
        const seen = visibleFieldsFor(subject, viewer).has(field);
        const emailApi = viewer.kind === 'email-api-app' && field === 'email';
        const whole = isSelf(subject, viewer) || administers(subject, viewer) || consentedTo(subject, viewer);
        assert.equal(seen, whole || emailApi);
      }),
    );
  });

  it('never shows an organization field to anyone outside the organization', () => {
    fc.assert(
      fc.property(subjectArb, viewerArb, fieldArb, (subject, viewer, field) => {
        fc.pre(effectiveVisibility(subject, field) === 'organization');
        const inside =
          isSelf(subject, viewer) ||
          administers(subject, viewer) ||
          belongsToSubjectsOrganization(subject, viewer) ||
          consentedTo(subject, viewer) ||
          (viewer.kind === 'email-api-app' && field === 'email');
        if (!inside) assert.equal(visibleFieldsFor(subject, viewer).has(field), false);
      }),
    );
  });
});

describe('the visibility decision: settings', () => {
  it('never shows more when a setting is tightened', () => {
    fc.assert(
      fc.property(subjectArb, viewerArb, fieldArb, visibility, visibility, (subject, viewer, field, a, b) => {
        const [looser, tighter] = isTighterOrEqual(a, b) ? [b, a] : [a, b];
        const withSetting = (v: typeof a) => ({ ...subject, settings: { ...subject.settings, [field]: v } });
        const seenTight = visibleFieldsFor(withSetting(tighter), viewer);
        const seenLoose = visibleFieldsFor(withSetting(looser), viewer);
        for (const seen of seenTight)
          assert.ok(seenLoose.has(seen), `${seen} appeared when ${field} tightened`);
      }),
    );
  });

  it('treats organization visibility on an unmanaged account as only-you', () => {
    fc.assert(
      fc.property(subjectArb, fieldArb, (subject, field) => {
        const unmanaged = {
          ...subject,
          managingOrganizationId: null,
          settings: { [field]: 'organization' as const },
        };
        assert.equal(effectiveVisibility(unmanaged, field), 'only-you');
      }),
    );
  });
});

describe('the visibility decision: defaults', () => {
  it('takes the documented defaults for fields without a choice', () => {
    fc.assert(
      fc.property(subjectArb, fieldArb, (subject, field) => {
        const bare = { ...subject, settings: {} };
        const table = defaultVisibility[subject.managingOrganizationId === null ? 'unmanaged' : 'managed'];
        assert.equal(effectiveVisibility(bare, field), table[field]);
      }),
    );
    assert.deepEqual(defaultVisibility.unmanaged, {
      avatar: 'anyone',
      fullName: 'anyone',
      jobTitle: 'anyone',
      department: 'anyone',
      organization: 'anyone',
      location: 'anyone',
      timeZone: 'anyone',
      email: 'only-you',
    });
    assert.deepEqual(defaultVisibility.managed, {
      avatar: 'organization',
      fullName: 'anyone',
      jobTitle: 'anyone',
      department: 'organization',
      organization: 'organization',
      location: 'organization',
      timeZone: 'organization',
      email: 'only-you',
    });
  });
});

describe('the visibility decision: the view', () => {
  it('lets no hidden field leave in the view', () => {
    const valued: Record<string, ProfileField> = {
      fullName: 'fullName',
      jobTitle: 'jobTitle',
      department: 'department',
      organization: 'organization',
      location: 'location',
      timeZone: 'timeZone',
      locale: 'timeZone',
      email: 'email',
    };
    fc.assert(
      fc.property(subjectArb, viewerArb, (subject, viewer) => {
        const view = decideProfileView(subject, viewer);
        const visible = visibleFieldsFor(subject, viewer);
        for (const [key, field] of Object.entries(valued)) {
          if (!visible.has(field)) assert.equal(key in view, false, `${key} left although hidden`);
        }
        assert.equal(view.avatar.kind, visible.has('avatar') ? 'real' : 'masked');
      }),
    );
  });

  it('gives a display name that is never empty and is the full name only where it is visible', () => {
    fc.assert(
      fc.property(subjectArb, viewerArb, (subject, viewer) => {
        const view = decideProfileView(subject, viewer);
        assert.ok(view.displayName.length > 0);
        const fullNameVisible = visibleFieldsFor(subject, viewer).has('fullName');
        assert.equal(
          view.displayName,
          fullNameVisible ? subject.profile.fullName : subject.profile.publicName,
        );
      }),
    );
  });
});

describe('the visibility decision: apps', () => {
  it('never shows an app a non-public field, whether it acts for itself, for the person, or is the account', () => {
    fc.assert(
      fc.property(subjectArb, appViewerArb, fieldArb, (subject, viewer, field) => {
        const seen = visibleFieldsFor(subject, viewer).has(field);
        assert.equal(seen, effectiveVisibility(subject, field) === 'anyone');
        const view = decideProfileView(subject, viewer);
        if (effectiveVisibility(subject, 'email') !== 'anyone') assert.equal('email' in view, false);
      }),
    );
  });

  it('shows an Email API app the email whatever its visibility, and no other field that is not public', () => {
    fc.assert(
      fc.property(subjectArb, emailApiViewerArb, fieldArb, (subject, viewer, field) => {
        const seen = visibleFieldsFor(subject, viewer).has(field);
        assert.equal(seen, field === 'email' || effectiveVisibility(subject, field) === 'anyone');
        const view = decideProfileView(subject, viewer);
        assert.equal(view.email, subject.profile.email || undefined);
      }),
    );
  });
});

describe('the visibility decision: OAuth (3LO) apps', () => {
  it('shows an OAuth app every field of a person who consented to it, and only public fields of anyone else', () => {
    fc.assert(
      fc.property(subjectArb, oauthViewerArb, fieldArb, (subject, viewer, field) => {
        const consented = viewer.consentedAccountIds.has(subject.accountId);
        const seen = visibleFieldsFor(subject, viewer).has(field);
        assert.equal(seen, consented || effectiveVisibility(subject, field) === 'anyone');
        const view = decideProfileView(subject, viewer);
        if (!consented && effectiveVisibility(subject, 'email') !== 'anyone')
          assert.equal('email' in view, false);
      }),
    );
  });

  it('stops showing a person whole once their consent is revoked', () => {
    fc.assert(
      fc.property(subjectArb, oauthViewerArb, (subject, viewer) => {
        const revoked = new Set(viewer.consentedAccountIds);
        revoked.delete(subject.accountId);
        const after = { ...viewer, consentedAccountIds: revoked };
        for (const field of visibleFieldsFor(subject, after))
          assert.equal(effectiveVisibility(subject, field), 'anyone', field);
      }),
    );
  });
});

describe('the visibility decision: close relations', () => {
  it('sees every account outside its close relations exactly as its stranger relation does', () => {
    fc.assert(
      fc.property(subjectArb, viewerArb, (subject, viewer) => {
        const close = closeRelationsOf(viewer);
        const relation = relationOf(subject, viewer);
        const organization = subject.managingOrganizationId;
        if (subject.accountId === close.self) assert.equal(relation, 'self');
        else if (close.accounts.has(subject.accountId))
          assert.equal(relation, close.accounts.get(subject.accountId));
        else if (organization !== null && close.organizations.has(organization))
          assert.equal(relation, close.organizations.get(organization));
        else {
          // What a search finds and orders people by; each match is then rendered from the viewer's
          // own view (legacy identities, for one, differ between anonymous and signed-in viewers).
          const searched = (view: ProfileView) => ({
            fields: [...view.visibleFields],
            displayName: view.displayName,
            publicName: view.publicName,
            email: view.email,
          });
          assert.deepEqual(
            searched(decideProfileViewForRelation(subject, relation)),
            searched(decideProfileViewForRelation(subject, close.stranger)),
          );
        }
      }),
    );
  });
});

describe('the visibility decision: deleted accounts', () => {
  it('shows a deleted account to every viewer as a former user: no field, the anonymous avatar', () => {
    const personalKeys = ['fullName', 'jobTitle', 'department', 'organization', 'location', 'timeZone'];
    fc.assert(
      fc.property(subjectArb, viewerArb, (living, viewer) => {
        const subject = { ...living, status: 'deleted' as const };
        const view = decideProfileView(subject, viewer);
        assert.equal(view.displayName, formerUser.displayName);
        assert.equal(view.publicName, formerUser.publicName);
        assert.deepEqual(view.avatar, { kind: 'anonymous' });
        assert.equal(view.visibleFields.size, 0);
        assert.equal(visibleFieldsFor(subject, viewer).size, 0);
        for (const key of [...personalKeys, 'locale', 'email']) assert.equal(key in view, false, key);
        assert.equal(view.accountId, subject.accountId, 'the accountId stays');
        assert.equal(view.status, 'deleted');
      }),
    );
    assert.deepEqual([...accountStatuses], ['active', 'deactivated', 'deletion-requested', 'deleted']);
  });
});

describe("a site's deactivation of a person", () => {
  const siteIds = ['acme', 'globex', 'initech'];
  const statusArb = fc.constantFrom(...accountStatuses);

  it('changes only the status, only on that site, and never over a status the account already has', () => {
    fc.assert(
      fc.property(
        subjectArb,
        statusArb,
        fc.subarray(siteIds),
        fc.option(fc.constantFrom(...siteIds), { nil: null }),
        viewerArb,
        (living, status, deactivatedSiteIds, siteId, viewer) => {
          const subject = { ...living, status };
          const onSite = decideProfileView({ ...subject, deactivatedSiteIds }, viewer, siteId);
          const everywhere = decideProfileView(subject, viewer, siteId);
          const closedHere = status === 'active' && siteId !== null && deactivatedSiteIds.includes(siteId);
          assert.equal(onSite.status, closedHere ? 'deactivated' : status);
          assert.equal(statusOnSite({ ...subject, deactivatedSiteIds }, siteId), onSite.status);
          assert.deepEqual({ ...onSite, status: everywhere.status }, everywhere, 'nothing else differs');
          const noSite = decideProfileView({ ...subject, deactivatedSiteIds }, viewer);
          assert.equal(noSite.status, status, "without a site, the account's own status");
        },
      ),
    );
  });
});
