/** The contracts of `GET /rest/api/{2,3}/auditing/record` (the spec's `AuditRecords`). */
import { Type } from 'typebox';

const AssociatedItem = Type.Object(
  {
    id: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    parentId: Type.Optional(Type.String()),
    parentName: Type.Optional(Type.String()),
    typeName: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ChangedValue = Type.Object(
  {
    fieldName: Type.Optional(Type.String()),
    changedFrom: Type.Optional(Type.String()),
    changedTo: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const AuditRecordBean = Type.Object(
  {
    id: Type.Integer(),
    summary: Type.String(),
    created: Type.String(),
    category: Type.String(),
    eventSource: Type.String(),
    description: Type.Optional(Type.String()),
    authorAccountId: Type.Optional(Type.String()),
    /** Only in the legacy stage, for readers who may see legacy identities. */
    authorKey: Type.Optional(Type.String()),
    objectItem: AssociatedItem,
    associatedItems: Type.Array(AssociatedItem),
    changedValues: Type.Array(ChangedValue),
  },
  { additionalProperties: false },
);

export const AuditRecords = Type.Object(
  {
    offset: Type.Integer(),
    limit: Type.Integer(),
    total: Type.Integer(),
    records: Type.Array(AuditRecordBean),
  },
  { additionalProperties: false },
);

export const AuditRecordsQuery = Type.Object({
  offset: Type.Integer({ default: 0 }),
  limit: Type.Integer({ default: 1000, description: '1 to 1000' }),
  filter: Type.Optional(Type.String({ maxLength: 1000 })),
  from: Type.Optional(Type.String({ maxLength: 64 })),
  to: Type.Optional(Type.String({ maxLength: 64 })),
});
