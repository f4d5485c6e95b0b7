import { type Static, Type } from 'typebox';
import { AccountView } from '../accounts/accounts.schemas.ts';
import { NameText, ProductName } from '../http/contracts.ts';
import { GroupView } from '../site-groups/site-groups.schemas.ts';

const LegacyIdentifier = (description: string) =>
  Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 255 }), Type.Null()], { description }));

export const LinkBody = Type.Object(
  {
    products: Type.Optional(Type.Array(ProductName, { uniqueItems: true })),
    groups: Type.Optional(Type.Array(NameText(), { maxItems: 1000 })),
    username: LegacyIdentifier('The legacy username on this site (unique per site); null removes it'),
    userKey: LegacyIdentifier('The legacy userKey on this site (unique per site); null removes it'),
    active: Type.Optional(
      Type.Boolean({
        description:
          "The person's access to this site only: false deactivates them here (never a platform admin, unless a platform admin asks; never yourself), true gives it back",
      }),
    ),
  },
  { additionalProperties: false },
);

export const LinkView = Type.Object({
  account: AccountView,
  products: Type.Array(ProductName),
  groups: Type.Array(GroupView),
  linkedAt: Type.String({ format: 'date-time' }),
  /** Whether the person may use this site: false where the account, or this site's admin, deactivated them. */
  active: Type.Boolean({
    description: 'False where the account is inactive, or where this site deactivated the person',
  }),
  username: Type.Union([Type.String(), Type.Null()]),
  userKey: Type.Union([Type.String(), Type.Null()]),
});
export type LinkView = Static<typeof LinkView>;
