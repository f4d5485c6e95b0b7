import type { Generated } from 'kysely';

/** The tables of the wiki's spaces and content (src/wiki): accountIds only, never a name or an address. */
export interface WikiTables {
  wiki_spaces: {
    space_id: Generated<string>;
    site_id: string;
    space_key: string;
    name: string;
    description: Generated<string>;
    creator_id: string | null;
    created_at: Date;
  };
  wiki_content: {
    content_id: Generated<string>;
    space_id: string;
    content_type: 'page' | 'comment';
    parent_id: string | null;
    title: string;
    body: string;
    version: Generated<number>;
    creator_id: string | null;
    owner_id: string | null;
    version_author_id: string | null;
    created_at: Date;
    updated_at: Date;
  };
}
