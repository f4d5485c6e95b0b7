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
const appKey = 'com.example.project-reader';
// Project keys and names are the sites' words, not anyone's organization.
const siteWords = new Set(['acme', 'globex']);

/** Every representation of the projects that embeds people, on acme (and GLX on globex). */
function projectRepresentations(): { url: string; host?: string }[] {
  const urls = ['2', '3'].flatMap((v) => [
    ...['ACME', 'HELP'].flatMap((key) => [
      `/rest/api/${v}/project/${key}`,
      `/rest/api/${v}/project/${key}/components`,
      `/rest/api/${v}/project/${key}/component`,
      ...['10000', '10001', '10002'].map((role) => `/rest/api/${v}/project/${key}/role/${role}`),
    ]),
    `/rest/api/${v}/project?expand=lead,description`,
    `/rest/api/${v}/project/search?expand=lead,description`,
    ...['10000', '10001', '10002', '10003'].map((id) => `/rest/api/${v}/component/${id}`),
  ]);
  const globex = [
    '/rest/api/3/project/GLX',
    '/rest/api/3/project/GLX/role/10000',
    '/rest/api/3/component/10004',
  ];
  return [...urls.map((url) => ({ url })), ...globex.map((url) => ({ url, host: 'globex.localhost' }))];
}

function hiddenFrom(accounts: Account[], viewer: Viewer) {
  const visible = valuesVisibleTo(accounts, viewer);
  const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
    (value) => !visible.has(value) && !siteWords.has(value),
  );
  return { visible, hidden };
}

for (const backend of testBackends()) {
  describe(`privacy of projects, components and roles on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let accounts: Account[];
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, { app: { key: appKey, scopes: ['READ'] } }));
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
    });
    after(() => veil.close());

    it('shows no viewer, person or app, a hidden field of anyone embedded in a project', async () => {
      let checked = 0;
      for (const name of people) {
        const account = accounts.find((a) => a.accountId === demoIds[name]);
        assert.ok(account);
        const { visible, hidden } = hiddenFrom(
          accounts,
          (await callerForAccount(veil.store.db, account)).viewer,
        );
        for (const { url, host } of projectRepresentations()) {
          const response = await veil.request({ url, as: demoPerson(name), headers: host ? { host } : {} });
          if (response.statusCode >= 400) continue;
          assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `${name} in ${url}`);
          checked++;
        }
      }
      const appAccountId = (
        await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') })
      ).json()[0].accountId;
      const { visible, hidden } = hiddenFrom(accounts, { kind: 'app', appKey, accountId: appAccountId });
      for (const { url, host } of projectRepresentations().filter((r) => !r.host)) {
        const jwt = signAppRequest(app.credentials(), veil, 'GET', url, { iss: appKey });
        const response = await veil.request({ url, headers: { authorization: `JWT ${jwt}` } });
        assert.equal(response.statusCode, 200, `the app: ${url} ${host ?? ''} ${response.body}`);
        assert.deepEqual(findLeaks(response.json(), hidden, visible), [], `the app in ${url}`);
        checked++;
      }
      assert.ok(checked > 250, `only ${checked} responses were checked`);
    });

    it('renders a role actor by the name the caller may see, and a deactivated lead inactive', async () => {
      const role = (
        await veil.request({ url: '/rest/api/3/project/ACME/role/10000', as: demoPerson('mia') })
      ).json();
      const ethan = role.actors.find(
        (a: { actorUser?: { accountId: string } }) => a.actorUser?.accountId === demoIds.ethan,
      );
      const user = (
        await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.ethan}`, as: demoPerson('mia') })
      ).json();
      assert.equal(ethan.displayName, user.displayName);
      const frontend = (
        await veil.request({ url: '/rest/api/3/component/10001', as: demoPerson('mia') })
      ).json();
      assert.equal(frontend.lead.accountId, demoIds.ethan);
      assert.equal(frontend.lead.active, false);
    });

    it('erases a person: leads keep the accountId as "Former user", role memberships go, the scan is clean', async () => {
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${demoIds.noah}/deletion`,
        as: demoPerson('pat'),
        body: { gracePeriod: 'PT0S', confirm: demoIds.noah },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const proof = await veil.request({
        url: `/veil/v1/accounts/${demoIds.noah}/erasure-report`,
        as: demoPerson('pat'),
      });
      assert.equal(proof.statusCode, 200, proof.body);
      assert.deepEqual(proof.json().scan.matches, [], 'the whole-database scan finds none of his values');
      assert.equal(proof.json().clean, true);
      const actors = await veil.store.db
        .selectFrom('project_role_actors')
        .select('actor_id')
        .where('account_id', '=', demoIds.noah)
        .execute();
      assert.equal(actors.length, 0, 'his role memberships went');
      const backend = (
        await veil.request({ url: '/rest/api/3/component/10000', as: demoPerson('mia') })
      ).json();
      assert.equal(backend.leadAccountId, demoIds.noah);
      assert.equal(backend.lead.accountId, demoIds.noah);
      assert.equal(backend.lead.displayName, 'Former user');
      assert.equal(backend.isAssigneeTypeValid, false);
      const edited = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/project/HELP',
        as: demoPerson('olivia'),
        body: { leadAccountId: demoIds.noah },
      });
      assert.equal(edited.statusCode, 400, 'a former user cannot be made a lead');
      const role = (
        await veil.request({ url: '/rest/api/3/project/ACME/role/10000', as: demoPerson('mia') })
      ).json();
      assert.ok(!JSON.stringify(role).includes(demoIds.noah));
      assert.doesNotMatch(JSON.stringify([backend, role]), /Noah|Brenner|noah@example/);
    });
  });
}
