/**
 * The people of an issue, rendered for one caller: each embedded user is the tracker user object made by
 * `user-api/` from the directory's decided view, and each name inside a string (mentions, changelog) is
 * the display name that view holds. Loaded in one batch from the directory, never per person.
 */
import type { Static } from 'typebox';
import type { DirectoryEntry } from '../directory/directory.ts';
import type { Site } from '../sites/sites.model.ts';
import type { UserViews } from '../user-api/sent-views.ts';
import {
  type LegacyRendering,
  renderTrackerUser,
  renderTrackerUserDetails,
  userSelfUrl,
} from '../user-api/tracker-user.representation.ts';
import type { TrackerUser, TrackerUserDetails } from '../user-api/tracker-user.schemas.ts';
import { formerUser, type Viewer } from '../visibility/visibility.ts';

/** Who a representation is for: the caller, the site, the API version and the legacy form. */
export interface Audience {
  readonly users: UserViews;
  readonly site: Site;
  readonly viewer: Viewer;
  readonly version: '2' | '3';
  readonly legacy: LegacyRendering | null;
}

/** The people of one response, loaded once. */
export interface People {
  readonly audience: Audience;
  /** The tracker `User` for the caller, or null (no one, or no account the directory knows). */
  user(accountId: string | null): Static<typeof TrackerUser> | null;
  /** The tracker `UserDetails` for the caller, or null. */
  details(accountId: string | null): Static<typeof TrackerUserDetails> | null;
  /** The display name the caller may see (`Former user` for an erased or unknown account). */
  name(accountId: string): string;
  /** The URL of the person's user resource. */
  url(accountId: string): string;
}

/** Loads the accounts named (one batch) and returns their renderers for the audience. */
export async function loadPeople(audience: Audience, accountIds: Iterable<string | null>): Promise<People> {
  const ids = [...new Set([...accountIds].filter((id): id is string => id !== null))];
  const entries: ReadonlyMap<string, DirectoryEntry> = await audience.users.directory.entries(ids);
  const { users, site, viewer, version, legacy } = audience;
  return {
    audience,
    user: (id) => {
      const entry = id === null ? undefined : entries.get(id);
      return entry ? renderTrackerUser(users, entry, viewer, site, { version, legacy }) : null;
    },
    details: (id) => {
      const entry = id === null ? undefined : entries.get(id);
      return entry ? renderTrackerUserDetails(users, entry, viewer, site, version, legacy) : null;
    },
    name: (id) => {
      const entry = entries.get(id);
      return entry ? users.directory.viewOf(entry, viewer, site.id).displayName : formerUser.displayName;
    },
    url: (id) => userSelfUrl(site, version, id),
  };
}
