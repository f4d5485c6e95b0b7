/** The contracts of the filter operations: bodies as clients send them, responses as the spec's `Filter`. */
import { Type } from 'typebox';
import { PageOf } from '../user-api/paging.schemas.ts';
import { ListParameter } from '../user-api/params.ts';
import { TrackerUser as TrackerUserSchema } from '../user-api/tracker-user.schemas.ts';

// The user schema without its `$id`: a list holds it many times over.
const User = Type.Object(TrackerUserSchema.properties);

/** The spec's `UserBean` (a share permission's user, a dashboard's owner). */
export const UserBean = Type.Object({
  self: Type.String(),
  accountId: Type.String(),
  key: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  displayName: Type.String(),
  active: Type.Boolean(),
  avatarUrls: TrackerUserSchema.properties.avatarUrls,
});

export const SharePermission = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  user: Type.Optional(UserBean),
  group: Type.Optional(Type.Object({ name: Type.String(), groupId: Type.String(), self: Type.String() })),
  project: Type.Optional(
    Type.Object({ self: Type.String(), id: Type.String(), key: Type.String(), name: Type.String() }),
  ),
  role: Type.Optional(Type.Object({ self: Type.String(), id: Type.Integer() })),
});

const UserList = Type.Object({
  size: Type.Integer(),
  items: Type.Array(User),
  'max-results': Type.Integer(),
  'start-index': Type.Integer(),
  'end-index': Type.Integer(),
});

const filterProperties = {
  self: Type.String(),
  id: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  owner: Type.Optional(User),
  jql: Type.Optional(Type.String()),
  viewUrl: Type.Optional(Type.String()),
  searchUrl: Type.Optional(Type.String()),
  favourite: Type.Optional(Type.Boolean()),
  favouritedCount: Type.Optional(Type.Integer()),
  sharePermissions: Type.Optional(Type.Array(SharePermission)),
  editPermissions: Type.Optional(Type.Array(SharePermission)),
};

export const Filter = Type.Object({
  ...filterProperties,
  sharedUsers: Type.Optional(UserList),
  subscriptions: Type.Optional(
    Type.Object({
      size: Type.Integer(),
      items: Type.Array(Type.Object({ id: Type.Integer() })),
      'max-results': Type.Integer(),
      'start-index': Type.Integer(),
      'end-index': Type.Integer(),
    }),
  ),
});

export const FilterDetails = Type.Object({
  expand: Type.Optional(Type.String()),
  ...filterProperties,
  subscriptions: Type.Optional(Type.Array(Type.Object({ id: Type.Integer() }))),
});

export const PageOfFilterDetails = PageOf(FilterDetails);

// What a client read back may carry besides the ids (a round trip of `GET /filter`): read and ignored.
const Echoed = Type.Optional(Type.Unknown());

export const SharePermissionBody = Type.Object({
  type: Type.String({ maxLength: 32 }),
  id: Type.Optional(Type.Integer()),
  user: Type.Optional(
    Type.Object({
      accountId: Type.Optional(Type.String({ maxLength: 128 })),
      ...{ self: Echoed, displayName: Echoed, active: Echoed, avatarUrls: Echoed, key: Echoed, name: Echoed },
    }),
  ),
  group: Type.Optional(
    Type.Object({
      name: Type.Optional(Type.String({ maxLength: 255 })),
      groupId: Type.Optional(Type.String({ maxLength: 255 })),
      self: Echoed,
    }),
  ),
  project: Type.Optional(
    Type.Object({
      id: Type.Optional(Type.String({ maxLength: 32 })),
      self: Echoed,
      key: Echoed,
      name: Echoed,
    }),
  ),
  role: Type.Optional(
    Type.Object({
      id: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 32 })])),
      self: Echoed,
      name: Echoed,
    }),
  ),
});

export const FilterBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  description: Type.Optional(Type.String({ maxLength: 20000 })),
  jql: Type.Optional(Type.String({ maxLength: 20000 })),
  favourite: Type.Optional(Type.Boolean()),
  sharePermissions: Type.Optional(Type.Array(SharePermissionBody, { maxItems: 1000 })),
  editPermissions: Type.Optional(Type.Array(SharePermissionBody, { maxItems: 1000 })),
});

export const SharePermissionInput = Type.Object({
  type: Type.String({ maxLength: 32 }),
  accountId: Type.Optional(Type.String({ maxLength: 128 })),
  groupId: Type.Optional(Type.String({ maxLength: 255 })),
  groupname: Type.Optional(Type.String({ maxLength: 255 })),
  projectId: Type.Optional(Type.String({ maxLength: 32 })),
  projectRoleId: Type.Optional(Type.String({ maxLength: 32 })),
  rights: Type.Optional(Type.Integer()),
});

export const ChangeOwnerBody = Type.Object({ accountId: Type.String({ maxLength: 128 }) });

export const FilterParams = Type.Object({ id: Type.String({ maxLength: 32 }) });
export const SharePermissionParams = Type.Object({
  id: Type.String({ maxLength: 32 }),
  permissionId: Type.String({ maxLength: 32 }),
});

export const FilterQuery = Type.Object({
  expand: ListParameter,
  overrideSharePermissions: Type.Optional(Type.Boolean()),
});

export const MyFiltersQuery = Type.Object({
  expand: ListParameter,
  includeFavourites: Type.Optional(Type.Boolean()),
});

export const FilterSearchQuery = Type.Object({
  filterName: Type.Optional(Type.String({ maxLength: 255 })),
  accountId: Type.Optional(Type.String({ maxLength: 128 })),
  owner: Type.Optional(Type.String({ maxLength: 255 })),
  groupname: Type.Optional(Type.String({ maxLength: 255 })),
  groupId: Type.Optional(Type.String({ maxLength: 255 })),
  projectId: Type.Optional(Type.Integer()),
  id: ListParameter,
  orderBy: Type.Optional(Type.String({ maxLength: 32 })),
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  expand: ListParameter,
  overrideSharePermissions: Type.Optional(Type.Boolean()),
  isSubstringMatch: Type.Optional(Type.Boolean()),
});

export const ArrayOfFilters = Type.Array(Filter);
export const ArrayOfSharePermissions = Type.Array(SharePermission);
