import { type TSchema, Type } from 'typebox';

/** The user APIs' paged envelope (the specs' `PageBean…`) of `item`: `nextPage` is given while more remain. */
export function PageOf<Item extends TSchema>(item: Item) {
  return Type.Object({
    self: Type.String(),
    nextPage: Type.Optional(Type.String()),
    maxResults: Type.Integer(),
    startAt: Type.Integer(),
    total: Type.Integer(),
    isLast: Type.Boolean(),
    values: Type.Array(item),
  });
}
