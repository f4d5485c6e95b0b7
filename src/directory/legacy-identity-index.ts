import { userKeyKey, usernameKey } from '../sites/legacy-identifiers.ts';
import type { DirectoryEntry } from './directory-entries.ts';

/**
 * What the directory finds accounts by besides emails and token hashes: legacy usernames (normalised)
 * and userKeys per site. Kept beside the directory's entries and updated with them.
 */
export class LegacyIdentityIndex {
  readonly #usernames = new Map<string, string>();
  readonly #userKeys = new Map<string, string>();

  /** Indexes an entry being stored. */
  add(entry: DirectoryEntry): void {
    const { accountId } = entry.account;
    for (const [siteId, link] of entry.links) {
      if (link.username !== null) this.#usernames.set(usernameKey(siteId, link.username), accountId);
      if (link.userKey !== null) this.#userKeys.set(userKeyKey(siteId, link.userKey), accountId);
    }
  }

  /** Drops what an entry being forgotten put in. */
  remove(entry: DirectoryEntry): void {
    const { accountId } = entry.account;
    for (const [siteId, link] of entry.links) {
      // Only if still this account's: a name may have moved to another account in the same batch of changes.
      if (link.username !== null)
        deleteIfOwned(this.#usernames, usernameKey(siteId, link.username), accountId);
      if (link.userKey !== null) deleteIfOwned(this.#userKeys, userKeyKey(siteId, link.userKey), accountId);
    }
  }

  accountIdForUsername(siteId: string, username: string): string | undefined {
    return this.#usernames.get(usernameKey(siteId, username));
  }

  accountIdForUserKey(siteId: string, userKey: string): string | undefined {
    return this.#userKeys.get(userKeyKey(siteId, userKey));
  }
}

function deleteIfOwned(map: Map<string, string>, key: string, accountId: string): void {
  if (map.get(key) === accountId) map.delete(key);
}
