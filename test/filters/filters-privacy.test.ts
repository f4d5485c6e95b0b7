/**
 * Filters and dashboards name people (owners, share permissions, shared users): every demo viewer and a
 * Connect app read every representation and find no hidden field of anyone; erasing a person keeps their
 * accountId as owner ("Former user"), takes their favourites and the share permissions naming them, and
 * the whole-database scan finds none of their values.
 */
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
const appKey = 'com.example.filters';
const siteWords = new Set(['acme']);

/** Every filter and dashboard representation, v2 and v3. */
function representations(): string[] {
  return ['2', '3'].flatMap((v) => [
    ...['10000', '10001', '10002'].flatMap((id) => [
      `/rest/api/${v}/filter/${id}?expand=sharedUsers,subscriptions`,
      `/rest/api/${v}/filter/${id}/permission`,
    ]),
    `/rest/api/${v}/filter/search?expand=owner,sharePermissions,jql,description`,
    `/rest/api/${v}/filter/my?includeFavourites=true`,
    `/rest/api/${v}/filter/favourite`,
    `/rest/api/${v}/dashboard`,
    `/rest/api/${v}/dashboard/search`,
    `/rest/api/${v}/dashboard/10000`,
    `/rest/api/${v}/dashboard/10001`,
  ]);
}

