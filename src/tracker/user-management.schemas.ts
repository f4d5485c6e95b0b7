import { Type } from 'typebox';
import { nameFormat } from '../http/validation.ts';
import type { Product } from '../sites/sites.model.ts';

/** The tracker's product keys and the site product each one gives access to. */
export const productOfApplication = {
  'jira-core': 'jira',
  'jira-software': 'jira',
  'jira-product-discovery': 'jira',
  'jira-servicedesk': 'servicedesk',
} as const satisfies Record<string, Product>;

export type ApplicationKey = keyof typeof productOfApplication;
const applicationKeys = Object.keys(productOfApplication) as ApplicationKey[];

/**
 * `NewUserDetails`. `displayName` only names a new account; `password` and `applicationKeys` are
 * accepted and ignored (the spec says so), like any other property. `name` and `key` are ignored too,
 * except in the legacy stage, where they become the legacy identity of a link that has none.
 */
export const NewUserDetails = Type.Object(
  {
    emailAddress: Type.String(),
    products: Type.Array(Type.Union(applicationKeys.map((key) => Type.Literal(key))), { uniqueItems: true }),
    displayName: Type.Optional(Type.String({ format: nameFormat })),
    name: Type.Optional(Type.String({ description: 'Legacy stage only: the username of a new link' })),
    key: Type.Optional(Type.String({ description: 'Legacy stage only: the userKey of a new link' })),
  },
  { additionalProperties: true },
);

/** The user a remove or an update names: by accountId, or (legacy stage) username or key. */
export const UserQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
  key: Type.Optional(Type.String()),
});

/** A user update: only `active` changes; anything else is read and refused (or ignored: `password`). */
export const UserUpdateBody = Type.Object(
  { active: Type.Optional(Type.Boolean()) },
  { additionalProperties: true },
);
