/**
 * Wiki spaces declared by a scenario file (see docs/scenarios.md): checked against the file (people,
 * titles, parents, well-formed bodies with mentions by accountId only), then written with their pages
 * and comments in the order given.
 */
import type { Kysely } from 'kysely';
import { parseInstant } from '../clock/instant.ts';
import type { Database } from '../db/schema.ts';
import { parseStorageFormat, StorageFormatProblem } from './storage-format.parser.ts';
import { mentionsOf, serializeStorageFormat } from './storage-format.ts';
import { insertContentRow, insertSpaceRow } from './wiki.repository.ts';

/** What a scenario site declares about its wiki (the shapes of `scenario.schemas.ts`). */
export interface WikiSite {
  readonly id: string;
  readonly spaces?: readonly ScenarioSpaceInput[];
}

export interface ScenarioSpaceInput {
  key: string;
  name: string;
  description?: string;
  creator?: string;
  created?: string;
  pages?: {
    title: string;
    author: string;
    body: string;
    parent?: string;
    created?: string;
    updatedBy?: string;
    updated?: string;
    comments?: { author: string; body: string; created?: string }[];
  }[];
}

type Add = (path: string, message: string) => void;

function checkInstant(path: string, value: string | undefined, add: Add): void {
  if (value !== undefined && parseInstant(value) === undefined)
    add(path, 'is not an ISO 8601 instant with an offset, such as 2026-11-01T10:00:00Z');
}

/** A body must be well-formed, with every mention by an accountId the file declares. */
function checkBody(path: string, body: string, add: Add, requireAccount: Add): void {
  try {
    for (const ref of mentionsOf(parseStorageFormat(body))) {
      if (ref.by === 'accountId') requireAccount(path, ref.value);
      else add(path, `mentions a person by ri:${ref.by}: a scenario names people by ri:account-id`);
    }
  } catch (error) {
    if (!(error instanceof StorageFormatProblem)) throw error;
    add(path, error.message);
  }
}

function checkPages(space: ScenarioSpaceInput, at: string, add: Add, requireAccount: Add): void {
  const titles = new Set<string>();
  for (const [p, page] of (space.pages ?? []).entries()) {
    const path = `${at}.pages[${p}]`;
    if (titles.has(page.title)) add(`${path}.title`, 'is used twice in the space');
    if (page.parent !== undefined && !titles.has(page.parent))
      add(`${path}.parent`, 'is not the title of an earlier page of the space');
    titles.add(page.title);
    requireAccount(`${path}.author`, page.author);
    if (page.updatedBy) requireAccount(`${path}.updatedBy`, page.updatedBy);
    checkInstant(`${path}.created`, page.created, add);
    checkInstant(`${path}.updated`, page.updated, add);
    checkBody(`${path}.body`, page.body, add, requireAccount);
    for (const [c, comment] of (page.comments ?? []).entries()) {
      requireAccount(`${path}.comments[${c}].author`, comment.author);
      checkInstant(`${path}.comments[${c}].created`, comment.created, add);
      checkBody(`${path}.comments[${c}].body`, comment.body, add, requireAccount);
    }
  }
}

/** The problems of one site's spaces, each at its path; `requireAccount` checks people. */
export function findScenarioSpaceProblems(site: WikiSite, path: string, add: Add, requireAccount: Add): void {
  const keys = new Set<string>();
  for (const [s, space] of (site.spaces ?? []).entries()) {
    const at = `${path}.spaces[${s}]`;
    if (keys.has(space.key)) add(`${at}.key`, 'is used twice');
    keys.add(space.key);
    if (space.creator) requireAccount(`${at}.creator`, space.creator);
    checkInstant(`${at}.created`, space.created, add);
    checkPages(space, at, add, requireAccount);
  }
}

/** A checked body as stored: written back with each mention by its accountId. */
const storedBody = (body: string) => serializeStorageFormat(parseStorageFormat(body), (ref) => ref.value);
const instant = (value: string | undefined, fallback: Date) =>
  value ? (parseInstant(value) ?? fallback) : fallback;

type Page = NonNullable<ScenarioSpaceInput['pages']>[number];

async function writePage(
  db: Kysely<Database>,
  spaceId: string,
  page: Page,
  parentId: string | null,
  now: Date,
) {
  const created = instant(page.created, now);
  const id = await insertContentRow(db, {
    space_id: spaceId,
    content_type: 'page',
    parent_id: parentId,
    title: page.title,
    body: storedBody(page.body),
    version: page.updatedBy ? 2 : 1,
    creator_id: page.author,
    owner_id: page.author,
    version_author_id: page.updatedBy ?? page.author,
    created_at: created,
    updated_at: instant(page.updated, created),
  });
  for (const comment of page.comments ?? []) {
    const at = instant(comment.created, created);
    await insertContentRow(db, {
      space_id: spaceId,
      content_type: 'comment',
      parent_id: id,
      title: `Re: ${page.title}`.slice(0, 255),
      body: storedBody(comment.body),
      creator_id: comment.author,
      owner_id: comment.author,
      version_author_id: comment.author,
      created_at: at,
      updated_at: at,
    });
  }
  return id;
}

/** Writes the site's spaces, their pages (parents first, as listed) and the pages' comments. */
export async function writeScenarioSpaces(db: Kysely<Database>, site: WikiSite, now: Date): Promise<void> {
  for (const space of site.spaces ?? []) {
    const row = await insertSpaceRow(db, {
      site_id: site.id,
      space_key: space.key,
      name: space.name,
      description: space.description ?? '',
      creator_id: space.creator ?? null,
      created_at: instant(space.created, now),
    });
    const ids = new Map<string, string>();
    for (const page of space.pages ?? []) {
      const parentId = page.parent === undefined ? null : (ids.get(page.parent) ?? null);
      ids.set(page.title, await writePage(db, String(row.space_id), page, parentId, now));
    }
  }
}
