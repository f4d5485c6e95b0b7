import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type AppCredentials,
  type ListeningVeil,
  signAppRequest,
  type TestApp,
} from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';
import { findValuesInDatabase, representationsOf, searchesFor } from './lifecycle-support.ts';

const mia = demoPerson('mia');
const pat = demoPerson('pat');
const noah = demoPerson('noah');
const olivia = demoPerson('olivia');

for (const backend of testBackends()) {
  describe(`deleting an account, from request to proof, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let credentials: AppCredentials;
    let miaBefore: Record<string, unknown>;
    before(async () => {
      const webhooks = [
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a descriptor URL variable, filled in by Veil.
        { event: 'user_deleted', url: '/webhooks/deleted?id=${modifiedUser.accountId}' },
        { event: 'user_updated', url: '/webhooks/updated' },
      ];
      ({ veil, app } = await startConnectTestbed(
        backend,
        { app: { webhooks } },
        { config: { movableClock: true } },
      ));
      credentials = app.credentials();
      const legacy = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/acme/accounts/${demoIds.mia}`,
        as: pat,
        body: { username: 'mkrystof', userKey: 'JIRAUSER10042' },
      });
      assert.equal(legacy.statusCode, 200, legacy.body);
      miaBefore = (await veil.request({ url: '/veil/v1/me', as: mia })).json();
    });
    after(() => veil.close());

    const report = (accountIds: string[]) => {
      const url = '/rest/atlassian-connect/latest/report-accounts';
      const updatedAt = veil.clock.now().toISOString();
      return veil.request({
        method: 'POST',
        url,
        headers: { authorization: `JWT ${signAppRequest(credentials, veil, 'POST', url)}` },
        body: { accounts: accountIds.map((accountId) => ({ accountId, updatedAt })) },
      });
    };
    const advance = (duration: string) =>
      veil.request({ method: 'POST', url: '/veil/v1/clock/advance', as: pat, body: { duration } });

    it('deactivates at once and keeps everything while the deletion waits, then cancels it', async () => {
      const requested = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: mia });
      assert.equal(requested.statusCode, 202, requested.body);
      const deletion = requested.json();
      assert.equal(deletion.status, 'pending');
      assert.deepEqual(deletion.requestedBy, { role: 'self', accountId: demoIds.mia });
      assert.equal(deletion.eraseAt, '2026-12-06T12:00:00.000Z', 'fourteen days from the request');

      const me = await veil.request({ url: '/veil/v1/me', as: mia });
      assert.equal(me.statusCode, 200, 'the person can still see their account');
      assert.equal(me.json().status, 'deletion-requested');
      const signedIn = await veil.request({ url: '/rest/api/3/myself', as: mia });
      assert.equal(signedIn.statusCode, 401, 'a deactivated account cannot sign in to the products');

      const seen = await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.mia}`, as: noah });
      assert.equal(seen.statusCode, 200, 'GET /user still answers');
      assert.equal(seen.json().active, false);
      assert.equal(
        seen.json().displayName,
        'Mia Krystof',
        'the personal data is kept during the grace period',
      );
      const found = await veil.request({ url: '/rest/api/3/user/search?query=mia', as: noah });
      assert.ok(!found.body.includes(demoIds.mia), 'an inactive account is not found to assign or mention');

      const again = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: mia });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'deletion.already_requested');

      const cancelled = await veil.request({ method: 'DELETE', url: '/veil/v1/me/deletion', as: mia });
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json().status, 'cancelled');
      const after = (await veil.request({ url: '/veil/v1/me', as: mia })).json();
      assert.deepEqual(
        after,
        miaBefore,
        'the account is intact: status, profile, settings, sites and groups',
      );
      assert.equal((await veil.request({ url: '/rest/api/3/myself', as: mia })).statusCode, 200);
    });

    it('erases the account when the clock passes the deadline, and proves it', async () => {
      assert.equal((await report([demoIds.mia])).statusCode, 204, 'the app stores Mia; nothing to do yet');
      const avatarKey = /avatars\/([^?]+)/.exec(
        String((miaBefore.profile as Record<string, string>).avatarUrl),
      )?.[1];
      assert.ok(avatarKey, "Mia sees her own avatar's key");
      const requested = await veil.request({ method: 'POST', url: '/veil/v1/me/deletion', as: mia });
      assert.equal(requested.statusCode, 202);
      const early = await advance('P13DT23H');
      assert.equal(early.statusCode, 200, early.body);
      assert.equal(
        (await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.mia}`, as: noah })).json()
          .displayName,
        'Mia Krystof',
        'not a second before the deadline',
      );
      assert.equal((await advance('PT1H')).statusCode, 200);

      const proof = await veil.request({ url: `/veil/v1/accounts/${demoIds.mia}/erasure-report`, as: pat });
      assert.equal(proof.statusCode, 200, proof.body);
      const erasure = proof.json();
      assert.equal(erasure.clean, true, JSON.stringify(erasure.scan));
      assert.deepEqual(erasure.unreviewedTables, []);
      assert.deepEqual(erasure.scan.matches, []);
      assert.ok(erasure.scan.tables >= 25 && erasure.scan.columns > 50, 'the whole database was scanned');
      assert.equal(erasure.attempts, 1);
      assert.deepEqual(erasure.requestedBy, { role: 'self', accountId: demoIds.mia });
      const outcome = (table: string) => erasure.tables.find((t: { table: string }) => t.table === table);
      assert.equal(outcome('accounts').action, 'scrubbed');
      assert.equal(outcome('group_members').rows, 4, 'three groups on acme and one on globex');
      assert.equal(outcome('api_tokens').rows, 1);
      assert.deepEqual(outcome('site_accounts'), { table: 'site_accounts', action: 'rewritten', rows: 1 });
      assert.equal(
        erasure.scan.valuesSearched,
        6,
        'email, full and public name, avatar key, username, userKey',
      );
      for (const value of ['mia@acme.test', 'Krystof', avatarKey, 'Sydney'])
        assert.ok(!proof.body.toLowerCase().includes(value.toLowerCase()), `the report holds no "${value}"`);

      assert.deepEqual(erasure.appsNotified, [{ appKey: 'com.example.test-app', siteId: 'acme' }]);
      await veil.app.jobs.runDue();
      const told = app.webhooks.filter((w) => w.body.webhookEvent === 'user_deleted');
      assert.equal(told.length, 1, 'the app is told once');
      const [deleted] = told as [(typeof told)[number]];
      assert.equal(deleted.problem, undefined, 'signed as the app expects');
      assert.equal(deleted.target, `/webhooks/deleted?id=${demoIds.mia}`);
      assert.equal((deleted.body.user as Record<string, unknown>).accountId, demoIds.mia);
      assert.ok(!JSON.stringify(deleted.body).includes('Krystof'), 'and told nothing else');
      const updates = app.webhooks.filter((w) => w.body.webhookEvent === 'user_updated');
      assert.equal(
        updates.length,
        3,
        'requested, cancelled, requested again: each change of status is announced',
      );
      for (const update of updates)
        assert.equal((update.body.user as Record<string, unknown>).active, false, 'rendered when sent');

      const leftovers = await findValuesInDatabase(veil.store.db, [
        'mia@acme.test',
        'Mia Krystof',
        'Krystof',
        avatarKey,
      ]);
      assert.deepEqual(leftovers, [], 'no table holds the erased values');
    });

    it('renders the account as "Former user" on every endpoint, for every viewer', async () => {
      const viewers = [
        { label: 'noah', as: noah, host: 'acme.localhost' },
        { label: 'olivia (was her admin)', as: olivia, host: 'acme.localhost' },
        { label: 'pat', as: pat, host: 'acme.localhost' },
        { label: 'sofia@globex', as: demoPerson('sofia'), host: 'globex.localhost' },
        { label: 'anonymous@globex', host: 'globex.localhost' },
      ];
      let checked = 0;
      for (const viewer of viewers) {
        for (const representation of representationsOf(demoIds.mia)) {
          const response = await veil.request({
            method: representation.method,
            url: representation.url,
            ...(representation.body ? { body: representation.body } : {}),
            ...(viewer.as ? { as: viewer.as } : {}),
            headers: { host: viewer.host },
          });
          if (response.statusCode === 401 || response.statusCode === 403) continue;
          assert.equal(response.statusCode, 200, `${viewer.label} ${representation.url}: ${response.body}`);
          const user = representation.pick(response.json(), demoIds.mia);
          assert.ok(user, `${viewer.label} finds the accountId in ${representation.url}`);
          assertFormerUser(user, representation.surface, `${viewer.label} ${representation.url}`);
          checked++;
        }
      }
      assert.ok(checked >= 40, `only ${checked} representations were checked`);
      const groups = await veil.request({ url: `/rest/api/3/user/groups?accountId=${demoIds.mia}`, as: pat });
      assert.deepEqual(groups.json(), [], 'no groups');
      const memberOf = await veil.request({
        url: `/wiki/rest/api/user/memberof?accountId=${demoIds.mia}`,
        as: pat,
      });
      assert.equal(memberOf.json().results.length, 0);
      const members = await veil.request({
        url: '/rest/api/3/group/member?groupname=developers&includeInactiveUsers=true',
        as: pat,
      });
      assert.ok(!members.body.includes(demoIds.mia), 'no longer a member of any group');
      const asApp = `/rest/api/3/user?accountId=${demoIds.mia}`;
      const byApp = await veil.request({
        url: asApp,
        headers: { authorization: `JWT ${signAppRequest(credentials, veil, 'GET', asApp)}` },
      });
      assertFormerUser(byApp.json(), 'tracker', 'the app');
    });

    it('lets no search find the old name or email, and frees the email for a new account', async () => {
      for (const query of ['Mia', 'Krystof', 'Mia Krystof', 'mia@acme.test', 'mia@']) {
        for (const url of searchesFor(query)) {
          for (const as of [pat, noah, olivia]) {
            const response = await veil.request({ url, as });
            assert.equal(response.statusCode, 200, `${url}: ${response.body}`);
            assert.ok(!response.body.includes(demoIds.mia), `${url} finds the former user by "${query}"`);
          }
        }
      }
      const signIn = await veil.request({ url: '/veil/v1/me', as: mia });
      assert.equal(signIn.statusCode, 401, 'the old credentials lead nowhere');
      const again = await createAccountThroughApi(veil, { email: 'mia@acme.test', fullName: 'Mia Krystof' });
      assert.equal(again.statusCode, 201, again.body);
      assert.notEqual(again.json().accountId, demoIds.mia, 'a new person, a new accountId');
    });

    it('answers `closed` to an app that reported the account, and the report says so', async () => {
      const tooSoon = await report([demoIds.mia]);
      assert.equal(tooSoon.statusCode, 429, 'reported fourteen days ago: within the fifteen-day cycle');
      assert.equal((await advance('P1D')).statusCode, 200);
      const answered = await report([demoIds.mia, demoIds.noah]);
      assert.equal(answered.statusCode, 200, answered.body);
      assert.deepEqual(answered.json(), { accounts: [{ accountId: demoIds.mia, status: 'closed' }] });
      const proof = (
        await veil.request({ url: `/veil/v1/accounts/${demoIds.mia}/erasure-report`, as: pat })
      ).json();
      assert.deepEqual(
        proof.appsAnsweredClosed.map((a: { appKey: string }) => a.appKey),
        ['com.example.test-app'],
      );
    });
  });
}

