/** The changelog items an edit makes: what changed, from what to what. User items hold accountIds only. */
import type { IssueStatus } from '../db/tables/issues.table.ts';
import type { FieldChanges } from './issue-fields.ts';
import type { CustomField, CustomValues, HistoryItem, Issue, IssueType } from './issues.model.ts';
import { renderRichText } from './mentions.ts';
import { statusInfo } from './workflow.ts';

const plain = (field: string, from: string | null, to: string | null): HistoryItem => ({
  field,
  fieldType: 'jira',
  fieldId: field,
  isUser: false,
  from: null,
  fromString: from,
  to: null,
  toString: to,
});

const userItem = (field: string, from: string | null, to: string | null): HistoryItem => ({
  field,
  fieldType: 'jira',
  fieldId: field,
  isUser: true,
  from,
  fromString: null,
  to,
  toString: null,
});

/** Stored text as a changelog string: wiki markup, mentions by accountId (never a name). */
function textOf(description: Issue['description']): string | null {
  if (!description) return null;
  return renderRichText(description, '2', (id) => id) as string;
}

function customItems(changes: FieldChanges, before: CustomValues, fields: readonly CustomField[]) {
  const items: HistoryItem[] = [];
  for (const [fieldId, ids] of changes.custom) {
    const old = before.get(fieldId) ?? [];
    if (old.join(',') === ids.join(',')) continue;
    const field = fields.find((f) => f.id === fieldId);
    items.push({
      ...userItem(field?.name ?? `customfield_${fieldId}`, old.join(', ') || null, ids.join(', ') || null),
      fieldType: 'custom',
      fieldId: `customfield_${fieldId}`,
    });
  }
  return items;
}

/** The items of the changes that differ from the issue as it was. */
export function historyItemsOf(
  issue: Issue,
  changes: FieldChanges,
  context: { types: readonly IssueType[]; customFields: readonly CustomField[]; custom: CustomValues },
): HistoryItem[] {
  const items: HistoryItem[] = [];
  const { summary, description, typeId, priority, labels, reporterId, assigneeId } = changes;
  if (summary !== undefined && summary !== issue.summary)
    items.push(plain('summary', issue.summary, summary));
  if (description !== undefined && textOf(description) !== textOf(issue.description))
    items.push(plain('description', textOf(issue.description), textOf(description)));
  if (typeId !== undefined && typeId !== issue.typeId) {
    const name = (id: string) => context.types.find((t) => t.id === id)?.name ?? id;
    items.push({ ...plain('issuetype', name(issue.typeId), name(typeId)), from: issue.typeId, to: typeId });
  }
  if (priority !== undefined && priority !== issue.priority)
    items.push(plain('priority', issue.priority, priority));
  if (labels !== undefined && labels.join(' ') !== issue.labels.join(' '))
    items.push(plain('labels', issue.labels.join(' ') || null, labels.join(' ') || null));
  if (reporterId !== undefined && reporterId !== issue.reporterId)
    items.push(userItem('reporter', issue.reporterId, reporterId));
  if (assigneeId !== undefined && assigneeId !== issue.assigneeId)
    items.push(userItem('assignee', issue.assigneeId, assigneeId));
  return [...items, ...customItems(changes, context.custom, context.customFields)];
}

/** The item of a status change. */
export function statusItem(from: IssueStatus, to: IssueStatus): HistoryItem {
  return {
    ...plain('status', from, to),
    from: statusInfo(from).id,
    to: statusInfo(to).id,
  };
}
