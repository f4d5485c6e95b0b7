import { Type } from 'typebox';
import { ListParameter } from '../user-api/params.ts';

const paging = {
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
};

/** `query` xor `accountId`, as every user search takes them (`username` only to refuse it). */
const matching = {
  query: Type.Optional(Type.String()),
  accountId: Type.Optional(Type.String({ maxLength: 128 })),
  username: Type.Optional(Type.String()),
};

export const UserSearchQuery = Type.Object({
  ...matching,
  property: Type.Optional(Type.String()),
  ...paging,
});

export const AssignableSearchQuery = Type.Object({
  ...matching,
  project: Type.Optional(Type.String()),
  issueKey: Type.Optional(Type.String()),
  issueId: Type.Optional(Type.String()),
  sessionId: Type.Optional(Type.String()),
  actionDescriptorId: Type.Optional(Type.Integer()),
  recommend: Type.Optional(Type.Boolean()),
  ...paging,
});

export const MultiProjectSearchQuery = Type.Object({
  ...matching,
  projectKeys: ListParameter,
  ...paging,
});

export const ViewIssueSearchQuery = Type.Object({
  ...matching,
  issueKey: Type.Optional(Type.String()),
  projectKey: Type.Optional(Type.String()),
  ...paging,
});

export const PermissionSearchQuery = Type.Object({
  ...matching,
  permissions: ListParameter,
  issueKey: Type.Optional(Type.String()),
  projectKey: Type.Optional(Type.String()),
  ...paging,
});

export const UserPickerQuery = Type.Object({
  query: Type.Optional(Type.String()),
  maxResults: Type.Optional(Type.Integer()),
  showAvatar: Type.Optional(Type.Boolean()),
  exclude: ListParameter,
  excludeAccountIds: ListParameter,
  avatarSize: Type.Optional(Type.String()),
  excludeConnectUsers: Type.Optional(Type.Boolean()),
});

export const AllUsersQuery = Type.Object(paging);

/** The picker's user: `html` is built from the viewer's view only, escaped. */
export const UserPickerUser = Type.Object({
  accountId: Type.String(),
  accountType: Type.String(),
  avatarUrl: Type.Optional(Type.String()),
  displayName: Type.String(),
  html: Type.String(),
  key: Type.Optional(Type.String({ description: 'Legacy stage only: the userKey on this site' })),
  name: Type.Optional(Type.String({ description: 'Legacy stage only: the username on this site' })),
});

export const FoundUsers = Type.Object({
  header: Type.String(),
  total: Type.Integer(),
  users: Type.Array(UserPickerUser),
});

/** The permission keys `permissions` may name (the spec's current keys and the deprecated ones it still takes). */
export const knownPermissions: ReadonlySet<string> = new Set(
  [
    'ADMINISTER SYSTEM_ADMIN ADMINISTER_PROJECTS PROJECT_ADMIN ADD_COMMENTS ARCHIVE_ISSUES ASSIGN_ISSUES',
    'ASSIGNABLE_USER BROWSE_PROJECTS BULK_CHANGE CLOSE_ISSUES CREATE_ATTACHMENTS CREATE_ISSUES',
    'CREATE_SHARED_OBJECTS DELETE_ALL_ATTACHMENTS DELETE_ALL_COMMENTS DELETE_ALL_WORKLOGS DELETE_ISSUES',
    'DELETE_OWN_ATTACHMENTS DELETE_OWN_COMMENTS DELETE_OWN_WORKLOGS EDIT_ALL_COMMENTS EDIT_ALL_WORKLOGS',
    'EDIT_ISSUE_LAYOUT EDIT_ISSUES EDIT_OWN_COMMENTS EDIT_OWN_WORKLOGS EDIT_WORKFLOW LINK_ISSUES',
    'MANAGE_GROUP_FILTER_SUBSCRIPTIONS MANAGE_SPRINTS_PERMISSION MANAGE_WATCHERS MODIFY_REPORTER MOVE_ISSUES',
    'RESOLVE_ISSUES SCHEDULE_ISSUES SERVICEDESK_AGENT SET_ISSUE_SECURITY TRANSITION_ISSUES UNARCHIVE_ISSUES',
    'USER_PICKER VIEW_DEV_TOOLS VIEW_READONLY_WORKFLOW VIEW_VOTERS_AND_WATCHERS WORK_ON_ISSUES',
    // Deprecated names.
    'ASSIGN_ISSUE ATTACHMENT_DELETE_ALL ATTACHMENT_DELETE_OWN BROWSE CLOSE_ISSUE COMMENT_DELETE_ALL',
    'COMMENT_DELETE_OWN COMMENT_EDIT_ALL COMMENT_EDIT_OWN COMMENT_ISSUE CREATE_ATTACHMENT CREATE_ISSUE',
    'DELETE_ISSUE EDIT_ISSUE LINK_ISSUE MANAGE_WATCHER_LIST MOVE_ISSUE RESOLVE_ISSUE SCHEDULE_ISSUE',
    'TRANSITION_ISSUE VIEW_VERSION_CONTROL VIEW_WORKFLOW_READONLY WORKLOG_DELETE_ALL WORKLOG_DELETE_OWN',
    'WORKLOG_EDIT_ALL WORKLOG_EDIT_OWN WORK_ISSUE',
  ].flatMap((line) => line.split(' ')),
);

/** Permissions only site admins hold; every other known permission comes with tracker access. */
export const adminPermissions: ReadonlySet<string> = new Set([
  'ADMINISTER',
  'SYSTEM_ADMIN',
  'ADMINISTER_PROJECTS',
  'PROJECT_ADMIN',
]);

/** The picker's `avatarSize` values, in pixels (default xsmall). */
export const pickerAvatarSizes: Readonly<Record<string, number>> = {
  xsmall: 16,
  small: 24,
  medium: 32,
  large: 48,
  '16x16': 16,
  '24x24': 24,
  '32x32': 32,
  '48x48': 48,
};
