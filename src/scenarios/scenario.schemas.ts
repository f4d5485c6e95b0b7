import { type Static, Type } from 'typebox';
import { ProfileFieldName, VisibilityChoices } from '../accounts/profile.schemas.ts';
import { ScenarioDashboard, ScenarioFilter } from '../filters/scenario-filters.schemas.ts';
import { ForgeInstallBody } from '../forge/forge.schemas.ts';
import { AccountIdString, NameText, ProductName, Slug } from '../http/contracts.ts';
import { ScenarioSpace } from './scenario-spaces.schemas.ts';

const Text = (maxLength = 255) => Type.String({ minLength: 1, maxLength });
const closed = { additionalProperties: false } as const;

const ScenarioOrganization = Type.Object(
  {
    id: Slug,
    name: NameText(),
    verifiedDomains: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+$' }))),
    admins: Type.Optional(Type.Array(AccountIdString)),
  },
  closed,
);

// Issue 15: a project's components and the people and groups acting in its roles.
const ScenarioComponent = Type.Object(
  {
    name: NameText(),
    description: Type.Optional(Type.String({ maxLength: 32768 })),
    lead: Type.Optional(AccountIdString),
    assigneeType: Type.Optional(
      Type.Union(
        ['PROJECT_DEFAULT', 'COMPONENT_LEAD', 'PROJECT_LEAD', 'UNASSIGNED'].map((t) => Type.Literal(t)),
      ),
    ),
  },
  closed,
);
const ScenarioRoleActors = Type.Object(
  {
    role: Text(),
    users: Type.Optional(Type.Array(AccountIdString, { maxItems: 1000 })),
    groups: Type.Optional(Type.Array(Text(), { maxItems: 1000 })),
  },
  closed,
);

const ScenarioProject = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$' }),
    name: NameText(),
    lead: Type.Optional(AccountIdString),
    components: Type.Optional(Type.Array(ScenarioComponent, { maxItems: 1000 })),
    roles: Type.Optional(Type.Array(ScenarioRoleActors, { maxItems: 100 })),
  },
  closed,
);

const Instant = Type.String({ minLength: 1, maxLength: 64 });
const RichText = Type.Union([
  Type.String({ maxLength: 32768 }),
  Type.Object({}, { additionalProperties: true }),
]);

/** A user-picker custom field of the site's issues. */
const ScenarioCustomField = Type.Object(
  {
    id: Type.String({ pattern: '^customfield_[1-9][0-9]{0,8}$' }),
    name: NameText(),
    type: Type.Union([Type.Literal('user'), Type.Literal('multiuser')]),
  },
  closed,
);

const ScenarioComment = Type.Object(
  {
    author: AccountIdString,
    body: RichText,
    created: Type.Optional(Instant),
    visibility: Type.Optional(
      Type.Object(
        { type: Type.Union([Type.Literal('group'), Type.Literal('role')]), value: NameText() },
        closed,
      ),
    ),
  },
  closed,
);

const ScenarioWorklog = Type.Object(
  {
    author: AccountIdString,
    timeSpentSeconds: Type.Integer({ minimum: 60, maximum: 315_360_000 }),
    started: Instant,
    comment: Type.Optional(RichText),
    created: Type.Optional(Instant),
    visibility: Type.Optional(
      Type.Object(
        { type: Type.Union([Type.Literal('group'), Type.Literal('role')]), value: NameText() },
        closed,
      ),
    ),
  },
  closed,
);

const ScenarioHistory = Type.Object(
  {
    author: AccountIdString,
    created: Instant,
    items: Type.Array(
      Type.Object(
        {
          field: Type.String({ minLength: 1, maxLength: 64 }),
          from: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])),
          to: Type.Optional(Type.Union([Type.String({ maxLength: 1024 }), Type.Null()])),
        },
        closed,
      ),
      { minItems: 1 },
    ),
  },
  closed,
);

/** An issue of one of the site's projects: people by accountId, text with mentions by accountId. */
export const ScenarioIssue = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,8}$' }),
    project: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$' }),
    type: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    summary: Type.String({ minLength: 1, maxLength: 255 }),
    description: Type.Optional(RichText),
    status: Type.Optional(
      Type.Union([Type.Literal('To Do'), Type.Literal('In Progress'), Type.Literal('Done')]),
    ),
    priority: Type.Optional(
      Type.Union([
        Type.Literal('Highest'),
        Type.Literal('High'),
        Type.Literal('Medium'),
        Type.Literal('Low'),
        Type.Literal('Lowest'),
      ]),
    ),
    labels: Type.Optional(Type.Array(Type.String({ pattern: '^\\S{1,255}$' }))),
    reporter: Type.Optional(AccountIdString),
    assignee: Type.Optional(AccountIdString),
    creator: Type.Optional(AccountIdString),
    watchers: Type.Optional(Type.Array(AccountIdString)),
    voters: Type.Optional(Type.Array(AccountIdString)),
    fields: Type.Optional(
      Type.Record(Type.String(), Type.Union([AccountIdString, Type.Array(AccountIdString)])),
    ),
    created: Type.Optional(Instant),
    updated: Type.Optional(Instant),
    comments: Type.Optional(Type.Array(ScenarioComment)),
    worklogs: Type.Optional(Type.Array(ScenarioWorklog)),
    history: Type.Optional(Type.Array(ScenarioHistory)),
  },
  closed,
);

