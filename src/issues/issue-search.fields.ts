/**
 * The fields JQL may search on Veil's issues, and the 400 that names a clause Veil does not search.
 * Pure: resolves a field of the parsed query to what the SQL builder knows; never guesses.
 */
import { VeilError } from '../errors/veil-error.ts';
import type { JqlField } from '../jql/jql.ast.ts';
import type { CustomField } from './issues.model.ts';

/** Where a user field's accountIds are: a column of the issue, a table of people, or a custom field's values. */
export type UserTarget =
  | { readonly kind: 'column'; readonly column: 'assignee_id' | 'reporter_id' | 'creator_id' }
  | { readonly kind: 'people'; readonly table: 'issue_watchers' | 'issue_votes' }
  | { readonly kind: 'custom'; readonly fieldId: number; readonly multi: boolean };

/** A searchable field: its kind, and the name its changelog items carry (null: no history searched). */
export type SearchField =
  | { readonly kind: 'project' }
  | { readonly kind: 'key' }
  | { readonly kind: 'text'; readonly scope: 'summary' | 'description' | 'comment' | 'text' }
  | { readonly kind: 'status'; readonly history: 'status' }
  | { readonly kind: 'priority'; readonly history: 'priority' }
  | { readonly kind: 'labels' }
  | { readonly kind: 'date'; readonly column: 'created_at' | 'updated_at' }
  | { readonly kind: 'user'; readonly target: UserTarget; readonly history: string | null };

const systemFields: Readonly<Record<string, SearchField>> = {
  project: { kind: 'project' },
  key: { kind: 'key' },
  issuekey: { kind: 'key' },
  id: { kind: 'key' },
  summary: { kind: 'text', scope: 'summary' },
  description: { kind: 'text', scope: 'description' },
  comment: { kind: 'text', scope: 'comment' },
  text: { kind: 'text', scope: 'text' },
  status: { kind: 'status', history: 'status' },
  priority: { kind: 'priority', history: 'priority' },
  labels: { kind: 'labels' },
  created: { kind: 'date', column: 'created_at' },
  createddate: { kind: 'date', column: 'created_at' },
  updated: { kind: 'date', column: 'updated_at' },
  updateddate: { kind: 'date', column: 'updated_at' },
  assignee: { kind: 'user', target: { kind: 'column', column: 'assignee_id' }, history: 'assignee' },
  reporter: { kind: 'user', target: { kind: 'column', column: 'reporter_id' }, history: 'reporter' },
  creator: { kind: 'user', target: { kind: 'column', column: 'creator_id' }, history: null },
  watcher: { kind: 'user', target: { kind: 'people', table: 'issue_watchers' }, history: null },
  voter: { kind: 'user', target: { kind: 'people', table: 'issue_votes' }, history: null },
};

/** The names JQL accepts for system fields (lower case), for validation by `jql/parse`. */
export const searchableSystemFieldNames: ReadonlySet<string> = new Set(Object.keys(systemFields));

/** The functions the search evaluates (lower case). */
export const searchFunctions: ReadonlySet<string> = new Set([
  'currentuser',
  'membersof',
  'now',
  'startofday',
  'endofday',
]);

/** The 400 for a clause Veil does not search: it names the clause, so no answer is silently wrong. */
export function unsupportedClause(what: string, why: string): VeilError {
  return new VeilError('jql.invalid', `Veil does not search ${what}: ${why}.`, [
    { path: 'jql', message: `${what} is not supported` },
  ]);
}

/** How a field is written in a message: `assignee`, `cf[10010]`, `"Reviewer"`. */
export function describeField(field: JqlField): string {
  return field.kind === 'customField' ? `cf[${field.id}]` : field.name;
}

function customSearchField(field: CustomField): SearchField {
  return {
    kind: 'user',
    target: { kind: 'custom', fieldId: field.id, multi: field.type === 'multiuser' },
    history: `customfield_${field.id}`,
  };
}

/** The searchable field a query names, or null when the site has no such field. */
export function findSearchField(field: JqlField, customFields: readonly CustomField[]): SearchField | null {
  if (field.kind === 'customField') {
    const custom = customFields.find((f) => String(f.id) === field.id);
    return custom ? customSearchField(custom) : null;
  }
  if (field.property !== null) return null;
  const name = field.name.toLowerCase();
  const system = systemFields[name];
  if (system) return system;
  const byId = /^customfield_([0-9]+)$/.exec(name);
  const custom = customFields.find((f) => (byId ? String(f.id) === byId[1] : f.name.toLowerCase() === name));
  return custom ? customSearchField(custom) : null;
}

/** As `findSearchField`, or the tracker's 400 for a field that does not exist (or is not searched). */
export function requireSearchField(field: JqlField, customFields: readonly CustomField[]): SearchField {
  const found = findSearchField(field, customFields);
  if (found) return found;
  if (field.kind === 'name' && field.property !== null)
    throw unsupportedClause(`entity property '${field.name}'`, 'issue properties are not stored');
  throw new VeilError(
    'jql.invalid',
    `Field '${describeField(field)}' does not exist or you do not have permission to view it.`,
    [{ path: 'jql', message: `Field '${describeField(field)}' does not exist` }],
  );
}
