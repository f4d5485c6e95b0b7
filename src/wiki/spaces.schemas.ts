/** The contracts of the wiki's spaces, v1 (`/wiki/rest/api/space`) and v2 (`/wiki/api/v2/spaces`). */
import { Type } from 'typebox';
import { ListParameter } from '../user-api/params.ts';
import { WikiLinks, WikiUser } from '../user-api/wiki-user.schemas.ts';

/** The wiki's key form: letters and digits only. */
export const SpaceKey = Type.String({ pattern: '^[A-Za-z0-9]{1,255}$', maxLength: 255 });

const PlainDescription = Type.Object({
  value: Type.String(),
  representation: Type.Literal('plain'),
  embeddedContent: Type.Array(Type.Unknown()),
});

/** The v1 `Space`. */
export const SpaceV1 = Type.Object({
  id: Type.Integer(),
  key: Type.String(),
  name: Type.String(),
  description: Type.Optional(
    Type.Object({ plain: PlainDescription, _expandable: Type.Object({ view: Type.String() }) }),
  ),
  history: Type.Optional(Type.Object({ createdDate: Type.String(), createdBy: Type.Optional(WikiUser) })),
  type: Type.Literal('global'),
  status: Type.Literal('current'),
  _expandable: Type.Record(Type.String(), Type.String()),
  _links: Type.Intersect([WikiLinks, Type.Object({ webui: Type.String() })]),
});

export const SpaceArrayV1 = Type.Object({
  results: Type.Array(SpaceV1),
  start: Type.Integer(),
  limit: Type.Integer(),
  size: Type.Integer(),
  _links: WikiLinks,
});

export const SpaceCreateBody = Type.Object({
  key: SpaceKey,
  name: Type.String({ minLength: 1, maxLength: 200 }),
  description: Type.Optional(
    Type.Object({
      plain: Type.Object({
        value: Type.String({ maxLength: 2000 }),
        representation: Type.Optional(Type.Literal('plain')),
      }),
    }),
  ),
  permissions: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 })),
});

export const SpaceKeyParams = Type.Object({ spaceKey: Type.String({ maxLength: 255 }) });

export const SpaceListQuery = Type.Object({
  spaceKey: ListParameter,
  start: Type.Integer({ minimum: 0, default: 0 }),
  limit: Type.Integer({ minimum: 0, maximum: 250, default: 25 }),
  expand: ListParameter,
});

export const SpaceGetQuery = Type.Object({ expand: ListParameter });

/** The v2 `Space` (SpaceBulk / SpaceSingle). */
export const SpaceV2 = Type.Object({
  id: Type.String(),
  key: Type.String(),
  name: Type.String(),
  type: Type.Literal('global'),
  status: Type.Literal('current'),
  authorId: Type.String(),
  createdAt: Type.String(),
  homepageId: Type.Optional(Type.String()),
  description: Type.Optional(
    Type.Object({ plain: Type.Object({ representation: Type.String(), value: Type.String() }) }),
  ),
  _links: Type.Object({ webui: Type.String(), base: Type.Optional(Type.String()) }),
});

export const SpaceListV2 = Type.Object({
  results: Type.Array(SpaceV2),
  _links: Type.Object({ next: Type.Optional(Type.String()), base: Type.String() }),
});

export const SpaceListV2Query = Type.Object({
  keys: Type.Optional(Type.String({ maxLength: 5000 })),
  ids: Type.Optional(Type.String({ maxLength: 5000 })),
  'description-format': Type.Optional(Type.Union([Type.Literal('plain'), Type.Literal('view')])),
  cursor: Type.Optional(Type.String({ maxLength: 100 })),
  limit: Type.Integer({ minimum: 1, maximum: 250, default: 25 }),
});

export const SpaceIdParams = Type.Object({ id: Type.String({ maxLength: 30 }) });
export const SpaceGetV2Query = Type.Object({
  'description-format': Type.Optional(Type.Union([Type.Literal('plain'), Type.Literal('view')])),
});

/** The answer to `DELETE /wiki/rest/api/space/{spaceKey}`: the (already finished) deletion task. */
export const SpaceDeletionTask = Type.Object({
  id: Type.String(),
  links: Type.Object({ status: Type.String() }),
});
