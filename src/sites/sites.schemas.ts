import { Type } from 'typebox';
import { AccountView } from '../accounts/accounts.schemas.ts';
import { AccountIdString, ProductName, Slug } from '../http/contracts.ts';

export const GroupView = Type.Object({ groupId: Type.String(), name: Type.String() }, { $id: 'Group' });
export const ProjectBody = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,9}$' }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    lead: Type.Optional(Type.Union([AccountIdString, Type.Null()])),
  },
  { additionalProperties: false },
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
  },
  { $id: 'Site' },
);

const BaseUrl = Type.String({ pattern: '^https?://[^\\s/]+(/[^\\s]*)?$', maxLength: 2048 });
const Host = Type.String({ pattern: '^[A-Za-z0-9.-]+(:[0-9]+)?$', maxLength: 253 });

export const SiteSettingsBody = Type.Object(
  {
    baseUrl: Type.Optional(BaseUrl),
    hosts: Type.Optional(Type.Array(Host, { maxItems: 50 })),
    default: Type.Optional(Type.Boolean()),
    products: Type.Optional(Type.Array(ProductName, { uniqueItems: true })),
    anonymousAccess: Type.Optional(Type.Boolean()),
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
    groups: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 1000 })),
    projects: Type.Optional(Type.Array(ProjectBody, { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const LinkBody = Type.Object(
  {
    products: Type.Optional(Type.Array(ProductName, { uniqueItems: true })),
    groups: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 255 }), { maxItems: 1000 })),
  },
  { additionalProperties: false },
);

export const LinkView = Type.Object({
  account: AccountView,
  products: Type.Array(ProductName),
  groups: Type.Array(GroupView),
  linkedAt: Type.String({ format: 'date-time' }),
});

export const SiteParams = Type.Object({ siteId: Slug });
export const SiteAccountParams = Type.Object({ siteId: Slug, accountId: AccountIdString });
export const GroupParams = Type.Object({ siteId: Slug, groupId: Type.String({ format: 'uuid' }) });
export const GroupMemberParams = Type.Object({
  siteId: Slug,
  groupId: Type.String({ format: 'uuid' }),
  accountId: AccountIdString,
});
export const NewGroupBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 255 }) },
  { additionalProperties: false },
);

export const PublicSiteView = Type.Object({
  id: Type.String(),
  baseUrl: Type.String(),
  products: Type.Array(ProductName),
  anonymousAccess: Type.Boolean(),
});
