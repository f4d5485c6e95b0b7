import { type Static, Type } from 'typebox';
import { AccountView, VisibilityMap } from '../accounts/accounts.schemas.ts';
import { VisibilityValue } from '../accounts/profile.schemas.ts';
import { AccountIdString, NameText, Slug } from '../http/contracts.ts';
import { profileFields } from '../visibility/visibility.ts';

export const Domain = Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+\\.?$', maxLength: 253 });

export const OrganizationView = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    verifiedDomains: Type.Array(Type.String()),
    admins: Type.Array(Type.String()),
  },
  { $id: 'Organization' },
);
export type OrganizationView = Static<typeof OrganizationView>;

export const NewOrganizationBody = Type.Object(
  {
    id: Slug,
    name: NameText(),
    verifiedDomains: Type.Optional(Type.Array(Domain, { maxItems: 100 })),
    admins: Type.Optional(Type.Array(AccountIdString, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const OrganizationParams = Type.Object({ organizationId: Slug });
export const DomainParams = Type.Object({ organizationId: Slug, domain: Domain });
export const MemberParams = Type.Object({ organizationId: Slug, accountId: AccountIdString });

export const ManagedAccountView = Type.Object({ account: AccountView, visibility: VisibilityMap });
export type ManagedAccountView = Omit<Static<typeof ManagedAccountView>, 'visibility'> & {
  visibility: VisibilityMap;
};

export const DomainPreview = Type.Object({
  domain: Type.String(),
  accounts: Type.Array(AccountView, { description: 'The accounts that verifying this domain makes managed' }),
});
export type DomainPreview = Static<typeof DomainPreview>;

export const ManagedVisibilityBody = Type.Object(
  Object.fromEntries(
    profileFields.map((field) => [
      field,
      Type.Optional(
        Type.Object({ visibility: VisibilityValue, locked: Type.Boolean() }, { additionalProperties: false }),
      ),
    ]),
  ),
  { additionalProperties: false, minProperties: 1 },
);