for (const backend of testBackends()) {
  describe(`privacy of filters and dashboards on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let accounts: Account[];
    const readers: { label: string; viewer: Viewer; headers: (url: string) => Record<string, string> }[] = [];
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: {
          key: appKey,
          scopes: ['READ'],
          webhooks: [
            { event: 'filter_created', url: '/webhooks/filter-created' },
            { event: 'filter_updated', url: '/webhooks/filter-updated' },
            { event: 'filter_deleted', url: '/webhooks/filter-deleted' },
          ],
        },
      }));
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      for (const name of people) {
        const account = accounts.find((a) => a.accountId === demoIds[name]);
        assert.ok(account);
        const { email, token } = demoPerson(name);
        const basic = `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
        readers.push({
          label: name,
          viewer: (await callerForAccount(veil.store.db, account)).viewer,
          headers: () => ({ authorization: basic }),
        });
      }
      const apps = await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') });
      const accountId =
        apps.json().find((a: { key?: string; appKey?: string }) => (a.key ?? a.appKey) === appKey)
          ?.accountId ?? apps.json()[0].accountId;
      readers.push({
        label: 'the app',
        viewer: { kind: 'app', appKey, accountId },
        headers: (url) => ({
          authorization: `JWT ${signAppRequest(app.credentials(), veil, 'GET', url, { iss: appKey })}`,
        }),
      });
    });
    after(() => veil.close());

    it('shows no viewer, person or app, a hidden field of anyone in any representation', async () => {
      let checked = 0;
      for (const { label, viewer, headers } of readers) {
        const visible = valuesVisibleTo(accounts, viewer);
        const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
          (value) => !visible.has(value) && !siteWords.has(value),
        );
        for (const url of representations()) {
          const response = await veil.request({ url, headers: headers(url) });
          if (response.statusCode >= 400) continue;
          assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `${label} in ${url}`);
          checked++;
        }
      }
      assert.ok(checked > 100, `only ${checked} responses were checked`);
    });

    it('sends filter webhooks to the app that declares them, the owner rendered for that app', async () => {
      const liam = demoPerson('liam');
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/filter',
        as: liam,
        body: {
          name: 'Webhooked',
          jql: 'project = ACME',
          sharePermissions: [{ type: 'user', user: { accountId: demoIds.mia } }],
        },
      });
      assert.equal(created.statusCode, 200, created.body);
      const id = created.json().id;
      const updated = await veil.request({
        method: 'PUT',
        url: `/rest/api/3/filter/${id}`,
        as: liam,
        body: { description: 'x' },
      });
      assert.equal(updated.statusCode, 200, updated.body);
      const deleted = await veil.request({ method: 'DELETE', url: `/rest/api/3/filter/${id}`, as: liam });
      assert.equal(deleted.statusCode, 204, deleted.body);
      await veil.app.jobs.runDue();
      const reader = readers.find((r) => r.label === 'the app');
      assert.ok(reader);
      const hidden = fieldValues(
        accounts.find((a) => a.accountId === demoIds.liam) as Account,
        reader.viewer,
        false,
      );
      const got = app.webhooks.filter((w) => String(w.body.webhookEvent).startsWith('filter_'));
      assert.deepEqual(got.map((w) => String(w.body.webhookEvent)).sort(), [
        'filter_created',
        'filter_deleted',
        'filter_updated',
      ]);
      for (const webhook of got) {
        assert.equal(webhook.problem, undefined);
        assert.deepEqual(findLeaks(webhook.body, hidden, valuesVisibleTo(accounts, reader.viewer)), []);
      }
      // Sent after the deletion: every body names the filter by id only, as it is gone.
      assert.deepEqual(
        got.map((w) => (w.body.filter as { id: string }).id),
        [id, id, id],
      );
    });

    it('renders a filter webhook whole while the filter exists', async () => {
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/filter',
        as: demoPerson('liam'),
        body: { name: 'Kept', jql: 'project = ACME' },
      });
      assert.equal(created.statusCode, 200, created.body);
      await veil.app.jobs.runDue();
      const last = app.webhooks.filter((w) => w.body.webhookEvent === 'filter_created').at(-1);
      const filter = last?.body.filter as {
        owner: { accountId: string; displayName: string; emailAddress?: string };
        jql: string;
      };
      assert.equal(filter.owner.accountId, demoIds.liam);
      assert.equal(filter.owner.emailAddress, undefined);
      assert.equal(filter.jql, 'project = ACME');
      const deleted = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/filter/${created.json().id}`,
        as: demoPerson('liam'),
      });
      assert.equal(deleted.statusCode, 204);
      await veil.app.jobs.runDue();
    });

    it("lists in a person's export the filters and dashboards they own", async () => {
      const exported = await veil.request({ url: '/veil/v1/me/export', as: demoPerson('liam') });
      assert.equal(exported.statusCode, 200, exported.body);
      const data = exported.json();
      assert.deepEqual(
        data.filters.map((f: { filterId: string }) => f.filterId),
        ['10001'],
      );
      assert.equal(data.filters[0].jql, `reporter = ${demoIds.liam}`);
      assert.deepEqual(
        data.dashboards.map((d: { name: string }) => d.name),
        ['Private board'],
      );
    });

    it('erases a person: owner kept as "Former user", favourites and shares naming them go, the scan is clean', async () => {
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.liam}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.liam },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({
        url: `/veil/v1/accounts/${demoIds.liam}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(proof.json().scan.matches, [], 'the whole-database scan finds none of his values');
      const db = veil.store.db;
      const left = await db
        .selectFrom('favourites')
        .select('account_id')
        .where('account_id', '=', demoIds.liam)
        .execute();
      assert.deepEqual(left, [], 'his favourites went');
      const filter = (
        await veil.request({ url: '/rest/api/3/filter/10001', as: demoPerson('olivia') })
      ).json();
      assert.equal(filter.owner.accountId, demoIds.liam);
      assert.equal(filter.owner.displayName, 'Former user');
      const board = (
        await veil.request({ url: '/rest/api/3/dashboard/10001', as: demoPerson('mia') })
      ).json();
      assert.equal(board.owner.displayName, 'Former user');
      const team = (await veil.request({ url: '/rest/api/3/dashboard/10000', as: demoPerson('mia') })).json();
      assert.equal(team.popularity, 1, "Liam's favourite of the team board went, Mia's stays");
      // Ethan's share of Liam's filter stays; a share naming Liam himself would go (Mia's board names Mia).
      const mine = (
        await veil.request({ url: '/rest/api/3/filter/10000/permission', as: demoPerson('mia') })
      ).json();
      assert.equal(mine.length, 2);
      assert.doesNotMatch(JSON.stringify([filter, board]), /Liam|Okafor|L\.O\./);
    });

    it('erases a person named in a share permission: the share goes', async () => {
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.noah}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.noah },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const shares = (
        await veil.request({ url: '/rest/api/3/filter/10000/permission', as: demoPerson('mia') })
      ).json();
      assert.deepEqual(
        shares.map((s: { type: string }) => s.type),
        ['group'],
        'the share naming Noah went',
      );
      const report = await veil.request({
        url: `/veil/v1/accounts/${demoIds.noah}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.deepEqual(report.json().scan.matches, []);
    });
  });
}
