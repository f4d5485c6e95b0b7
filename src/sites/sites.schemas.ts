import { type Static, Type } from 'typebox';
import { AccountIdString, NameText, ProductName, Slug } from '../http/contracts.ts';
import { GroupView } from '../site-groups/site-groups.schemas.ts';

export const ProjectBody = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$' }),
    name: NameText(),
    lead: Type.Optional(Type.Union([AccountIdString, Type.Null()])),
  },
  { additionalProperties: false },
);

const MigrationView = Type.Object(
  {
    stage: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')], {
      description: 'legacy: usernames and keys still work beside accountIds; enforced: accountIds only',
    }),
    deprecationEnds: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
      description: 'When a legacy site becomes enforced by itself (read from the clock on every request)',
    }),
  },
  { $id: 'SiteMigration' },
);

/** The site's migration stage as set; the stage in force now is `stageNow` in the site view. */
export const MigrationBody = Type.Object(
  {
    stage: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')]),
    deprecationEnds: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
  },
  { additionalProperties: false },
);

const UserFieldItem = Type.Object(
  { id: Type.Integer({ minimum: 1 }), name: NameText() },
  { additionalProperties: false, description: 'A user-type custom field: cf[id] in JQL, or its name' },
);

export const SiteView = Type.Object(
  {
    id: Type.String(),
    baseUrl: Type.String(),
    hosts: Type.Array(Type.String()),
    default: Type.Boolean(),
    products: Type.Array(ProductName),
    anonymousAccess: Type.Boolean(),
    admins: Type.Array(Type.String()),
    groups: Type.Array(GroupView),
    projects: Type.Array(
      Type.Object({
        key: Type.String(),
        name: Type.String(),
        lead: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    migration: MigrationView,
    stageNow: Type.Union([Type.Literal('legacy'), Type.Literal('enforced')], {
      description: 'The stage in force at this moment (a legacy site past its deprecation end is enforced)',
    }),
    userFields: Type.Array(UserFieldItem),
  },
  { $id: 'Site' },
);
export type SiteView = Static<typeof SiteView>;

const BaseUrl = Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 2048 });
const Host = Type.String({ pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?$', maxLength: 253 });

export const SiteSettingsBody = Type.Object(
  {
    baseUrl: Type.Optional(BaseUrl),
    hosts: Type.Optional(Type.Array(Host, { maxItems: 50 })),
    default: Type.Optional(Type.Boolean()),
    products: Type.Optional(Type.Array(ProductName, { uniqueItems: true })),
    anonymousAccess: Type.Optional(Type.Boolean()),
    migration: Type.Optional(MigrationBody),
    userFields: Type.Optional(Type.Array(UserFieldItem, { maxItems: 1000 })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const NewSiteBody = Type.Object(
  {
    id: Slug,
    baseUrl: BaseUrl,
    hosts: Type.Optional(Type.Array(Host, { maxItems: 50 })),
    default: Type.Optional(Type.Boolean()),
    products: Type.Optional(Type.Array(ProductName, { uniqueItems: true })),
    anonymousAccess: Type.Optional(Type.Boolean()),
    admins: Type.Optional(Type.Array(AccountIdString, { maxItems: 100 })),
    groups: Type.Optional(Type.Array(NameText(), { maxItems: 1000 })),
    projects: Type.Optional(Type.Array(ProjectBody, { maxItems: 1000 })),
    migration: Type.Optional(MigrationBody),
    userFields: Type.Optional(Type.Array(UserFieldItem, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const SiteParams = Type.Object({ siteId: Slug });
export const SiteAccountParams = Type.Object({ siteId: Slug, accountId: AccountIdString });

export const PublicSiteView = Type.Object({
  id: Type.String(),
  baseUrl: Type.String(),
  products: Type.Array(ProductName),
  anonymousAccess: Type.Boolean(),
});
