/** The contracts of the wiki's content (pages and comments), v1 (`/wiki/rest/api/content`) and v2 (`/wiki/api/v2/pages`). */
import { Type } from 'typebox';
import { ListParameter } from '../user-api/params.ts';
import { WikiLinks, WikiUser } from '../user-api/wiki-user.schemas.ts';
import { SpaceV1 } from './spaces.schemas.ts';

/** The largest body accepted, in characters (the column's bound). */
export const maxBodyLength = 262144;

const ContentType = Type.Union([Type.Literal('page'), Type.Literal('comment')]);
const Links = Type.Intersect([WikiLinks, Type.Object({ webui: Type.Optional(Type.String()) })]);

/** The v1 `Version`: who wrote it is the wiki's user object for the caller. */
export const ContentVersion = Type.Object({
  by: Type.Optional(WikiUser),
  when: Type.String(),
  friendlyWhen: Type.String(),
  message: Type.String(),
  number: Type.Integer(),
  minorEdit: Type.Boolean(),
  _expandable: Type.Object({ content: Type.String(), collaborators: Type.String() }),
  _links: WikiLinks,
});

const Body = Type.Object({
  value: Type.String(),
  representation: Type.String(),
  embeddedContent: Type.Array(Type.Unknown()),
  _expandable: Type.Object({ content: Type.String() }),
});

/** A page or comment another content names (ancestors, container): its id, type, title and links. */
const ContentRef = Type.Object({
  id: Type.String(),
  type: ContentType,
  status: Type.Literal('current'),
  title: Type.String(),
  _expandable: Type.Record(Type.String(), Type.String()),
  _links: Links,
});

/** The v1 `Content`, for a page or a comment. */
export const ContentV1 = Type.Object({
  id: Type.String(),
  type: ContentType,
  status: Type.Literal('current'),
  title: Type.String(),
  space: Type.Optional(SpaceV1),
  history: Type.Optional(
    Type.Object({
      latest: Type.Boolean(),
      createdBy: Type.Optional(WikiUser),
      createdDate: Type.String(),
      lastUpdated: Type.Optional(ContentVersion),
      _expandable: Type.Record(Type.String(), Type.String()),
      _links: WikiLinks,
    }),
  ),
  version: Type.Optional(ContentVersion),
  ancestors: Type.Optional(Type.Array(ContentRef)),
  container: Type.Optional(ContentRef),
  body: Type.Optional(
    Type.Object({
      storage: Type.Optional(Body),
      view: Type.Optional(Body),
      _expandable: Type.Record(Type.String(), Type.String()),
    }),
  ),
  extensions: Type.Optional(Type.Object({ location: Type.Literal('footer') })),
  _expandable: Type.Record(Type.String(), Type.String()),
  _links: Links,
});

export const ContentArrayV1 = Type.Object({
  results: Type.Array(ContentV1),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: WikiLinks,
});

const StorageBody = Type.Object({
  value: Type.String({ maxLength: maxBodyLength }),
  representation: Type.Literal('storage'),
});
const IdRef = Type.Object(
  { id: Type.Union([Type.String({ maxLength: 30 }), Type.Integer()]) },
  { additionalProperties: true },
);

export const ContentCreateBody = Type.Object({
  type: ContentType,
  title: Type.Optional(Type.String({ maxLength: 255 })),
  status: Type.Optional(Type.Literal('current')),
  space: Type.Optional(Type.Object({ key: Type.String({ maxLength: 255 }) }, { additionalProperties: true })),
  container: Type.Optional(IdRef),
  ancestors: Type.Optional(Type.Array(IdRef, { maxItems: 1 })),
  body: Type.Optional(Type.Object({ storage: StorageBody })),
});

export const ContentUpdateBody = Type.Object({
  version: Type.Object({
    number: Type.Integer({ minimum: 1 }),
    message: Type.Optional(Type.String({ maxLength: 1000 })),
    minorEdit: Type.Optional(Type.Boolean()),
  }),
  title: Type.String({ maxLength: 255 }),
  type: ContentType,
  status: Type.Optional(Type.Literal('current')),
  body: Type.Optional(Type.Object({ storage: StorageBody })),
});

