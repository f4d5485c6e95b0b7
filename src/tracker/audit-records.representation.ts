/**
 * Audit records as the tracker gives them to one reader: USER items get the name that reader may see
 * (through the one decision; "Former user" once the person is erased), the author stays an accountId,
 * and `authorKey` appears only where the reader is given legacy identities (the legacy stage).
 */
import type { Static } from 'typebox';
import type { AuditItem, AuditRecord } from '../audit/audit.model.ts';
import { type Audience, loadPeople, type People } from '../issues/people.representation.ts';
import { trackerTime } from '../issues/time.ts';
import type { AuditRecordBean } from './audit-records.schemas.ts';

type Item = Static<typeof AuditRecordBean>['objectItem'];

function renderItem(people: People, item: AuditItem): Item {
  if (item.typeName !== 'USER') return { ...item };
  return { id: item.id, name: people.name(item.id), typeName: 'USER' };
}

function accountIdsOf(record: AuditRecord): string[] {
  const items = [record.objectItem, ...record.associatedItems];
  const users = items.filter((item) => item.typeName === 'USER').map((item) => item.id);
  return record.authorAccountId === null ? users : [record.authorAccountId, ...users];
}

function renderRecord(people: People, record: AuditRecord): Static<typeof AuditRecordBean> {
  const author = record.authorAccountId;
  const authorKey = author === null ? undefined : people.user(author)?.key;
  return {
    id: record.recordId,
    summary: record.summary,
    created: trackerTime(record.created),
    category: record.category,
    eventSource: record.eventSource,
    ...(record.description ? { description: record.description } : {}),
    ...(author === null ? {} : { authorAccountId: author }),
    ...(authorKey ? { authorKey } : {}),
    objectItem: renderItem(people, record.objectItem),
    associatedItems: record.associatedItems.map((item) => renderItem(people, item)),
    changedValues: record.changedValues.map((change) => ({ ...change })),
  };
}

/** The records for the audience, the people they name loaded in one batch. */
export async function renderAuditRecords(
  audience: Audience,
  records: readonly AuditRecord[],
): Promise<Static<typeof AuditRecordBean>[]> {
  const people = await loadPeople(audience, records.flatMap(accountIdsOf));
  return records.map((record) => renderRecord(people, record));
}
