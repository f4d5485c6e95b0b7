/**
 * Issues of a search page as the tracker renders them: the existing issue representation (every person
 * through the one decision, loaded in one batch for the page), cut down to the `fields` asked for. Paging
 * tokens are opaque to clients. Pure but for the batched reads.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { VeilError } from '../errors/veil-error.ts';
import { readMultiValue } from '../user-api/params.ts';
import { loadIssuesDetails } from './issue-reads.service.ts';
import type { Issue } from './issues.model.ts';
import { peopleOfIssue, renderIssue } from './issues.representation.ts';
import { type Audience, loadPeople } from './people.representation.ts';

/** What a search returns of each issue: the `fields` asked for and the `expand` names. */
export interface SearchRendering {
  readonly fields: readonly string[];
  readonly expand: ReadonlySet<string>;
}

/** The rendering options of a search request; `defaultFields` is `id` for `search/jql`, `*navigable` for `search`. */
export function readSearchRendering(
  raw: { fields?: string | string[] | undefined; expand?: string | string[] | undefined },
  defaultFields: 'id' | '*navigable',
): SearchRendering {
  const fields = readMultiValue(raw.fields, 'fields');
  return {
    fields: fields.length === 0 ? [defaultFields] : fields,
    expand: new Set(readMultiValue(raw.expand, 'expand')),
  };
}

/** Whether the rendering asks for no field beyond the id and key (such pages may be longer). */
export function asksIdsOnly(rendering: SearchRendering): boolean {
  return rendering.fields.every((f) => f === 'id' || f === 'key') && rendering.expand.size === 0;
}

function selectFields(
  all: Record<string, unknown>,
  requested: readonly string[],
): Record<string, unknown> | null {
  const every = requested.some((f) => f === '*all' || f === '*navigable');
  const named = new Set(requested.filter((f) => !f.startsWith('-') && !f.startsWith('*')));
  const excluded = new Set(requested.filter((f) => f.startsWith('-')).map((f) => f.slice(1)));
  const kept = Object.entries(all).filter(([name]) => (every || named.has(name)) && !excluded.has(name));
  if (!every && kept.length === 0) return null;
  return Object.fromEntries(kept);
}

/** The page's issues for the audience, each with the fields and expansions asked for. */
export async function renderSearchIssues(
  db: Kysely<Database>,
  audience: Audience,
  callerId: string | null,
  issues: readonly Issue[],
  rendering: SearchRendering,
) {
  const details = await loadIssuesDetails(db, audience.site.id, issues, rendering.expand.has('changelog'));
  const detailsOf = (issue: Issue) => details.get(issue.id) as NonNullable<ReturnType<typeof details.get>>;
  const people = await loadPeople(
    audience,
    issues.flatMap((issue) => peopleOfIssue(issue, detailsOf(issue))),
  );
  return issues.map((issue) => {
    const { fields, ...bean } = renderIssue(people, issue, detailsOf(issue), {
      expand: rendering.expand,
      callerId,
    });
    const selected = selectFields(fields, rendering.fields);
    return selected === null ? bean : { ...bean, fields: selected };
  });
}

/** The opaque token of the page that starts at `startAt`. */
export function pageTokenOf(startAt: number): string {
  return Buffer.from(`veil:v1:${startAt}`).toString('base64url');
}

/** Where the page a token names starts; a token Veil did not make is a 400. */
export function readPageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  const match = /^veil:v1:([0-9]{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (match) return Number(match[1]);
  throw new VeilError('request.invalid', 'The nextPageToken is not valid.', [
    { path: 'nextPageToken', message: 'is not a token of this search' },
  ]);
}
