import { Type } from 'typebox';
import { PageOf } from './paging.schemas.ts';

const AvatarUrls = Type.Object({
  '16x16': Type.String(),
  '24x24': Type.String(),
  '32x32': Type.String(),
  '48x48': Type.String(),
});

export const GroupName = Type.Object({ name: Type.String(), groupId: Type.String(), self: Type.String() });

const ApplicationRole = Type.Object({ key: Type.String(), name: Type.String(), platform: Type.Boolean() });

/** What the tracker's `User` and `UserDetails` both carry. */
const userDetailsProperties = {
  self: Type.String(),
  key: Type.Optional(Type.String({ description: 'Legacy stage only: the userKey on this site' })),
  accountId: Type.String(),
  name: Type.Optional(Type.String({ description: 'Legacy stage only: the username on this site' })),
  accountType: Type.String(),
  emailAddress: Type.Optional(Type.String()),
  avatarUrls: AvatarUrls,
  displayName: Type.String(),
  active: Type.Boolean(),
  timeZone: Type.Optional(Type.String()),
};

/** The tracker's `User`: hidden fields are absent (the schema names them, the decision leaves them out). */
export const TrackerUser = Type.Object(
  {
    ...userDetailsProperties,
    locale: Type.Optional(Type.String()),
    groups: Type.Optional(Type.Object({ size: Type.Integer(), items: Type.Array(GroupName) })),
    applicationRoles: Type.Optional(
      Type.Object({ size: Type.Integer(), items: Type.Array(ApplicationRole) }),
    ),
    expand: Type.Optional(Type.String()),
  },
  { $id: 'TrackerUser' },
);

/** The tracker's `UserDetails` (group members): like `User` without locale or expansions. */
export const TrackerUserDetails = Type.Object(userDetailsProperties, { $id: 'TrackerUserDetails' });

export const TrackerErrorBody = Type.Object(
  { errorMessages: Type.Array(Type.String()), errors: Type.Record(Type.String(), Type.String()) },
  { $id: 'ErrorCollection' },
);

/** The error responses every tracker operation may give. */
export const trackerErrors = {
  400: TrackerErrorBody,
  401: TrackerErrorBody,
  403: TrackerErrorBody,
  404: TrackerErrorBody,
  409: TrackerErrorBody,
  410: TrackerErrorBody,
} as const;

export const ApiVersionParams = Type.Object({ version: Type.Union([Type.Literal('2'), Type.Literal('3')]) });

export const PageBeanUser = PageOf(TrackerUser);
