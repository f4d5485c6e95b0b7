/**
 * The `update` of a create or an edit (`{"labels": [{"add": "x"}], "summary": [{"set": "…"}]}`), turned
 * into the `fields` it amounts to, given the current values. Pure. `set` works on every field;
 * `add` and `remove` on the list fields (labels, multi-user custom fields). Every problem is collected and
 * answered together as one 400 naming each field, as a bad `fields` is; nothing is written.
 */
import { VeilError } from '../errors/veil-error.ts';
import type { CustomField } from './issues.model.ts';

/** What the verbs start from: the labels and user custom field values (empty on a create). */
export interface CurrentValues {
  readonly labels: readonly string[];
  readonly custom: ReadonlyMap<number, readonly string[]>;
  readonly customFields: readonly CustomField[];
}

type Verb = 'set' | 'add' | 'remove';
type Operation = { readonly verb: Verb; readonly value: unknown };

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** `fields` with what `update` asks for merged in; a 400 naming each field whose operations are wrong. */
export function fieldsWithUpdate(
  fields: Record<string, unknown>,
  update: Record<string, unknown> | undefined,
  current: CurrentValues,
): Record<string, unknown> {
  const merged = { ...fields };
  const problems: Record<string, string> = {};
  for (const [field, raw] of Object.entries(update ?? {})) {
    const problem = field in fields ? 'is both in fields and in update: give it once' : undefined;
    const operations = problem ? problem : readOperations(raw);
    if (typeof operations === 'string') {
      problems[field] = operations;
      continue;
    }
    const value = applyOperations(field, operations, current);
    if (isObject(value) && typeof value.problem === 'string') problems[field] = value.problem;
    else merged[field] = value;
  }
  if (Object.keys(problems).length > 0) {
    throw new VeilError(
      'request.invalid',
      'The update cannot be applied',
      Object.entries(problems).map(([path, message]) => ({ path, message })),
    );
  }
  return merged;
}

/** `[{"add": x}, {"remove": y}]` read, or what is wrong with it. */
function readOperations(raw: unknown): Operation[] | string {
  if (!Array.isArray(raw)) return 'must be a list of operations such as [{"set": …}]';
  const operations: Operation[] = [];
  for (const entry of raw) {
    const keys = isObject(entry) ? Object.keys(entry) : [];
    const verb = keys[0];
    if (keys.length !== 1 || (verb !== 'set' && verb !== 'add' && verb !== 'remove'))
      return 'each operation is one of {"set": …}, {"add": …} or {"remove": …}';
    operations.push({ verb, value: (entry as Record<string, unknown>)[verb] });
  }
  return operations;
}

/** The field's new value after the operations, or `{ problem }`. */
function applyOperations(field: string, operations: readonly Operation[], current: CurrentValues): unknown {
  if (field === 'comment') return { problem: 'add comments with POST /issue/{issueIdOrKey}/comment' };
  const list = listOf(field, current);
  if (list === undefined) {
    if (operations.some((o) => o.verb !== 'set')) return { problem: 'only "set" applies to this field' };
    return operations.at(-1)?.value;
  }
  let items = [...list.items];
  for (const { verb, value } of operations) {
    if (verb === 'set') {
      if (!Array.isArray(value)) return { problem: '"set" takes the whole list' };
      items = value.map(list.keyOf);
      continue;
    }
    const key = list.keyOf(value);
    if (typeof key !== 'string' || key === '') return { problem: `"${verb}" takes one ${list.itemName}` };
    items = verb === 'add' ? (items.includes(key) ? items : [...items, key]) : items.filter((k) => k !== key);
  }
  return list.render(items);
}

interface ListField {
  readonly items: readonly unknown[];
  readonly itemName: string;
  readonly keyOf: (value: unknown) => unknown;
  readonly render: (items: readonly unknown[]) => unknown;
}

/** How a list field's items are named and written back, or undefined for a single-valued field. */
function listOf(field: string, current: CurrentValues): ListField | undefined {
  if (field === 'labels') {
    return { items: current.labels, itemName: 'label', keyOf: (v) => v, render: (items) => items };
  }
  const id = /^customfield_(\d+)$/.exec(field)?.[1];
  const custom = current.customFields.find((f) => String(f.id) === id);
  if (custom?.type !== 'multiuser') return undefined;
  return {
    items: current.custom.get(custom.id) ?? [],
    itemName: 'user given as {"accountId": "…"}',
    keyOf: (v) => (isObject(v) ? (v.accountId ?? v.id) : undefined),
    render: (items) => items.map((accountId) => ({ accountId })),
  };
}
