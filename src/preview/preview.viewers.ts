/**
 * The viewers a person can preview their profile as. Each is an ordinary `Viewer` of the decision
 * function, built to stand in the relation it names; the preview decides nothing itself.
 */
import type { Account } from '../accounts/accounts.model.ts';
import { VeilError } from '../errors/veil-error.ts';
import type { Viewer } from '../visibility/visibility.ts';

export const previewViewerKinds = [
  'anyone',
  'organization',
  'connect-app',
  'oauth-app',
  'email-api-app',
] as const;
export type PreviewViewerKind = (typeof previewViewerKinds)[number];

/** How each kind is named on the page, and what it stands for. */
export const previewViewerLabels: Readonly<Record<PreviewViewerKind, { label: string; about: string }>> = {
  anyone: {
    label: 'Anyone',
    about: 'A signed-in person outside your organization, or anyone on a site that allows anonymous access',
  },
  organization: {
    label: 'Someone in your organization',
    about: 'A person whose account the same organization manages: the people you work with',
  },
  'connect-app': {
    label: 'A Connect app',
    about:
      'Any Connect app installed on the site; apps see what Anyone sees, also when they act for a person',
  },
  'oauth-app': {
    label: 'An OAuth app you consented to',
    about:
      'An app you allowed to act for you (Connected apps): it sees every field of your profile until you revoke your consent; apps you did not consent to see what Anyone sees',
  },
  'email-api-app': {
    label: 'An app approved for the Email API',
    about:
      'Reads your email address whatever you chose, through the Email API, and every read is recorded; everything else as a Connect app',
  },
};

// Stand-in identities with a space, which no accountId may hold: they can never be the person's own.
const standInPersonId = 'preview viewer';
const standInAppKey = 'preview app';

/** The viewer that stands in `kind`'s relation to `account`; `organization` needs a managed account. */
export function previewViewerFor(kind: PreviewViewerKind, account: Account): Viewer {
  switch (kind) {
    case 'anyone':
      return {
        kind: 'person',
        accountId: standInPersonId,
        managingOrganizationId: null,
        administeredOrganizationIds: [],
      };
    case 'organization':
      if (account.managingOrganizationId === null) {
        throw new VeilError(
          'visibility.organization_needs_managed_account',
          'No organization manages your account, so nobody sees it as "someone in your organization"',
          [{ path: 'querystring.viewer', message: 'needs an account that an organization manages' }],
        );
      }
      return {
        kind: 'person',
        accountId: standInPersonId,
        managingOrganizationId: account.managingOrganizationId,
        administeredOrganizationIds: [],
      };
    case 'connect-app':
      return { kind: 'app', appKey: standInAppKey, accountId: 'preview app account' };
    case 'oauth-app':
      return {
        kind: 'oauth-app',
        clientId: standInAppKey,
        actingAs: account.accountId,
        consentedAccountIds: new Set([account.accountId]),
      };
    case 'email-api-app':
      return { kind: 'email-api-app', appKey: standInAppKey, accountId: 'preview app account' };
  }
}