export const ContentIdParams = Type.Object({ id: Type.String({ maxLength: 30 }) });
export const ContentGetQuery = Type.Object({ expand: ListParameter, status: ListParameter });
export const ContentListQuery = Type.Object({
  type: Type.Union([Type.Literal('page'), Type.Literal('comment')], { default: 'page' }),
  spaceKey: Type.Optional(Type.String({ maxLength: 255 })),
  title: Type.Optional(Type.String({ maxLength: 255 })),
  expand: ListParameter,
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 250, default: 25 }),
});
export const ChildCommentQuery = Type.Object({
  expand: ListParameter,
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 250, default: 25 }),
  location: ListParameter,
  depth: Type.Optional(Type.String({ maxLength: 10 })),
});

/** The v2 body of one representation. */
const BodyV2 = Type.Object({ representation: Type.String(), value: Type.String() });
const VersionV2 = Type.Object({
  createdAt: Type.String(),
  message: Type.String(),
  number: Type.Integer(),
  minorEdit: Type.Boolean(),
  authorId: Type.String(),
});
const BodyFormat = Type.Optional(Type.Union([Type.Literal('storage'), Type.Literal('view')]));

/** The v2 `Page`: people by accountId only (`authorId`, `ownerId`, `version.authorId`). */
export const PageV2 = Type.Object({
  id: Type.String(),
  status: Type.Literal('current'),
  title: Type.String(),
  spaceId: Type.String(),
  parentId: Type.Optional(Type.String()),
  parentType: Type.Optional(Type.Literal('page')),
  authorId: Type.String(),
  ownerId: Type.String(),
  createdAt: Type.String(),
  version: VersionV2,
  body: Type.Object({ storage: Type.Optional(BodyV2), view: Type.Optional(BodyV2) }),
  _links: Type.Object({
    webui: Type.String(),
    editui: Type.String(),
    tinyui: Type.String(),
    base: Type.Optional(Type.String()),
  }),
});

export const PageListV2 = Type.Object({
  results: Type.Array(PageV2),
  _links: Type.Object({ next: Type.Optional(Type.String()), base: Type.String() }),
});

export const PageListV2Query = Type.Object({
  'space-id': Type.Optional(Type.String({ maxLength: 5000 })),
  title: Type.Optional(Type.String({ maxLength: 255 })),
  'body-format': BodyFormat,
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 250, default: 25 }),
});
export const PageGetV2Query = Type.Object({ 'body-format': BodyFormat });

const BodyWrite = Type.Object({
  representation: Type.Literal('storage'),
  value: Type.String({ maxLength: maxBodyLength }),
});

export const PageCreateV2Body = Type.Object({
  spaceId: Type.Union([Type.String({ maxLength: 30 }), Type.Integer()]),
  status: Type.Optional(Type.Literal('current')),
  title: Type.String({ maxLength: 255 }),
  parentId: Type.Optional(Type.String({ maxLength: 30 })),
  body: Type.Optional(BodyWrite),
});

export const PageUpdateV2Body = Type.Object({
  id: Type.Union([Type.String({ maxLength: 30 }), Type.Integer()]),
  status: Type.Literal('current'),
  title: Type.String({ maxLength: 255 }),
  spaceId: Type.Optional(Type.Union([Type.String({ maxLength: 30 }), Type.Integer()])),
  parentId: Type.Optional(Type.String({ maxLength: 30 })),
  body: BodyWrite,
  version: Type.Object({
    number: Type.Integer({ minimum: 1 }),
    message: Type.Optional(Type.String({ maxLength: 1000 })),
  }),
});

/** The v2 footer comment on a page. */
export const FooterCommentV2 = Type.Object({
  id: Type.String(),
  status: Type.Literal('current'),
  title: Type.String(),
  pageId: Type.String(),
  version: VersionV2,
  body: Type.Object({ storage: Type.Optional(BodyV2), view: Type.Optional(BodyV2) }),
  _links: Type.Object({ webui: Type.String(), base: Type.Optional(Type.String()) }),
});

export const FooterCommentListV2 = Type.Object({
  results: Type.Array(FooterCommentV2),
  _links: Type.Object({ next: Type.Optional(Type.String()), base: Type.String() }),
});

export const FooterCommentCreateV2Body = Type.Object({
  pageId: Type.String({ maxLength: 30 }),
  body: BodyWrite,
});

export const CommentListV2Query = Type.Object({
  'body-format': BodyFormat,
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 250, default: 25 }),
});
