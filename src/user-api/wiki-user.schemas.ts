import { Type } from 'typebox';

/** `_links` of a wiki resource: links are relative to `base`, which ends in the context path. */
export const WikiLinks = Type.Object({
  self: Type.Optional(Type.String()),
  next: Type.Optional(Type.String()),
  base: Type.String(),
  context: Type.String(),
});

/** An avatar as the wiki gives it: a path relative to the site, never left out (a hidden one is masked). */
export const WikiIcon = Type.Object({
  path: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  isDefault: Type.Boolean(),
});

const OperationCheckResult = Type.Object({ operation: Type.String(), targetType: Type.String() });

/**
 * The wiki's v1 `User` (also its `BulkUserLookup`): hidden fields are empty strings, never absent, and
 * `publicName` is always there. The accountType enum of the v1 spec has no `customer`, hence `''`.
 */
export const WikiUser = Type.Object({
  type: Type.Literal('known'),
  username: Type.Optional(Type.String({ description: 'Legacy stage only: the username on this site' })),
  userKey: Type.Optional(Type.String({ description: 'Legacy stage only: the userKey on this site' })),
  accountId: Type.String(),
  accountType: Type.Union([Type.Literal('atlassian'), Type.Literal('app'), Type.Literal('')]),
  email: Type.String(),
  publicName: Type.String(),
  profilePicture: WikiIcon,
  displayName: Type.String(),
  timeZone: Type.String(),
  isExternalCollaborator: Type.Boolean(),
  externalCollaborator: Type.Boolean(),
  operations: Type.Optional(Type.Array(OperationCheckResult)),
  _expandable: Type.Object({
    operations: Type.Optional(Type.String()),
    personalSpace: Type.Optional(Type.String()),
  }),
  _links: WikiLinks,
});

/** The wiki's `UserAnonymous`: who a caller without credentials is. */
export const WikiUserAnonymous = Type.Object({
  type: Type.Literal('anonymous'),
  profilePicture: WikiIcon,
  displayName: Type.String(),
  operations: Type.Optional(Type.Array(OperationCheckResult)),
  isExternalCollaborator: Type.Boolean(),
  _expandable: Type.Object({ operations: Type.Optional(Type.String()) }),
  _links: WikiLinks,
});

export const BulkUserLookupArray = Type.Object({
  results: Type.Array(WikiUser),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: WikiLinks,
});

export const WikiGroup = Type.Object({
  type: Type.Literal('group'),
  name: Type.String(),
  id: Type.String(),
  _links: Type.Object({ self: Type.String() }),
});

export const GroupArrayWithLinks = Type.Object({
  results: Type.Array(WikiGroup),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: WikiLinks,
});

/** The v2 `User` of `POST /wiki/api/v2/users-bulk`: a hidden email is `''`, a hidden time zone `null`. */
export const WikiUserV2 = Type.Object({
  accountId: Type.String(),
  accountStatus: Type.Union([
    Type.Literal('active'),
    Type.Literal('inactive'),
    Type.Literal('closed'),
    Type.Literal('unknown'),
  ]),
  accountType: Type.Union([
    Type.Literal('atlassian'),
    Type.Literal('app'),
    Type.Literal('customer'),
    Type.Literal('unknown'),
  ]),
  email: Type.String(),
  publicName: Type.String(),
  displayName: Type.String(),
  timeZone: Type.Optional(Type.String()),
  profilePicture: Type.Object({ path: Type.String(), isDefault: Type.Boolean() }),
  isExternalCollaborator: Type.Boolean(),
});

export const UsersBulkBody = Type.Object({
  accountIds: Type.Array(Type.String(), { minItems: 1, maxItems: 250 }),
});

export const UsersBulkResult = Type.Object({
  results: Type.Array(WikiUserV2),
  _links: Type.Object({ base: Type.String() }),
});

/** The wiki's error body (`statusCode`, `data`, `message`), as `renderError` writes it. */
export const WikiErrorBody = Type.Object({
  statusCode: Type.Integer(),
  data: Type.Object({
    authorized: Type.Boolean(),
    valid: Type.Boolean(),
    errors: Type.Array(
      Type.Object({
        message: Type.Object({ translation: Type.String(), args: Type.Array(Type.Unknown()) }),
      }),
    ),
    successful: Type.Boolean(),
  }),
  message: Type.String(),
});

/** The error responses every wiki operation may give. */
export const wikiErrors = {
  400: WikiErrorBody,
  401: WikiErrorBody,
  403: WikiErrorBody,
  404: WikiErrorBody,
} as const;
