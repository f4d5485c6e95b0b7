import { type Static, Type } from 'typebox';
import { AccountIdString, NameText, ProductName } from '../http/contracts.ts';
import { type ProfileField, profileFields } from '../visibility/visibility.ts';
import { VisibilityValue } from './profile.schemas.ts';

const nullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

/** The personal data a person (or an admin creating an account) may set. */
export const ProfileChangesBody = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 254 })),
    fullName: Type.Optional(NameText()),
    publicName: Type.Optional(NameText()),
    jobTitle: Type.Optional(nullableText(255)),
    department: Type.Optional(nullableText(255)),
    organization: Type.Optional(nullableText(255)),
    location: Type.Optional(nullableText(255)),
    timeZone: Type.Optional(nullableText(64)),
    locale: Type.Optional(nullableText(35)),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ProfileChangesBody = Static<typeof ProfileChangesBody>;

/** An account as a particular viewer may see it: a hidden field is left out. */
export const AccountView = Type.Object(
  {
    accountId: Type.String(),
    accountType: Type.String(),
    status: Type.String(),
    active: Type.Boolean(),
    displayName: Type.String(),
    publicName: Type.String(),
    avatarUrl: Type.String(),
    fullName: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    jobTitle: Type.Optional(Type.String()),
    department: Type.Optional(Type.String()),
    organization: Type.Optional(Type.String()),
    location: Type.Optional(Type.String()),
    timeZone: Type.Optional(Type.String()),
    locale: Type.Optional(Type.String()),
    appKey: Type.Optional(Type.String()),
    site: Type.Optional(Type.String({ description: 'The site a customer account belongs to' })),
  },
  { $id: 'AccountView' },
);
export type AccountView = Static<typeof AccountView>;

const FieldSetting = Type.Object({
  visibility: VisibilityValue,
  isDefault: Type.Boolean(),
  locked: Type.Boolean(),
  lockedBy: Type.Union([Type.String(), Type.Null()]),
});

export const VisibilityMap = Type.Object(
  Object.fromEntries(profileFields.map((field) => [field, FieldSetting])),
  { $id: 'VisibilityMap' },
);
// Built from `profileFields`, so its static type has lost the keys; each field is a required property.
export type VisibilityMap = Record<ProfileField, Static<typeof FieldSetting>>;

/** The signed-in person's own account: every value, every setting, and where they are. */
export const MeView = Type.Object(
  {
    accountId: AccountIdString,
    accountType: Type.String(),
    status: Type.String(),
    managedBy: Type.Union([Type.Object({ organizationId: Type.String(), name: Type.String() }), Type.Null()]),
    profile: Type.Object({
      fullName: Type.String(),
      publicName: Type.String(),
      displayName: Type.String(),
      email: Type.Union([Type.String(), Type.Null()]),
      avatarUrl: Type.String(),
      jobTitle: Type.Union([Type.String(), Type.Null()]),
      department: Type.Union([Type.String(), Type.Null()]),
      organization: Type.Union([Type.String(), Type.Null()]),
      location: Type.Union([Type.String(), Type.Null()]),
      timeZone: Type.Union([Type.String(), Type.Null()]),
      locale: Type.Union([Type.String(), Type.Null()]),
    }),
    visibility: VisibilityMap,
    sites: Type.Array(
      Type.Object({
        siteId: Type.String(),
        products: Type.Array(ProductName),
        groups: Type.Array(Type.String()),
      }),
    ),
    roles: Type.Object({
      platformAdmin: Type.Boolean(),
      organizationAdmin: Type.Array(Type.String()),
      siteAdmin: Type.Array(Type.String()),
    }),
    pendingEmailChange: Type.Union([
      Type.Object(
        { email: Type.String(), expiresAt: Type.String({ format: 'date-time' }) },
        {
          description: 'The address a link was sent to; the email stays as it is until the link is followed',
        },
      ),
      Type.Null(),
    ]),
  },
  { $id: 'Me' },
);
export type MeView = Omit<Static<typeof MeView>, 'visibility'> & { visibility: VisibilityMap };

/** A new account, as a platform admin creates it. */
export const NewAccountBody = Type.Object(
  {
    accountId: Type.Optional(AccountIdString),
    type: Type.Union([Type.Literal('atlassian'), Type.Literal('app'), Type.Literal('customer')]),
    status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('deactivated')])),
    email: Type.Optional(Type.String({ maxLength: 254 })),
    fullName: NameText(),
    publicName: Type.Optional(NameText()),
    jobTitle: Type.Optional(nullableText(255)),
    department: Type.Optional(nullableText(255)),
    organization: Type.Optional(nullableText(255)),
    location: Type.Optional(nullableText(255)),
    timeZone: Type.Optional(nullableText(64)),
    locale: Type.Optional(nullableText(35)),
    appKey: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    site: Type.Optional(Type.String({ description: 'The site a customer account belongs to' })),
  },
  { additionalProperties: false },
);

export const AccountParams = Type.Object({ accountId: AccountIdString });

export const AccountStatusBody = Type.Object(
  { status: Type.Union([Type.Literal('active'), Type.Literal('deactivated')]) },
  { additionalProperties: false },
);

export const AccountPage = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  values: Type.Array(AccountView),
});
export type AccountPage = Static<typeof AccountPage>;
