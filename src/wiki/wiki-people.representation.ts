/**
 * The people of a wiki response, rendered for one caller: each embedded person is the wiki's user object
 * made by `user-api/` from the directory's decided view, and each mention in a body is a link with the
 * display name that view holds. Loaded in one batch from the directory, never per person.
 */
import type { Static } from 'typebox';
import type { DirectoryEntry } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import { renderWikiUser, wikiBaseUrl } from '../user-api/wiki-user.representation.ts';
import type { WikiUser } from '../user-api/wiki-user.schemas.ts';
import { formerUser, type Viewer } from '../visibility/visibility.ts';
import type { MentionView } from './storage-format.view.ts';

/** Who a wiki representation is for. */
export interface WikiAudience {
  readonly users: UserViews;
  readonly site: Site;
  readonly viewer: Viewer;
  /** The legacy stage: user objects carry the username and userKey where the viewer may see them. */
  readonly legacy: boolean;
}

/** The people of one response, loaded once. */
export interface WikiPeople {
  readonly audience: WikiAudience;
  /** The v1 `User` for the caller, or undefined (no one, or no account the directory knows). */
  user(accountId: string | null): Static<typeof WikiUser> | undefined;
  /** How a mentioned person is shown to the caller (`Former user` for an unknown account). */
  mention(accountId: string): MentionView;
}

/** Loads the accounts named (one batch) and returns their renderers for the audience. */
export async function loadWikiPeople(
  audience: WikiAudience,
  accountIds: Iterable<string | null>,
): Promise<WikiPeople> {
  const ids = [...new Set([...accountIds].filter((id): id is string => id !== null))];
  const entries: ReadonlyMap<string, DirectoryEntry> = await audience.users.directory.entries(ids);
  const { users, site, viewer, legacy } = audience;
  return {
    audience,
    user: (id) => {
      const entry = id === null ? undefined : entries.get(id);
      return entry ? renderWikiUser(users, entry, viewer, site, new Set(), legacy) : undefined;
    },
    mention: (id) => {
      const entry = entries.get(id);
      const name = entry
        ? users.directory.viewOf(entry, viewer, site.id).displayName
        : formerUser.displayName;
      return { name, url: `${wikiBaseUrl(site)}/people/${encodeURIComponent(id)}` };
    },
  };
}
