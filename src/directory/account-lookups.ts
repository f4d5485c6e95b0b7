import { normalizeEmail } from '../accounts/profile.rules.ts';
import type { DirectoryEntry } from './directory-entries.ts';

/**
 * The directory's ways to an account from what a request or a change names: an email address (global,
 * or a customer's on a site), an API token's hash, a site it is linked to, the domain of its email.
 */
export class AccountLookups {
  readonly #globalEmails = new Map<string, string>();
  readonly #customerEmails = new Map<string, string>();
  /** Each API token by its hash: whose it is, and its id. */
  readonly #tokens = new Map<string, { readonly accountId: string; readonly tokenId: string }>();
  /** Accounts by email domain, so an organization's change finds its accounts without a scan. */
  readonly #domainMembers = new Map<string, Set<string>>();

  /** Indexes an entry (its previous version already removed). */
  add(entry: DirectoryEntry): void {
    const { account } = entry;
    const email = account.profile.email ? normalizeEmail(account.profile.email) : null;
    if (email && account.accountType === 'atlassian') this.#globalEmails.set(email, account.accountId);
    if (email && account.accountType === 'customer')
      this.#customerEmails.set(`${account.customerSiteId}\n${email}`, account.accountId);
    for (const token of entry.tokens)
      this.#tokens.set(token.hash, { accountId: account.accountId, tokenId: token.id });
    if (entry.emailDomain) membersOf(this.#domainMembers, entry.emailDomain).add(account.accountId);
  }

  /** Takes an entry out of every index. */
  remove(entry: DirectoryEntry): void {
    const { accountId } = entry.account;
    const email = entry.account.profile.email ? normalizeEmail(entry.account.profile.email) : null;
    if (email && this.#globalEmails.get(email) === accountId) this.#globalEmails.delete(email);
    if (email) this.#customerEmails.delete(`${entry.account.customerSiteId}\n${email}`);
    for (const token of entry.tokens) this.#tokens.delete(token.hash);
    if (entry.emailDomain) this.#domainMembers.get(entry.emailDomain)?.delete(accountId);
  }

  /** The API token with this hash: whose it is and its id. */
  token(tokenHash: string): { readonly accountId: string; readonly tokenId: string } | undefined {
    return this.#tokens.get(tokenHash);
  }

  /** The account with this email: an Atlassian account anywhere, else a customer of the site. */
  accountIdForEmail(email: string, siteId: string | null): string | undefined {
    const normalized = normalizeEmail(email);
    return (
      this.#globalEmails.get(normalized) ??
      (siteId ? this.#customerEmails.get(`${siteId}\n${normalized}`) : undefined)
    );
  }

  /** The accountIds whose email is in the domain. */
  domainMembers(domain: string): ReadonlySet<string> | undefined {
    return this.#domainMembers.get(domain);
  }
}

function membersOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let members = map.get(key);
  if (!members) {
    members = new Set();
    map.set(key, members);
  }
  return members;
}
