/**
 * The structured user query (`GET /user/search/query`): the people in a relation to issues the caller
 * may browse, each as the caller sees them (the one decision), in display-name order. A relation on an
 * issue the caller cannot browse, or a comment it cannot read, finds nobody.
 */
import type { Kysely } from 'kysely';
import type { Caller } from '../auth/caller.ts';
import type { Database } from '../db/schema.ts';
import type { Directory } from '../directory/directory.ts';
import { mayBrowseIssues, restrictionReaderOf } from '../issues/issues.access.ts';
import { maySeeRestricted } from '../issues/restrictions.ts';
import type { Site } from '../sites/sites.model.ts';
import type { IssueTarget, UserQuery, UserRelation } from './user-query.parse.ts';
import {
  commentAuthorsOf,
  issueIdsOf,
  propertyValuesOfWriter,
  relatedAccountIds,
} from './user-query.repository.ts';
import { compareNameThenId, type UserMatch } from './user-search.ts';

/** What a query is asked with. */
export interface UserQueryCall {
  readonly db: Kysely<Database>;
  readonly directory: Directory;
  readonly site: Site;
  readonly caller: Caller;
}

/** The accountIds one clause finds, on issues the caller may browse (and comments it may read). */
async function clauseAccountIds(
  call: UserQueryCall,
  relation: UserRelation,
  targets: readonly IssueTarget[],
): Promise<Set<string>> {
  const issueIds = await issueIdsOf(call.db, call.site.id, targets);
  if (relation !== 'commenter') return new Set(await relatedAccountIds(call.db, relation, issueIds));
  const reader = await restrictionReaderOf(call.db, call.caller, call.site);
  const rows = await commentAuthorsOf(call.db, issueIds);
  const readable = rows.filter((row) =>
    maySeeRestricted(reader, {
      authorId: row.author_id,
      visibility:
        row.visibility_type === null
          ? null
          : { type: row.visibility_type, value: row.visibility_value ?? '' },
    }),
  );
  return new Set(readable.map((row) => row.author_id));
}

/** The value at `path` in a property's JSON text (undefined where there is none). */
function valueAt(json: string, path: readonly string[]): unknown {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return undefined;
  }
  for (const step of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, step)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/**
 * The people a property clause finds: only properties the calling app wrote (they render to nobody
 * else), so a person, or another app, finds nobody by them. Strings, numbers and booleans compare as text.
 */
async function propertyAccountIds(
  call: UserQueryCall,
  clause: Extract<UserQuery, { kind: 'property' }>,
): Promise<Set<string>> {
  if (call.caller.kind !== 'app') return new Set();
  const rows = await propertyValuesOfWriter(call.db, call.caller.appKey, clause.propertyKey);
  const matching = rows.filter((row) => {
    const value = valueAt(row.value, clause.path);
    const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
    return scalar && String(value) === clause.value;
  });
  return new Set(matching.map((row) => row.account_id));
}

/** The accountIds the whole query finds: `and` intersects, `or` unites. */
async function queryAccountIds(call: UserQueryCall, query: UserQuery): Promise<Set<string>> {
  if (query.kind === 'clause') return clauseAccountIds(call, query.relation, query.targets);
  if (query.kind === 'property') return propertyAccountIds(call, query);
  const sets: Set<string>[] = [];
  for (const part of query.parts) sets.push(await queryAccountIds(call, part));
  const [first = new Set<string>(), ...rest] = sets;
  if (query.kind === 'or') return new Set(sets.flatMap((set) => [...set]));
  return new Set([...first].filter((id) => rest.every((set) => set.has(id))));
}

/**
 * Every account the query finds that the caller may be shown on the site (linked to it and active there,
 * as the other searches answer), as the caller sees it, in display-name then accountId order.
 */
export async function findUsersByQuery(call: UserQueryCall, query: UserQuery): Promise<UserMatch[]> {
  const { directory, site, caller } = call;
  if (!(await mayBrowseIssues(directory, caller, site))) return [];
  const ids = await queryAccountIds(call, query);
  const entries = await directory.entries([...ids]);
  const matches: UserMatch[] = [];
  for (const entry of entries.values()) {
    if (!entry.links.has(site.id) || directory.statusOn(entry, site.id) !== 'active') continue;
    const { view, sortKey } = directory.decidedFor(entry, caller.viewer);
    matches.push({ entry, view, sortKey });
  }
  return matches.sort((a, b) =>
    compareNameThenId(a.sortKey, a.entry.account.accountId, b.sortKey, b.entry.account.accountId),
  );
}
