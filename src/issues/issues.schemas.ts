/** The contracts of the issue operations: request bodies as clients send them, responses as the spec shapes them. */
import { Type } from 'typebox';
import { PageOf } from '../user-api/paging.schemas.ts';
import {
  TrackerUserDetails as TrackerUserDetailsSchema,
  TrackerUser as TrackerUserSchema,
} from '../user-api/tracker-user.schemas.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const AnyObject = Type.Record(Type.String(), Type.Unknown());
// The user schemas without their `$id`: a response schema may hold them many times over.
const TrackerUser = Type.Object(TrackerUserSchema.properties);
const TrackerUserDetails = Type.Object(TrackerUserDetailsSchema.properties);

export const IssueParams = Type.Object({ issueIdOrKey: Type.String({ maxLength: 64 }) });
export const CommentParams = Type.Object({
  issueIdOrKey: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 32 }),
});

export const PageQuery = Type.Object({
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  expand: Type.Optional(Type.String()),
  orderBy: Type.Optional(Type.String()),
});

export const IssueQuery = Type.Object({
  expand: Type.Optional(Type.String()),
  fields: Type.Optional(Type.String()),
  fieldsByKeys: Type.Optional(Type.Boolean()),
  updateHistory: Type.Optional(Type.Boolean()),
  properties: Type.Optional(Type.String()),
  notifyUsers: Type.Optional(Type.Boolean()),
  returnIssue: Type.Optional(Type.Boolean()),
  deleteSubtasks: Type.Optional(Type.String()),
});

/** A create or an edit: `fields` (and an empty `update`; the verbs of `update` are not served). */
export const IssueUpdateBody = Type.Object({
  fields: Type.Optional(AnyObject),
  update: Type.Optional(AnyObject),
  historyMetadata: Type.Optional(AnyObject),
  properties: Type.Optional(Type.Array(Type.Unknown())),
  transition: Type.Optional(AnyObject),
});

export const CreatedIssue = Type.Object({ id: Type.String(), key: Type.String(), self: Type.String() });

const ChangeDetails = Type.Object({
  field: Type.String(),
  fieldtype: Type.String(),
  fieldId: Type.String(),
  from: Type.Optional(Type.String()),
  fromString: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  toString: Type.Optional(Type.String()),
});

export const Changelog = Type.Object({
  id: Type.String(),
  author: Type.Optional(TrackerUserDetails),
  created: Type.String(),
  items: Type.Array(ChangeDetails),
});

/** The `IssueBean`: the system user fields name the user schema; custom fields are users or lists of them. */
export const IssueBean = Type.Object({
  expand: Type.String(),
  id: Type.String(),
  self: Type.String(),
  key: Type.String(),
  fields: Type.Object(
    {
      reporter: Nullable(TrackerUser),
      assignee: Nullable(TrackerUser),
      creator: Nullable(TrackerUser),
    },
    { additionalProperties: Type.Unknown() },
  ),
  renderedFields: Type.Optional(AnyObject),
  names: Type.Optional(Type.Record(Type.String(), Type.String())),
  changelog: Type.Optional(
    Type.Object({
      startAt: Type.Integer(),
      maxResults: Type.Integer(),
      total: Type.Integer(),
      histories: Type.Array(Changelog),
    }),
  ),
});

export const AssigneeBody = Type.Object({
  accountId: Type.Optional(Nullable(Type.String())),
  name: Type.Optional(Nullable(Type.String())),
});

export const Watchers = Type.Object({
  self: Type.String(),
  isWatching: Type.Boolean(),
  watchCount: Type.Integer(),
  watchers: Type.Array(TrackerUserDetails),
});

export const Votes = Type.Object({
  self: Type.String(),
  votes: Type.Integer(),
  hasVoted: Type.Boolean(),
  voters: Type.Array(TrackerUser),
});

export const AccountIdQuery = Type.Object({
  accountId: Type.Optional(Type.String()),
  username: Type.Optional(Type.String()),
});

const StatusDetails = Type.Object({
  self: Type.String(),
  id: Type.String(),
  name: Type.String(),
  statusCategory: AnyObject,
});

export const Transitions = Type.Object({
  transitions: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      to: StatusDetails,
      hasScreen: Type.Boolean(),
      isGlobal: Type.Boolean(),
      isInitial: Type.Boolean(),
      isAvailable: Type.Boolean(),
      isConditional: Type.Boolean(),
      isLooped: Type.Boolean(),
    }),
  ),
});

export const TransitionBody = Type.Object({
  transition: Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()) }),
  fields: Type.Optional(AnyObject),
  update: Type.Optional(AnyObject),
  historyMetadata: Type.Optional(AnyObject),
  properties: Type.Optional(Type.Array(Type.Unknown())),
});

export const PageBeanChangelog = PageOf(Changelog);

const Visibility = Type.Object({
  type: Type.String(),
  value: Type.String(),
  identifier: Type.Optional(Type.String()),
});

export const Comment = Type.Object({
  self: Type.String(),
  id: Type.String(),
  author: Type.Optional(TrackerUserDetails),
  body: Type.Unknown(),
  renderedBody: Type.Optional(Type.String()),
  updateAuthor: Type.Optional(TrackerUserDetails),
  created: Type.String(),
  updated: Type.String(),
  visibility: Type.Optional(Visibility),
  jsdPublic: Type.Boolean(),
});

export const PageOfComments = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  comments: Type.Array(Comment),
});

export const CommentBody = Type.Object({
  body: Type.Unknown(),
  visibility: Type.Optional(
    Type.Object({
      type: Type.Optional(Type.String()),
      value: Type.Optional(Type.String()),
      identifier: Type.Optional(Type.String()),
    }),
  ),
  properties: Type.Optional(Type.Array(Type.Unknown())),
});
