import { Type } from 'typebox';
import { nameFormat } from '../http/validation.ts';
import { PageOf } from '../user-api/paging.schemas.ts';
import { ListParameter } from '../user-api/params.ts';
import { TrackerUserDetails } from '../user-api/tracker-user.schemas.ts';

/** The tracker's `Group`, with its first page of members under `users`. */
export const TrackerGroup = Type.Object({
  name: Type.String(),
  groupId: Type.String(),
  self: Type.String(),
  users: Type.Object({
    size: Type.Integer(),
    items: Type.Array(TrackerUserDetails),
    'max-results': Type.Integer(),
    'start-index': Type.Integer(),
    'end-index': Type.Integer(),
  }),
  expand: Type.String(),
});

export const PageBeanUserDetails = PageOf(TrackerUserDetails);

export const PageBeanGroupDetails = PageOf(Type.Object({ name: Type.String(), groupId: Type.String() }));

export const FoundGroups = Type.Object({
  header: Type.String(),
  total: Type.Integer(),
  groups: Type.Array(
    Type.Object({
      name: Type.String(),
      groupId: Type.String(),
      html: Type.String(),
      labels: Type.Array(Type.Object({ text: Type.String(), title: Type.String(), type: Type.String() })),
    }),
  ),
});

/** How a group operation names its group: by name or by id, never both. */
const GroupReference = {
  groupname: Type.Optional(Type.String()),
  groupId: Type.Optional(Type.String()),
};

export const GroupQuery = Type.Object(GroupReference);

export const DeleteGroupQuery = Type.Object({
  ...GroupReference,
  swapGroup: Type.Optional(Type.String()),
  swapGroupId: Type.Optional(Type.String()),
});

export const RemoveGroupUserQuery = Type.Object({
  ...GroupReference,
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
});

export const GroupMemberQuery = Type.Object({
  ...GroupReference,
  includeInactiveUsers: Type.Boolean({ default: false }),
  startAt: Type.Integer({ default: 0 }),
  maxResults: Type.Integer({ default: 50, description: '1 to 50' }),
});

export const GroupsPickerQuery = Type.Object({
  query: Type.Optional(Type.String()),
  exclude: ListParameter,
  excludeId: ListParameter,
  maxResults: Type.Optional(Type.Integer()),
  caseInsensitive: Type.Boolean({ default: false }),
  accountId: Type.Optional(Type.String({ description: 'Ignored, as the spec says' })),
  userName: Type.Optional(Type.String({ description: 'No longer available; ignored' })),
});

const literals = (values: readonly string[], description: string) =>
  Type.Optional(
    Type.Union(
      values.map((value) => Type.Literal(value)),
      { description },
    ),
  );

export const GroupBulkQuery = Type.Object({
  groupId: ListParameter,
  groupName: ListParameter,
  accessType: literals(
    ['site-admin', 'admin', 'user'],
    'Accepted; Veil groups carry no access type, so it does not filter',
  ),
  applicationKey: literals(
    ['jira-servicedesk', 'jira-software', 'jira-product-discovery', 'jira-core'],
    'Accepted; Veil groups carry no application, so it does not filter',
  ),
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
});

/** `AddGroupBean`: other properties are allowed and ignored, as the spec says. */
export const AddGroupBody = Type.Object(
  { name: Type.String({ description: 'The name of the group', format: nameFormat }) },
  { additionalProperties: true },
);

/** `UpdateUserToGroupBean`: `name` is no longer available and is refused when it comes alone. */
export const UpdateUserToGroupBody = Type.Object(
  { accountId: Type.Optional(Type.String()), name: Type.Optional(Type.String()) },
  { additionalProperties: true },
);
