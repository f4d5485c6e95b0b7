/**
 * The `fields` of a create or an edit, read into the changes they ask for; every problem is collected and
 * answered together as one 400 naming each field (nothing is written). Which accountIds are on the site
 * is checked afterwards, against the directory (`issue-people.rules.ts`).
 */
import { VeilError } from '../errors/veil-error.ts';
import type { CustomField, IssueType } from './issues.model.ts';
import { readRichText, type StoredText } from './mentions.ts';

export interface FieldChanges {
  summary?: string;
  description?: StoredText | null;
  typeId?: string;
  priority?: string;
  labels?: string[];
  reporterId?: string | null;
  assigneeId?: string | null;
  /** User custom fields set: accountIds by field id (empty to clear). */
  readonly custom: Map<number, string[]>;
}

export interface FieldContext {
  readonly version: '2' | '3';
  readonly types: readonly IssueType[];
  readonly customFields: readonly CustomField[];
}

export const priorities = ['Highest', 'High', 'Medium', 'Low', 'Lowest'] as const;

type Problems = Record<string, string>;
type Reader = (value: unknown, changes: FieldChanges, context: FieldContext) => string | undefined;

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** An accountId from `{ "accountId": "…" }` (or `{ "id": "…" }`), null when cleared, or a problem. */
function readUserValue(value: unknown): string | null | { problem: string } {
  if (value === null) return null;
  const id = isObject(value) ? (value.accountId ?? value.id) : undefined;
  if (typeof id !== 'string' || id.length === 0)
    return { problem: 'must be a user given as {"accountId": "…"} or null' };
  return id;
}

function userReader(set: (changes: FieldChanges, id: string | null) => void): Reader {
  return (value, changes) => {
    const id = readUserValue(value);
    if (isObject(id)) return id.problem;
    set(changes, id);
    return undefined;
  };
}

const readers: Record<string, Reader> = {
  summary: (value, changes) => {
    if (typeof value !== 'string' || value.trim().length === 0)
      return 'You must specify a summary of the issue.';
    if (value.length > 255) return 'Summary must be less than 255 characters.';
    changes.summary = value;
    return undefined;
  },
  description: (value, changes, { version }) => {
    try {
      changes.description = value === null ? null : readRichText(value, version, 'description');
    } catch (error) {
      return error instanceof VeilError ? error.message : 'is not valid';
    }
    return undefined;
  },
  issuetype: (value, changes, { types }) => {
    const ref = isObject(value) ? value : {};
    const type = types.find((t) => (ref.id !== undefined ? t.id === String(ref.id) : t.name === ref.name));
    if (!type) return 'Specify a valid issue type';
    changes.typeId = type.id;
    return undefined;
  },
  priority: (value, changes) => {
    const ref = isObject(value) ? value : {};
    const index = priorities.findIndex((p, i) => p === ref.name || String(i + 1) === String(ref.id));
    if (index < 0) return `Specify a valid priority: one of ${priorities.join(', ')}`;
    changes.priority = priorities[index];
    return undefined;
  },
  labels: (value, changes) => {
    if (!Array.isArray(value) || !value.every((l) => typeof l === 'string' && /^\S{1,255}$/.test(l)))
      return 'Labels must be an array of strings without spaces';
    changes.labels = [...new Set(value as string[])];
    return undefined;
  },
  reporter: userReader((changes, id) => {
    changes.reporterId = id;
  }),
  assignee: userReader((changes, id) => {
    changes.assigneeId = id;
  }),
};

/** A user custom field's value: one user (`user`) or an array of users (`multiuser`). */
function readCustomField(field: CustomField, value: unknown, changes: FieldChanges): string | undefined {
  if (field.type === 'multiuser') {
    if (value === null) return void changes.custom.set(field.id, []);
    if (!Array.isArray(value)) return 'must be an array of users for a multi-user picker';
    const ids = value.map(readUserValue);
    if (ids.some((id) => id === null || isObject(id))) return 'must be an array of {"accountId": "…"}';
    return void changes.custom.set(field.id, [...new Set(ids as string[])]);
  }
  if (Array.isArray(value)) return 'must be a single user for a user picker, not an array';
  const id = readUserValue(value);
  if (isObject(id)) return id.problem;
  changes.custom.set(field.id, id === null ? [] : [id]);
  return undefined;
}

function readOneField(name: string, value: unknown, changes: FieldChanges, context: FieldContext) {
  const reader = readers[name];
  if (reader) return reader(value, changes, context);
  const custom = /^customfield_([0-9]{1,9})$/.exec(name);
  const field = custom ? context.customFields.find((f) => f.id === Number(custom[1])) : undefined;
  if (field) return readCustomField(field, value, changes);
  return `Field '${name}' cannot be set. It is not on the appropriate screen, or unknown.`;
}

/** Reads the fields given (those in `skip` are read by the caller); throws one 400 with every problem. */
export function readFieldChanges(
  fields: Record<string, unknown>,
  context: FieldContext,
  skip: readonly string[] = [],
): FieldChanges {
  const changes: FieldChanges = { custom: new Map() };
  const problems: Problems = {};
  for (const [name, value] of Object.entries(fields)) {
    if (skip.includes(name)) continue;
    const problem = readOneField(name, value, changes, context);
    if (problem) problems[name] = problem;
  }
  throwIfProblems(problems);
  return changes;
}

/** Throws the tracker's 400 naming each field, when there is any problem. */
export function throwIfProblems(problems: Problems): void {
  const entries = Object.entries(problems);
  if (entries.length === 0) return;
  const summary =
    entries.length === 1 ? `${entries[0]?.[0]}: ${entries[0]?.[1]}` : 'The fields are not valid';
  throw new VeilError(
    'request.invalid',
    summary,
    entries.map(([path, message]) => ({ path, message })),
  );
}