/** A request budget below Veil's default: at most `requests` in each window of `windowSeconds`. */
const ScenarioRateLimits = Type.Object(
  {
    requests: Type.Integer({ minimum: 0, maximum: 1_000_000_000 }),
    windowSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 86_400 })),
  },
  closed,
);

const ScenarioSite = Type.Object(
  {
    id: Slug,
    baseUrl: Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' }),
    hosts: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?$' }))),
    default: Type.Optional(Type.Boolean()),
    products: Type.Optional(Type.Array(ProductName)),
    anonymousAccess: Type.Optional(Type.Boolean()),
    admins: Type.Optional(Type.Array(AccountIdString)),
    groups: Type.Optional(Type.Array(NameText())),
    projects: Type.Optional(Type.Array(ScenarioProject)),
    migration: Type.Optional(
      Type.Object(
        {
          stage: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')]),
          deprecationEnds: Type.Optional(Type.String()),
        },
        closed,
      ),
    ),
    userFields: Type.Optional(
      Type.Array(Type.Object({ id: Type.Integer({ minimum: 1 }), name: NameText() }, closed)),
    ),
    rateLimits: Type.Optional(ScenarioRateLimits),
    customFields: Type.Optional(Type.Array(ScenarioCustomField, { maxItems: 100 })),
    issues: Type.Optional(Type.Array(ScenarioIssue, { maxItems: 10000 })),
    spaces: Type.Optional(Type.Array(ScenarioSpace, { maxItems: 1000 })),
    filters: Type.Optional(Type.Array(ScenarioFilter, { maxItems: 10000 })),
    dashboards: Type.Optional(Type.Array(ScenarioDashboard, { maxItems: 10000 })),
  },
  closed,
);

const SiteAccess = Type.Object(
  {
    products: Type.Optional(Type.Array(ProductName)),
    groups: Type.Optional(Type.Array(NameText())),
    username: Type.Optional(Type.String()),
    userKey: Type.Optional(Type.String()),
  },
  closed,
);

const nullableText = Type.Optional(Type.Union([Text(), Type.Null()]));

const ScenarioAccount = Type.Object(
  {
    accountId: Type.Optional(AccountIdString),
    type: Type.Union([Type.Literal('atlassian'), Type.Literal('app'), Type.Literal('customer')]),
    status: Type.Optional(
      Type.Union([
        Type.Literal('active'),
        Type.Literal('deactivated'),
        Type.Literal('deletion-requested'),
        Type.Literal('deleted'),
      ]),
    ),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    fullName: NameText(),
    publicName: Type.Optional(NameText()),
    jobTitle: nullableText,
    department: nullableText,
    organization: nullableText,
    location: nullableText,
    timeZone: nullableText,
    locale: nullableText,
    appKey: Type.Optional(Text()),
    site: Type.Optional(Slug),
    visibility: Type.Optional(VisibilityChoices),
    locked: Type.Optional(Type.Array(ProfileFieldName)),
    sites: Type.Optional(Type.Record(Type.String(), SiteAccess)),
    apiTokens: Type.Optional(Type.Array(Type.String({ minLength: 8, maxLength: 512 }))),
  },
  closed,
);

const ScenarioApp = Type.Object(
  {
    descriptorUrl: Type.Optional(Type.String({ pattern: '^https?://', maxLength: 2000 })),
    descriptor: Type.Optional(Type.Object({}, { additionalProperties: true })),
    installOn: Type.Array(Slug, { minItems: 1 }),
    product: Type.Optional(Type.Union([Type.Literal('jira'), Type.Literal('confluence')])),
    emailApi: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
    ),
    /** The app's key: needed beside `rateLimits` when the descriptor comes from `descriptorUrl`. */
    appKey: Type.Optional(Text()),
    rateLimits: Type.Optional(ScenarioRateLimits),
  },
  closed,
);

/** An OAuth 2.0 (3LO) app, with the client id and secret its tests use (the secret is stored hashed). */
const ScenarioOAuthApp = Type.Object(
  {
    clientId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9._~-]+$' }),
    clientSecret: Type.String({ minLength: 16, maxLength: 512 }),
    name: Text(),
    callbackUrl: Type.String({ minLength: 1, maxLength: 2000 }),
    scopes: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 40 }),
  },
  closed,
);

/** A whole world in one file: organizations, sites, accounts and Connect apps. See docs/scenarios.md. */
export const ScenarioFile = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    platformAdmins: Type.Optional(Type.Array(AccountIdString)),
    organizations: Type.Optional(Type.Array(ScenarioOrganization)),
    sites: Type.Optional(Type.Array(ScenarioSite)),
    accounts: Type.Optional(Type.Array(ScenarioAccount)),
    apps: Type.Optional(Type.Array(ScenarioApp)),
    oauthApps: Type.Optional(Type.Array(ScenarioOAuthApp)),
    // forge (issue 16): Forge apps installed on a site, as a site admin would (consenting to their scopes).
    forgeApps: Type.Optional(
      Type.Array(Type.Object({ siteId: Slug, manifest: ForgeInstallBody.properties.manifest }, closed), {
        maxItems: 50,
      }),
    ),
  },
  closed,
);

export type Scenario = Static<typeof ScenarioFile>;
export type ScenarioAccount = Static<typeof ScenarioAccount>;
export type ScenarioApp = Static<typeof ScenarioApp>;
export type ScenarioRateLimits = Static<typeof ScenarioRateLimits>;
export type ScenarioSite = Static<typeof ScenarioSite>;
export type ScenarioIssue = Static<typeof ScenarioIssue>;
