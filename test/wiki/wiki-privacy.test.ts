import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { callerForAccount } from '../support/callers.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];
const people: PersonName[] = ['pat', 'mia', 'noah', 'ava', 'liam', 'olivia', 'sofia'];
const appKey = 'com.example.wiki-reader';
// Words of the demo's wiki that are no one's personal data (the site's name, the space's).
const siteWords = new Set(['acme', 'engineering']);

/** Every wiki representation of the demo's ENG space that holds people, in names or user objects. */
function wikiRepresentations(): string[] {
  const page = '20000';
  return [
    `/wiki/rest/api/content/${page}?expand=history,history.lastUpdated,version,body.storage,body.view,space,ancestors`,
    '/wiki/rest/api/content/20003?expand=history,history.lastUpdated,version,body.view,ancestors',
    `/wiki/rest/api/content/${page}/child/comment?expand=history,version,body.view,container`,
    '/wiki/rest/api/content?spaceKey=ENG&expand=history,version,body.view',
    '/wiki/rest/api/content/search?cql=space%20%3D%20ENG&expand=history,body.view',
    `/wiki/api/v2/pages/${page}?body-format=view`,
    '/wiki/api/v2/pages?body-format=view',
    `/wiki/api/v2/pages/${page}/footer-comments?body-format=view`,
    '/wiki/rest/api/space/ENG?expand=history,description',
    '/wiki/rest/api/space?expand=history',
    '/wiki/api/v2/spaces',
    ...['a', 'o', 'l', 'Okafor', 'Lindqvist'].map(
      (name) => `/wiki/rest/api/search/user?cql=${encodeURIComponent(`user.fullname ~ "${name}"`)}`,
    ),
    ...Object.values(demoIds).map(
      (id) => `/wiki/rest/api/search/user?cql=${encodeURIComponent(`user = "${id}"`)}`,
    ),
  ];
}

for (const backend of testBackends()) {
  describe(`privacy of the wiki's content on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let accounts: Account[];
    const viewers: { label: string; viewer: Viewer; headers: (url: string) => Record<string, string> }[] = [];
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, { app: { key: appKey, scopes: ['READ'] } }));
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      for (const name of people) {
        const account = accounts.find((a) => a.accountId === demoIds[name]);
        assert.ok(account);
        const { email, token } = demoPerson(name);
        const basic = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
        viewers.push({
          label: name,
          viewer: (await callerForAccount(veil.store.db, account)).viewer,
          headers: () => ({ authorization: basic }),
        });
      }
      const appAccountId = (
        await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') })
      ).json()[0].accountId;
      viewers.push({
        label: 'the app',
        viewer: { kind: 'app', appKey, accountId: appAccountId },
        headers: (url) => ({
          authorization: `JWT ${signAppRequest(app.credentials(), veil, 'GET', url, { iss: appKey })}`,
        }),
      });
    });
    after(() => veil.close());

    it('shows no viewer a hidden field of anyone in any wiki representation or rendered body', async () => {
      let checked = 0;
      for (const { label, viewer, headers } of viewers) {
        const visible = valuesVisibleTo(accounts, viewer);
        const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
          (value) => !visible.has(value) && !siteWords.has(value),
        );
        for (const url of wikiRepresentations()) {
          const response = await veil.request({ url, headers: headers(url) });
          if (response.statusCode >= 400) continue;
          assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `${label} in ${url}`);
          checked++;
        }
      }
      assert.ok(checked > 100, `only ${checked} responses were checked`);
    });

    it('renders each mention with the name the viewer may see, and the wiki user object with empty hidden fields', async () => {
      const page = (
        await veil.request({
          url: '/wiki/rest/api/content/20000?expand=body.view,history,version',
          as: demoPerson('mia'),
        })
      ).json();
      const view: string = page.body.view.value;
      assert.match(view, /Ava Lindqvist/);
      assert.doesNotMatch(view, /Liam Okafor|ri:account-id/);
      assert.match(view, new RegExp(`data-account-id="${demoIds.liam}"`));
      assert.equal(page.version.by.accountId, demoIds.olivia);
      assert.equal(page.history.createdBy.accountId, demoIds.mia);
      const search = (
        await veil.request({
          url: `/wiki/rest/api/search/user?cql=user%3D%22${demoIds.liam}%22`,
          as: demoPerson('mia'),
        })
      ).json();
      assert.equal(search.results[0].user.email, '', 'a hidden email is an empty string');
    });

    it('erases a person: accountIds stay, "Former user" is rendered, the export listed her writing, the scan is clean', async () => {
      const ava = demoPerson('ava');
      const exported = (await veil.request({ url: '/veil/v1/me/export', as: ava })).json();
      assert.deepEqual(
        exported.wiki.comments.map((c: { contentId: string }) => c.contentId),
        ['20001'],
      );
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.ava}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.ava },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({
        url: `/veil/v1/accounts/${demoIds.ava}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(proof.json().scan.matches, [], 'the whole-database scan finds none of her values');
      const comments = (
        await veil.request({
          url: '/wiki/rest/api/content/20000/child/comment?expand=history,body.view',
          as: demoPerson('mia'),
        })
      ).json();
      const hers = comments.results[0];
      assert.equal(hers.history.createdBy.accountId, demoIds.ava);
      assert.equal(hers.history.createdBy.displayName, 'Former user');
      assert.equal(hers.history.createdBy.publicName, 'unknown');
      const page = (
        await veil.request({ url: '/wiki/rest/api/content/20000?expand=body.view', as: demoPerson('mia') })
      ).json();
      assert.match(page.body.view.value, new RegExp(`data-account-id="${demoIds.ava}">Former user<`));
      assert.doesNotMatch(JSON.stringify([comments, page]), /Lindqvist|ava@acme/);
    });
  });
}
