/** The wiki's spaces and content as the domain sees them, and the mappers from their rows. */
import type { ContentRow, SpaceRow } from './wiki.repository.ts';

export interface Space {
  readonly id: string;
  readonly siteId: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly creatorId: string | null;
  readonly createdAt: Date;
}

/** A page or a comment (`parentId`: a page's parent page, or the page a comment is on). */
export interface Content {
  readonly id: string;
  readonly siteId: string;
  readonly spaceId: string;
  readonly spaceKey: string;
  readonly type: 'page' | 'comment';
  readonly parentId: string | null;
  readonly title: string;
  /** The storage format, with mentions by accountId only. */
  readonly body: string;
  readonly version: number;
  readonly creatorId: string | null;
  readonly ownerId: string | null;
  readonly versionAuthorId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export function spaceRowToSpace(row: SpaceRow): Space {
  return {
    id: String(row.space_id),
    siteId: row.site_id,
    key: row.space_key,
    name: row.name,
    description: row.description,
    creatorId: row.creator_id,
    createdAt: new Date(row.created_at),
  };
}

export function contentRowToContent(row: ContentRow): Content {
  return {
    id: String(row.content_id),
    siteId: row.site_id,
    spaceId: String(row.space_id),
    spaceKey: row.space_key,
    type: row.content_type,
    parentId: row.parent_id === null ? null : String(row.parent_id),
    title: row.title,
    body: row.body,
    version: Number(row.version),
    creatorId: row.creator_id,
    ownerId: row.owner_id,
    versionAuthorId: row.version_author_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** Every accountId content names as a person (its mentions apart). */
export function peopleOfContent(content: Content): (string | null)[] {
  return [content.creatorId, content.ownerId, content.versionAuthorId];
}