/** A deleted account as each API shows it: "Former user", the anonymous avatar, inactive, nothing else. */
function assertFormerUser(user: Record<string, unknown>, surface: string, where: string) {
  assert.equal(user.accountId, demoIds.mia, where);
  assert.equal(user.displayName, 'Former user', where);
  for (const key of ['emailAddress', 'timeZone', 'locale', 'fullName', 'jobTitle', 'location', 'department'])
    if (surface !== 'wiki-v1' || key !== 'timeZone') assert.equal(key in user, false, `${where}: ${key}`);
  if (surface === 'tracker') {
    assert.equal(user.active, false, where);
    const avatars = Object.values(user.avatarUrls as Record<string, string>);
    assert.ok(
      avatars.every((url) => url.includes('/avatars/anonymous')),
      where,
    );
    if (user.groups) assert.deepEqual(user.groups, { size: 0, items: [] }, where);
    if (user.applicationRoles) assert.deepEqual(user.applicationRoles, { size: 0, items: [] }, where);
  } else if (surface === 'wiki-v1') {
    assert.equal(user.publicName, 'unknown', where);
    assert.equal(user.email, '', where);
    assert.equal(user.timeZone, '', where);
    const picture = user.profilePicture as Record<string, unknown>;
    assert.match(String(picture.path), /\/avatars\/anonymous/, where);
    assert.equal(picture.isDefault, true, where);
    if (user.operations) assert.deepEqual(user.operations, [], where);
  } else if (surface === 'wiki-v2') {
    assert.equal(user.accountStatus, 'closed', where);
    assert.equal(user.publicName, 'unknown', where);
    assert.equal(user.email, '', where);
  } else {
    assert.equal(user.active, false, where);
    assert.equal(user.status, 'deleted', where);
    assert.match(String(user.avatarUrl), /\/avatars\/anonymous/, where);
  }
}
