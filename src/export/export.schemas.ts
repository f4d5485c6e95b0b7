import { Type } from 'typebox';
import { AccessLogView } from '../access-log/access-log.schemas.ts';
import { VisibilityMap } from '../accounts/accounts.schemas.ts';
import { DeletionView } from '../deletion/deletion.schemas.ts';
import { AccountIdString, ProductName } from '../http/contracts.ts';

const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const Text = Nullable(Type.String());
const IssueReference = Type.Object({
  issueId: Type.String(),
  siteId: Type.String(),
  key: Type.String(),
  summary: Type.String(),
});
const IssueList = (description: string) => Type.Array(IssueReference, { description });
const WikiContentReference = Type.Object({
  contentId: Type.String(),
  siteId: Type.String(),
  spaceKey: Type.String(),
  title: Type.String(),
});

/** Everything Veil holds about the person who asks, and nothing about anyone else. */
export const PersonalDataExport = Type.Object(
  {
    exportedAt: Instant,
    account: Type.Object({
      accountId: AccountIdString,
      accountType: Type.String(),
      status: Type.String(),
      createdAt: Instant,
      updatedAt: Instant,
      managedBy: Nullable(Type.Object({ organizationId: Type.String(), name: Type.String() })),
    }),
    profile: Type.Object({
      fullName: Type.String(),
      publicName: Type.String(),
      displayName: Type.String(),
      email: Text,
      avatarUrl: Type.String(),
      jobTitle: Text,
      department: Text,
      organization: Text,
      location: Text,
      timeZone: Text,
      locale: Text,
    }),
    visibility: VisibilityMap,
    sites: Type.Array(
      Type.Object({
        siteId: Type.String(),
        linkedAt: Instant,
        products: Type.Array(ProductName),
        groups: Type.Array(Type.String()),
        username: Text,
        userKey: Text,
      }),
    ),
    roles: Type.Object({
      platformAdmin: Type.Boolean(),
      organizationAdmin: Type.Array(Type.String()),
      siteAdmin: Type.Array(Type.String()),
    }),
    apiTokens: Type.Array(
      Type.Object({
        id: Type.String(),
        label: Type.String(),
        createdAt: Instant,
        lastUsedAt: Nullable(Instant),
      }),
      { description: 'Metadata only: Veil keeps no token, only its hash' },
    ),
    sessions: Type.Array(Type.Object({ createdAt: Instant, expiresAt: Instant })),
    consents: Type.Array(
      Type.Object({ appKey: Type.String(), scopes: Type.Array(Type.String()), grantedAt: Instant }),
      { description: 'OAuth (3LO) consents you gave apps; empty until Veil hosts 3LO apps' },
    ),
    appsActingForYou: Type.Array(
      Type.Object({
        appKey: Type.String(),
        appName: Type.String(),
        siteId: Type.String(),
        scopes: Type.Array(Type.String()),
        issuedAt: Instant,
        expiresAt: Instant,
      }),
      { description: 'Tokens apps hold to act as you (impersonation); never the tokens themselves' },
    ),
    appsHoldingYourData: Type.Array(
      Type.Object({
        appKey: Type.String(),
        appName: Type.String(),
        firstReportedAt: Instant,
        lastReportedAt: Instant,
      }),
      { description: 'Apps that reported storing your accountId, and when' },
    ),
    appsToldAboutYou: Type.Array(
      Type.Object({
        appKey: Type.String(),
        siteId: Type.String(),
        event: Type.String(),
        status: Type.String(),
        at: Instant,
      }),
      { description: 'Webhooks about you sent (or to be sent) to apps, newest first (the last 1,000)' },
    ),
    accessLog: AccessLogView,
    deletion: Nullable(DeletionView),
    pendingEmailChange: Nullable(
      Type.Object(
        { email: Type.String(), expiresAt: Instant },
        { description: 'A new address waiting for its link to be followed' },
      ),
    ),
    mailToYou: Type.Array(
      Type.Object({
        to: Type.String(),
        subject: Type.String(),
        text: Type.String({
          description:
            'Empty once the message left through SMTP; a confirmation link is withheld (it proves the mailbox it went to)',
        }),
        status: Type.String(),
        createdAt: Instant,
      }),
      { description: 'Mail Veil wrote to you, newest first (the last 1,000)' },
    ),
    issues: Type.Object(
      {
        reported: IssueList('Issues you reported (the first 1,000)'),
        assigned: IssueList('Issues assigned to you (the first 1,000)'),
        commented: IssueList('Issues you commented on (the first 1,000)'),
        loggedWorkOn: IssueList('Issues you logged work on (the first 1,000)'),
      },
      { description: 'Where you appear on issues: ids, keys and summaries only' },
    ),
    wiki: Type.Object(
      {
        pages: Type.Array(WikiContentReference, { description: 'Wiki pages you created (the first 1,000)' }),
        comments: Type.Array(WikiContentReference, {
          description: 'Wiki comments you wrote (the first 1,000)',
        }),
      },
      { description: 'What you wrote in the wiki: ids, spaces and titles only' },
    ),
    filters: Type.Array(
      Type.Object({
        filterId: Type.String(),
        siteId: Type.String(),
        name: Type.String(),
        description: Type.String(),
        jql: Type.String(),
      }),
      { description: 'The filters you own (the first 1,000)' },
    ),
    dashboards: Type.Array(
      Type.Object({
        dashboardId: Type.String(),
        siteId: Type.String(),
        name: Type.String(),
        description: Type.String(),
      }),
      { description: 'The dashboards you own (the first 1,000)' },
    ),
    storedAboutYou: Type.Array(
      Type.Object({
        writtenBy: Type.String(),
        key: Type.String(),
        value: Type.Unknown(),
        updatedAt: Instant,
      }),
      {
        description:
          'User properties apps (or you) stored about you, and your preferences (`writtenBy`: an app key, `you`, `preferences`)',
      },
    ),
  },
  { $id: 'PersonalDataExport' },
);
