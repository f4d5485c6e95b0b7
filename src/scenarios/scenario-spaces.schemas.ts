/** The wiki part of a scenario file's sites: spaces with their pages and the pages' comments. */
import { Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';

const closed = { additionalProperties: false } as const;
const Instant = Type.String({ minLength: 1, maxLength: 64 });

/** A comment on a wiki page: its author, and a storage-format body with mentions by accountId. */
const ScenarioPageComment = Type.Object(
  {
    author: AccountIdString,
    body: Type.String({ maxLength: 262144 }),
    created: Type.Optional(Instant),
  },
  closed,
);

/** A wiki page: its title (unique in its space), author, storage-format body, parent page (a title), comments. */
const ScenarioPage = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 255 }),
    author: AccountIdString,
    body: Type.String({ maxLength: 262144 }),
    parent: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    created: Type.Optional(Instant),
    updatedBy: Type.Optional(AccountIdString),
    updated: Type.Optional(Instant),
    comments: Type.Optional(Type.Array(ScenarioPageComment, { maxItems: 1000 })),
  },
  closed,
);

/** A wiki space of the site, with its pages. */
export const ScenarioSpace = Type.Object(
  {
    key: Type.String({ pattern: '^[A-Za-z0-9]{1,255}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    creator: Type.Optional(AccountIdString),
    created: Type.Optional(Instant),
    pages: Type.Optional(Type.Array(ScenarioPage, { maxItems: 10000 })),
  },
  closed,
);
