/** The contracts of the issue searches: `search/jql` (nextPageToken) and `search` (startAt), as the spec shapes them. */
import { Type } from 'typebox';
import { TrackerUser as TrackerUserSchema } from '../user-api/tracker-user.schemas.ts';
import { IssueBean } from './issues.schemas.ts';

// The user schema without its `$id`: a response holds it many times over.
const TrackerUser = Type.Object(TrackerUserSchema.properties);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const StringOrList = Type.Union([Type.String(), Type.Array(Type.String())]);

/** An issue in search results: the fields asked for only (none with the default `fields=id`). */
export const SearchIssue = Type.Object({
  ...IssueBean.properties,
  fields: Type.Optional(
    Type.Object(
      {
        reporter: Type.Optional(Nullable(TrackerUser)),
        assignee: Type.Optional(Nullable(TrackerUser)),
        creator: Type.Optional(Nullable(TrackerUser)),
      },
      { additionalProperties: Type.Unknown() },
    ),
  ),
});

const common = {
  jql: Type.Optional(Type.String()),
  maxResults: Type.Optional(Type.Integer({ minimum: 0 })),
  expand: Type.Optional(StringOrList),
  fields: Type.Optional(StringOrList),
  properties: Type.Optional(StringOrList),
  fieldsByKeys: Type.Optional(Type.Boolean()),
  failFast: Type.Optional(Type.Boolean()),
};

export const JqlSearchQuery = Type.Object({
  ...common,
  nextPageToken: Type.Optional(Type.String()),
  reconcileIssues: Type.Optional(Type.Union([Type.Integer(), Type.Array(Type.Integer())])),
});

export const JqlSearchBody = Type.Object(
  {
    ...common,
    expand: Type.Optional(Type.String()),
    fields: Type.Optional(Type.Array(Type.String())),
    properties: Type.Optional(Type.Array(Type.String())),
    nextPageToken: Type.Optional(Type.String()),
    reconcileIssues: Type.Optional(Type.Array(Type.Integer())),
  },
  { additionalProperties: false },
);

export const StartAtSearchQuery = Type.Object({
  ...common,
  startAt: Type.Optional(Type.Integer({ minimum: 0 })),
  validateQuery: Type.Optional(Type.String()),
});

export const StartAtSearchBody = Type.Object(
  {
    ...common,
    expand: Type.Optional(Type.Array(Type.String())),
    fields: Type.Optional(Type.Array(Type.String())),
    properties: Type.Optional(Type.Array(Type.String())),
    startAt: Type.Optional(Type.Integer({ minimum: 0 })),
    validateQuery: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const JqlSearchResults = Type.Object({
  issues: Type.Array(SearchIssue),
  nextPageToken: Type.Optional(Type.String()),
  isLast: Type.Boolean(),
});

export const StartAtSearchResults = Type.Object({
  expand: Type.String(),
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  issues: Type.Array(SearchIssue),
  warningMessages: Type.Optional(Type.Array(Type.String())),
});
