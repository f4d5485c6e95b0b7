/**
 * What privacy sweeps share: the stored values of an account's fields that a viewer may or may not see
 * (by the visibility rules themselves, which have their own property tests), and a search of any JSON
 * document for hidden values.
 */
import type { Account } from '../../src/accounts/accounts.model.ts';
import { accountToProfileSubject } from '../../src/accounts/accounts.model.ts';
import { type ProfileField, type Viewer, visibleFieldsFor } from '../../src/visibility/visibility.ts';
import { demoIds } from './test-veil.ts';

const valuesOf = (account: Account): Record<ProfileField, (string | null)[]> => ({
  avatar: [account.profile.avatarKey],
  fullName: [account.profile.fullName],
  jobTitle: [account.profile.jobTitle],
  department: [account.profile.department],
  organization: [account.profile.organization],
  location: [account.profile.location],
  timeZone: [account.profile.timeZone, account.profile.locale],
  email: [account.profile.email],
});

/** The stored values of the fields of `account` that `viewer` may (or may not) see, lower-cased. */
export function fieldValues(account: Account, viewer: Viewer, seen: boolean): string[] {
  const visible = visibleFieldsFor(accountToProfileSubject(account), viewer);
  const values = valuesOf(account);
  return (Object.keys(values) as ProfileField[])
    .filter((field) => visible.has(field) === seen)
    .flatMap((field) => values[field])
    .filter((value): value is string => value !== null && value.length > 2)
    .map((value) => value.toLowerCase());
}

/** The demo sites' base URLs, which appear in links and are no one's personal data. */
const siteBaseUrls = ['http://127.0.0.1:8080', 'http://globex.localhost:8080'];

/** Every string in a JSON document (site base URLs taken out of links). */
function stringLeaves(value: unknown): string[] {
  if (typeof value === 'string')
    return [siteBaseUrls.reduce((leaf, base) => leaf.replaceAll(base, ''), value.toLowerCase())];
  if (Array.isArray(value)) return value.flatMap(stringLeaves);
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringLeaves);
  return [];
}

/**
 * The hidden values that a response lets out: a string that contains one, unless that string is itself
 * something this viewer may see (a visible job title "Product manager" is no leak of a hidden
 * department "Product").
 */
export function findLeaks(
  body: unknown,
  hidden: readonly string[],
  visibleToViewer: ReadonlySet<string>,
): string[] {
  const leaves = stringLeaves(body).filter((leaf) => !visibleToViewer.has(leaf));
  return hidden.filter((value) => leaves.some((leaf) => leaf.includes(value)));
}

/** Everything `viewer` may see of any of `accounts` (and every public name): no leak when it shows up. */
export function valuesVisibleTo(accounts: readonly Account[], viewer: Viewer): Set<string> {
  return new Set([
    ...accounts.flatMap((a) => fieldValues(a, viewer, true)),
    ...accounts.map((a) => a.profile.publicName.toLowerCase()),
  ]);
}

/** Every request that renders one account, by tracker, wiki and Veil representation. */
export function representationsOf(
  accountId: string,
): { method: 'GET' | 'POST'; url: string; body?: unknown }[] {
  const id = encodeURIComponent(accountId);
  return [
    { method: 'GET', url: `/rest/api/3/user?accountId=${id}&expand=groups,applicationRoles` },
    { method: 'GET', url: `/rest/api/2/user?accountId=${id}` },
    { method: 'GET', url: `/rest/api/3/user/bulk?accountId=${id}` },
    { method: 'GET', url: `/rest/api/2/user/bulk?accountId=${id},${demoIds.mia}` },
    { method: 'GET', url: `/rest/api/3/user/search?accountId=${id}` },
    { method: 'GET', url: `/rest/api/3/users/search?maxResults=1000` },
    { method: 'GET', url: `/rest/api/3/user/assignable/search?project=ACME&accountId=${id}` },
    { method: 'GET', url: `/wiki/rest/api/user?accountId=${id}` },
    { method: 'GET', url: `/wiki/rest/api/user/bulk?accountId=${id}` },
    { method: 'POST', url: '/wiki/api/v2/users-bulk', body: { accountIds: [accountId] } },
    { method: 'GET', url: `/veil/v1/accounts/${id}` },
  ];
}

/** The demo's issues (ACME-1 … ACME-12). */
export const demoIssueKeys = Array.from({ length: 12 }, (_, i) => `ACME-${i + 1}`);

/** Every request that renders an issue and the people in it (fields, mentions, comments, changelog, watchers, votes). */
export function issueRepresentationsOf(key: string): { method: 'GET'; url: string }[] {
  return [
    { method: 'GET', url: `/rest/api/3/issue/${key}?expand=changelog,renderedFields,names` },
    { method: 'GET', url: `/rest/api/2/issue/${key}?expand=changelog,renderedFields,names` },
    { method: 'GET', url: `/rest/api/3/issue/${key}/comment?expand=renderedBody` },
    { method: 'GET', url: `/rest/api/2/issue/${key}/comment` },
    { method: 'GET', url: `/rest/api/3/issue/${key}/worklog` },
    { method: 'GET', url: `/rest/api/2/issue/${key}/worklog` },
    { method: 'GET', url: `/rest/api/3/issue/${key}/changelog` },
    { method: 'GET', url: `/rest/api/3/issue/${key}/watchers` },
    { method: 'GET', url: `/rest/api/2/issue/${key}/votes` },
    ...issueSearchesOf(`key = ${key}`),
  ];
}

/** The searches that find issues by `jql`, with every field and expansion (both endpoints, v2 and v3). */
export function issueSearchesOf(jql: string): { method: 'GET'; url: string }[] {
  const query = `jql=${encodeURIComponent(jql)}&fields=*all&expand=changelog,renderedFields,names`;
  return [
    { method: 'GET', url: `/rest/api/3/search/jql?${query}` },
    { method: 'GET', url: `/rest/api/3/search?${query}` },
    { method: 'GET', url: `/rest/api/2/search?${query}` },
  ];
}
