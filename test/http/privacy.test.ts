import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { accountToProfileSubject } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import { callerForAccount } from '../../src/http/caller.ts';
import { type ProfileField, type Viewer, visibleFieldsFor } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];

/** A viewer of the demo world: a signed-in person, or nobody on the site that allows anonymous access. */
interface DemoViewer {
  readonly label: string;
  readonly as?: { email: string; token: string };
  readonly host: string;
  readonly viewer: Viewer;
}

const people: PersonName[] = ['pat', 'mia', 'noah', 'ava', 'liam', 'olivia', 'sofia'];

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
function fieldValues(account: Account, viewer: Viewer, seen: boolean): string[] {
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
function findLeaks(body: unknown, hidden: readonly string[], visibleToViewer: ReadonlySet<string>): string[] {
  const leaves = stringLeaves(body).filter((leaf) => !visibleToViewer.has(leaf));
  return hidden.filter((value) => leaves.some((leaf) => leaf.includes(value)));
}

/** Every request that renders one account, by tracker, wiki and Veil representation. */
function representationsOf(accountId: string): { method: 'GET' | 'POST'; url: string; body?: unknown }[] {
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

for (const backend of testBackends()) {
  describe(`privacy across every representation on ${backend.name}`, () => {
    let veil: TestVeil;
    let accounts: Account[];
    const viewers: DemoViewer[] = [];
    before(async () => {
      veil = await startTestVeil(backend);
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      for (const name of people) {
        const account = accounts.find((a) => a.accountId === demoIds[name])!;
        const { viewer } = await callerForAccount(veil.store.db, account);
        viewers.push({ label: name, as: demoPerson(name), host: 'acme.localhost', viewer });
        viewers.push({ label: `${name}@globex`, as: demoPerson(name), host: 'globex.localhost', viewer });
      }
      viewers.push({ label: 'anonymous@globex', host: 'globex.localhost', viewer: { kind: 'anonymous' } });
    });
    after(() => veil.close());

    it('never lets a hidden field out, for any viewer, account or representation', async () => {
      let checked = 0;
      for (const viewer of viewers) {
        const visibleToViewer = new Set([
          ...accounts.flatMap((a) => fieldValues(a, viewer.viewer, true)),
          ...accounts.map((a) => a.profile.publicName.toLowerCase()),
        ]);
        for (const account of accounts) {
          const hidden = fieldValues(account, viewer.viewer, false);
          for (const request of representationsOf(account.accountId)) {
            const response = await veil.request({
              ...request,
              ...(viewer.as ? { as: viewer.as } : {}),
              headers: { host: viewer.host },
            });
            if (response.statusCode >= 400) continue;
            const leaks = findLeaks(response.json(), hidden, visibleToViewer);
            assert.deepEqual(
              leaks,
              [],
              `${viewer.label} saw hidden values of ${account.accountId} in ${request.url}`,
            );
            checked++;
          }
        }
      }
      assert.ok(checked > 200, `only ${checked} responses were checked`);
    });

    it('never finds anyone by a field they hid', async () => {
      let searched = 0;
      for (const viewer of viewers) {
        for (const account of accounts) {
          for (const value of fieldValues(account, viewer.viewer, false)) {
            if (value === account.profile.avatarKey.toLowerCase()) continue;
            const query = encodeURIComponent(value);
            for (const url of [
              `/rest/api/3/user/search?query=${query}`,
              `/rest/api/3/user/picker?query=${query}`,
              `/rest/api/2/user/assignable/search?project=ACME&query=${query}`,
            ]) {
              const response = await veil.request({
                url,
                ...(viewer.as ? { as: viewer.as } : {}),
                headers: { host: viewer.host },
              });
              if (response.statusCode >= 400) continue;
              assert.ok(
                !response.body.includes(account.accountId),
                `${viewer.label} found ${account.accountId} by "${value}" through ${url}`,
              );
              searched++;
            }
          }
        }
      }
      assert.ok(searched > 50, `only ${searched} searches ran`);
    });
  });
}
