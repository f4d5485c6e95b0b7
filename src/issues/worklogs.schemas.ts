/** The contracts of the worklog operations: bodies as clients send them, responses as the spec's `Worklog`. */
import { Type } from 'typebox';
import { TrackerUserDetails as TrackerUserDetailsSchema } from '../user-api/tracker-user.schemas.ts';

// The user schema without its `$id`: a page holds it many times over.
const TrackerUserDetails = Type.Object(TrackerUserDetailsSchema.properties);

export const WorklogParams = Type.Object({
  issueIdOrKey: Type.String({ maxLength: 64 }),
  id: Type.String({ maxLength: 32 }),
});

/** What the writes accept in the query (estimates are not kept: `adjustEstimate` is read and ignored). */
export const WorklogWriteQuery = Type.Object({
  notifyUsers: Type.Optional(Type.Boolean()),
  adjustEstimate: Type.Optional(Type.String({ maxLength: 16 })),
  newEstimate: Type.Optional(Type.String({ maxLength: 64 })),
  reduceBy: Type.Optional(Type.String({ maxLength: 64 })),
  increaseBy: Type.Optional(Type.String({ maxLength: 64 })),
  expand: Type.Optional(Type.String()),
  overrideEditableFlag: Type.Optional(Type.Boolean()),
});

export const WorklogListQuery = Type.Object({
  startAt: Type.Optional(Type.Integer()),
  maxResults: Type.Optional(Type.Integer()),
  startedAfter: Type.Optional(Type.Integer()),
  startedBefore: Type.Optional(Type.Integer()),
  expand: Type.Optional(Type.String()),
});

const Visibility = Type.Object({
  type: Type.String(),
  value: Type.String(),
  identifier: Type.Optional(Type.String()),
});

export const Worklog = Type.Object({
  self: Type.String(),
  author: Type.Optional(TrackerUserDetails),
  updateAuthor: Type.Optional(TrackerUserDetails),
  comment: Type.Optional(Type.Unknown()),
  created: Type.String(),
  updated: Type.String(),
  visibility: Type.Optional(Visibility),
  started: Type.String(),
  timeSpent: Type.String(),
  timeSpentSeconds: Type.Integer(),
  id: Type.String(),
  issueId: Type.String(),
});

export const PageOfWorklogs = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  worklogs: Type.Array(Worklog),
});

export const WorklogBody = Type.Object({
  comment: Type.Optional(Type.Unknown()),
  started: Type.Optional(Type.String({ maxLength: 64 })),
  timeSpent: Type.Optional(Type.String({ maxLength: 64 })),
  timeSpentSeconds: Type.Optional(Type.Integer()),
  visibility: Type.Optional(
    Type.Object({
      type: Type.Optional(Type.String()),
      value: Type.Optional(Type.String()),
      identifier: Type.Optional(Type.String()),
    }),
  ),
  properties: Type.Optional(Type.Array(Type.Unknown())),
});
