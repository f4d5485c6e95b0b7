import {
  type Account,
  accountRowToAccount,
  accountToProfileSubject,
  type VisibilitySetting,
} from '../accounts/accounts.model.ts';
import type { Group } from '../site-groups/site-groups.model.ts';
import type { SiteLink } from '../sites/site-links.model.ts';
import type { Product } from '../sites/sites.model.ts';
import type {
  ProfileField,
  ProfileSubject,
  ProfileView,
  Relation,
  Visibility,
} from '../visibility/visibility.ts';
import type { AccountData } from './directory.repository.ts';

/** An account with what the directory keeps beside it: roles, links and token hashes. */
export interface DirectoryEntry {
  readonly account: Account;
  readonly emailDomain: string | null;
  /** The account's API tokens: each one's SHA-256 hash, and its id (which token a client used, for usage counts). */
  readonly tokens: readonly ApiTokenRef[];
  readonly links: ReadonlyMap<string, SiteLink>;
  readonly platformAdmin: boolean;
  readonly administeredOrganizationIds: readonly string[];
  readonly administeredSiteIds: readonly string[];
}

/** An API token as the directory knows it: never the secret, only its hash. */
export interface ApiTokenRef {
  readonly hash: string;
  readonly id: string;
}

/** One relation's view of an account, decided once, and the words it can be found by. */
export interface DecidedView {
  readonly relation: Relation;
  readonly view: ProfileView;
  readonly terms: string[];
  /** What searches order this view by: its display name, lower-cased. */
  readonly sortKey: string;
  /** The same relation's view on a site that deactivated the person (worked out on first use). */
  onDeactivatedSite?: DecidedView;
}

/**
 * What the directory stores: the entry, plus what it works out on first use. An entry is replaced
 * (never changed) when its account changes, so what is kept here can never be older than the entry.
 */
export interface StoredEntry extends DirectoryEntry {
  subject: ProfileSubject | undefined;
  decided: DecidedView[] | undefined;
}

type EntryFields = Omit<DirectoryEntry, never>;

/** What the one decision needs to know of an entry: the account, and the sites that deactivated it there. */
export function entryToProfileSubject(entry: DirectoryEntry): ProfileSubject {
  const subject = accountToProfileSubject(entry.account);
  const deactivatedSiteIds: string[] = [];
  for (const [siteId, link] of entry.links) if (link.deactivatedAt !== null) deactivatedSiteIds.push(siteId);
  return deactivatedSiteIds.length === 0 ? subject : { ...subject, deactivatedSiteIds };
}

/** A stored entry with nothing worked out yet (every entry has the same shape, which keeps reads fast). */
export function storedEntry(fields: EntryFields): StoredEntry {
  return {
    account: fields.account,
    emailDomain: fields.emailDomain,
    tokens: fields.tokens,
    links: fields.links,
    platformAdmin: fields.platformAdmin,
    administeredOrganizationIds: fields.administeredOrganizationIds,
    administeredSiteIds: fields.administeredSiteIds,
    subject: undefined,
    decided: undefined,
  };
}

const noStrings: readonly string[] = Object.freeze([]);
const noTokens: readonly ApiTokenRef[] = Object.freeze([]);

/**
 * Hands out one frozen copy of each distinct list, so 100,000 accounts with the same products or
 * groups share a handful of arrays instead of holding one each.
 */
class SharedLists {
  readonly #lists = new Map<string, readonly unknown[]>();

  of<T>(items: T[], keyOf: (item: T) => string): T[] {
    if (items.length === 0) return noStrings as unknown as T[];
    const key = items.map(keyOf).join('\n');
    let list = this.#lists.get(key);
    if (!list) {
      list = Object.freeze(items);
      this.#lists.set(key, list);
    }
    return list as T[];
  }
}

function groupRows<T extends { account_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.account_id);
    if (list) list.push(row);
    else map.set(row.account_id, [row]);
  }
  return map;
}

/** Assembles directory entries from bulk rows (their management is worked out by the directory). */
export function buildEntries(data: AccountData): EntryFields[] {
  const settings = groupRows(data.settings);
  const tokens = groupRows(data.tokens);
  const organizationAdmins = groupRows(data.organizationAdmins);
  const siteAdmins = groupRows(data.siteAdmins);
  const platformAdmins = new Set(data.platformAdmins.map((row) => row.account_id));
  const siteLinksOf = siteLinkBuilder(data);
  return data.accounts.map((row) => {
    const id = row.account_id;
    return {
      // Who manages the account is worked out by the directory from its domains.
      account: accountRowToAccount({ ...row, managing_organization_id: null }, settingsOf(settings.get(id))),
      emailDomain: row.email_domain,
      tokens: tokens.get(id)?.map((t) => ({ hash: t.token_hash, id: t.token_id })) ?? noTokens,
      links: siteLinksOf(id),
      platformAdmin: platformAdmins.has(id),
      administeredOrganizationIds: organizationAdmins.get(id)?.map((r) => r.organization_id) ?? noStrings,
      administeredSiteIds: siteAdmins.get(id)?.map((r) => r.site_id) ?? noStrings,
    };
  });
}

function settingsOf(rows: AccountData['settings'] | undefined) {
  const accountSettings: Partial<Record<ProfileField, VisibilitySetting>> = {};
  for (const s of rows ?? []) {
    accountSettings[s.field as ProfileField] = {
      visibility: s.visibility as Visibility,
      lockedByOrganizationId: s.locked_by_organization_id,
    };
  }
  return accountSettings;
}

/** The site links of each account, their product and group lists shared between accounts alike. */
function siteLinkBuilder(data: AccountData): (accountId: string) => Map<string, SiteLink> {
  const links = groupRows(data.links);
  const products = groupRows(data.products);
  const memberships = groupRows(data.memberships);
  const shared = new SharedLists();
  const groups = new Map<string, Group>();
  const groupOf = (groupId: string, name: string) => {
    let group = groups.get(groupId);
    if (!group) {
      group = Object.freeze({ groupId, name });
      groups.set(groupId, group);
    }
    return group;
  };
  return (id) => {
    const siteLinks = new Map<string, SiteLink>();
    for (const link of links.get(id) ?? []) {
      const site = link.site_id;
      const own = (products.get(id) ?? []).filter((p) => p.site_id === site);
      const member = (memberships.get(id) ?? []).filter((m) => m.site_id === site);
      siteLinks.set(site, {
        accountId: id,
        linkedAt: link.linked_at,
        username: link.username,
        userKey: link.user_key,
        deactivatedAt: link.deactivated_at,
        products: shared.of(
          own.map((p) => p.product as Product),
          (product) => product,
        ),
        groups: shared.of(
          member.map((m) => groupOf(m.group_id, m.name)),
          (group) => group.groupId,
        ),
      });
    }
    return siteLinks;
  };
}
