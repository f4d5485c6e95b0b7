import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { callerForAccount } from '../support/callers.ts';
import { fieldValues, findLeaks, representationsOf, valuesVisibleTo } from '../support/privacy.ts';
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
        const visibleToViewer = valuesVisibleTo(accounts, viewer.viewer);
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
              `/rest/api/3/jql/autocompletedata/suggestions?fieldName=assignee&fieldValue=${query}`,
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

    it('never tells whether a hidden email has an account, when checking access by email', async () => {
      let checked = 0;
      for (const viewer of viewers.filter((v) => v.as)) {
        for (const account of accounts) {
          const email = account.profile.email;
          if (!email || !fieldValues(account, viewer.viewer, false).includes(email.toLowerCase())) continue;
          const response = await veil.request({
            method: 'POST',
            url: '/wiki/api/v2/user/access/check-access-by-email',
            ...(viewer.as ? { as: viewer.as } : {}),
            headers: { host: viewer.host },
            body: { emails: [email, 'nobody-at-all@example.org'] },
          });
          if (response.statusCode >= 400) continue;
          assert.deepEqual(
            response.json().emailsWithoutAccess,
            [email, 'nobody-at-all@example.org'],
            `${viewer.label} learnt that ${account.accountId}'s hidden email has access`,
          );
          checked++;
        }
      }
      assert.ok(checked > 5, `only ${checked} hidden emails were checked`);
    });

    it('shows the properties stored about a person to nobody but the person', async () => {
      const marker = 'secret-marker-of-mia';
      const url = `/rest/api/3/user/properties/diary?accountId=${demoIds.mia}`;
      const stored = await veil.request({ method: 'PUT', url, as: demoPerson('mia'), body: { marker } });
      assert.equal(stored.statusCode, 201, stored.body);
      for (const viewer of viewers) {
        for (const read of [url, `/rest/api/3/user/properties?accountId=${demoIds.mia}`]) {
          const response = await veil.request({
            url: read,
            ...(viewer.as ? { as: viewer.as } : {}),
            headers: { host: viewer.host },
          });
          // (A 404 names the key the caller asked for; the list must not name it.)
          const shown = response.body.includes(marker) || (read !== url && response.body.includes('diary'));
          if (viewer.label.startsWith('mia')) assert.ok(shown || response.statusCode >= 400, viewer.label);
          else assert.ok(!shown, `${viewer.label} saw what Mia stored about herself at ${read}`);
        }
      }
    });
  });
}
