/**
 * The directory's ways to an account from what a request names (an API token's hash, an email, a
 * legacy username or userKey): a query on a unique index, with the answers remembered in small bounded
 * memos. A remembered answer is used only while the account's current entry (which changes keep fresh)
 * still holds what was asked for; otherwise it is asked again.
 */
import type { Kysely } from 'kysely';
import { normalizeEmail } from '../accounts/profile.rules.ts';
import type { Database } from '../db/schema.ts';
import { normalizeUsername } from '../sites/legacy-identifiers.ts';
import { findUserKeyOwner, findUsernameOwner } from '../sites/site-migration.repository.ts';
import type { DirectoryEntry } from './directory-entries.ts';
import { LookupMemo } from './lookup-memo.ts';
import {
  findCustomerEmailOwner,
  findGlobalEmailOwner,
  findTokenByHash,
  type TokenOwner,
} from './lookups.repository.ts';

/** How many answers each memo keeps. */
const memoLimit = 10_000;

export class NameLookups {
  readonly #db: Kysely<Database>;
  readonly #entry: (accountId: string) => Promise<DirectoryEntry | undefined>;
  readonly #tokens = new LookupMemo<TokenOwner>(memoLimit);
  /** Names (`email`, `username`, `userKey`, each keyed with its scope) to accountIds. */
  readonly #names = new LookupMemo<string>(memoLimit);

  constructor(db: Kysely<Database>, entry: (accountId: string) => Promise<DirectoryEntry | undefined>) {
    this.#db = db;
    this.#entry = entry;
  }

  clear(): void {
    this.#tokens.clear();
    this.#names.clear();
  }

  /** The API token with this hash: whose it is and its id (for usage counts). */
  async token(tokenHash: string): Promise<TokenOwner | undefined> {
    const known = this.#tokens.get(tokenHash);
    if (known) {
      const entry = await this.#entry(known.accountId);
      if (entry?.tokens.some((token) => token.hash === tokenHash && token.id === known.tokenId)) return known;
      this.#tokens.delete(tokenHash);
    }
    const found = await findTokenByHash(this.#db, tokenHash);
    if (found) this.#tokens.set(tokenHash, found);
    return found;
  }

  /** The account that has this legacy username on the site (usernames match case-insensitively). */
  accountIdForUsername(siteId: string, username: string): Promise<string | undefined> {
    const normalized = normalizeUsername(username);
    return this.#remembered(
      `username\n${siteId}\n${normalized}`,
      (entry) => {
        const held = entry.links.get(siteId)?.username;
        return held != null && normalizeUsername(held) === normalized;
      },
      () => findUsernameOwner(this.#db, siteId, normalized),
    );
  }

  /** The account that has this legacy userKey on the site. */
  accountIdForUserKey(siteId: string, userKey: string): Promise<string | undefined> {
    return this.#remembered(
      `userKey\n${siteId}\n${userKey}`,
      (entry) => entry.links.get(siteId)?.userKey === userKey,
      () => findUserKeyOwner(this.#db, siteId, userKey),
    );
  }

  /** The account with this email: an Atlassian account anywhere, else a customer of the site. */
  async accountIdForEmail(email: string, siteId: string | null): Promise<string | undefined> {
    const normalized = normalizeEmail(email);
    const global = await this.#remembered(
      `email\n${normalized}`,
      ({ account }) =>
        account.accountType === 'atlassian' &&
        account.profile.email !== null &&
        normalizeEmail(account.profile.email) === normalized,
      () => findGlobalEmailOwner(this.#db, normalized),
    );
    if (global !== undefined || siteId === null) return global;
    // Not remembered: an Atlassian account taking the address later would come first.
    return findCustomerEmailOwner(this.#db, siteId, normalized);
  }

  /** A remembered answer while the account's entry still `holds` it, else the query's (then remembered). */
  async #remembered(
    key: string,
    holds: (entry: DirectoryEntry) => boolean,
    query: () => Promise<string | undefined>,
  ): Promise<string | undefined> {
    const known = this.#names.get(key);
    if (known !== undefined) {
      const entry = await this.#entry(known);
      if (entry && holds(entry)) return known;
      this.#names.delete(key);
    }
    const found = await query();
    if (found !== undefined) this.#names.set(key, found);
    return found;
  }
}
