import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Account } from '../../src/accounts/accounts.model.ts';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import {
  demoIssueKeys,
  fieldValues,
  findLeaks,
  issueRepresentationsOf,
  representationsOf,
  valuesVisibleTo,
} from '../support/privacy.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  type ListeningVeil,
  signAppRequest,
  signImpersonationAssertion,
  type TestApp,
} from './connect-support.ts';

const appKey = 'com.example.curious';
const actedFor = ['olivia', 'mia', 'liam', 'noah', 'sofia'] as const;

/** How the app calls: as itself (its JWT), or acting for a person (a bearer token). */
interface AppCall {
  readonly label: string;
  headers(method: string, url: string): Record<string, string>;
}

/** The requests an app makes that render users, beyond those that render one account. */
function listRequests(): { method: 'GET' | 'POST'; url: string; body?: unknown }[] {
  return [
    { method: 'GET', url: '/rest/api/3/myself' },
    { method: 'GET', url: '/rest/api/2/myself?expand=groups' },
    { method: 'GET', url: '/rest/api/3/user/search?query=a' },
    { method: 'GET', url: '/rest/api/3/user/picker?query=o&showAvatar=true' },
    { method: 'GET', url: '/rest/api/3/user/assignable/search?project=ACME' },
    { method: 'GET', url: '/rest/api/3/user/assignable/multiProjectSearch?projectKeys=ACME' },
    { method: 'GET', url: '/rest/api/3/user/viewissue/search?projectKey=ACME&query=' },
    { method: 'GET', url: '/rest/api/3/user/permission/search?permissions=BROWSE_PROJECTS&projectKey=ACME' },
    { method: 'GET', url: '/rest/api/3/group/member?groupname=developers' },
    { method: 'GET', url: '/rest/api/2/group?groupname=jira-users&expand=users' },
    { method: 'GET', url: '/wiki/rest/api/user/current' },
    { method: 'GET', url: `/wiki/rest/api/user/memberof?accountId=${demoIds.mia}` },
  ];
}

/**
 * The privacy promise to people about apps: no app sees a field that is not public — through any
 * endpoint, acting for itself or for a person (whatever that person could see), in any webhook — except
 * an email address, read by an app approved for the Email API through that API.
 */
for (const backend of testBackends()) {
  describe(`what apps see, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    let accounts: Account[];
    let viewer: Viewer;
    const calls: AppCall[] = [];
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: {
          key: appKey,
          scopes: ['READ', 'ADMIN', 'ACT_AS_USER', 'ACCESS_EMAIL_ADDRESSES'],
          webhooks: [
            { event: 'user_updated', url: '/webhooks/updated' },
            { event: 'user_created', url: '/webhooks/created' },
          ],
        },
      }));
      const approve = await veil.request({
        method: 'PUT',
        url: `/veil/v1/apps/${appKey}/email-api`,
        as: demoPerson('olivia'),
        body: { useCases: ['Digest emails'] },
      });
      assert.equal(approve.statusCode, 200, approve.body);
      const decided = await veil.request({
        method: 'POST',
        url: `/veil/v1/apps/${appKey}/email-api/decision`,
        as: demoPerson('pat'),
        body: { status: 'approved' },
      });
      assert.equal(decided.statusCode, 200, decided.body);
      accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      const appAccountId = (
        await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') })
      ).json()[0].accountId;
      viewer = { kind: 'app', appKey, accountId: appAccountId };
      calls.push({
        label: 'the app',
        headers: (method, url) => ({
          authorization: `JWT ${signAppRequest(app.credentials(), veil, method, url, { iss: appKey })}`,
        }),
      });
      for (const name of actedFor) {
        const token = await veil.request({
          method: 'POST',
          url: '/oauth2/token',
          body: {
            grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
            assertion: signImpersonationAssertion(app, veil, demoIds[name]),
          },
        });
        assert.equal(token.statusCode, 200, token.body);
        calls.push({
          label: `the app acting for ${name}`,
          headers: () => ({ authorization: `Bearer ${token.json().access_token}` }),
        });
      }
    });
    after(() => veil.close());

    it('never lets a non-public field out through the user APIs, acting for itself or for anyone', async () => {
      const visibleToApp = valuesVisibleTo(accounts, viewer);
      const hiddenFromApp = [
        ...new Set(accounts.flatMap((account) => fieldValues(account, viewer, false))),
      ].filter((value) => !visibleToApp.has(value));
      const requests = [...accounts.flatMap((a) => representationsOf(a.accountId)), ...listRequests()];
      let checked = 0;
      for (const call of calls) {
        for (const request of requests) {
          const response = await veil.request({
            ...request,
            headers: call.headers(request.method, request.url),
          });
          if (response.statusCode >= 400) continue;
          assert.deepEqual(
            findLeaks(response.json(), hiddenFromApp, visibleToApp),
            [],
            `${call.label}: ${request.url}`,
          );
          checked++;
        }
      }
      assert.ok(checked > 150, `only ${checked} responses were checked`);
    });

    it('never lets a non-public field out through the issues, acting for itself or for anyone', async () => {
      const visibleToApp = valuesVisibleTo(accounts, viewer);
      // The project key ACME is the site's word, not anyone's organization.
      const hiddenFromApp = [
        ...new Set(accounts.flatMap((account) => fieldValues(account, viewer, false))),
      ].filter((value) => !visibleToApp.has(value) && value !== 'acme');
      let checked = 0;
      for (const call of calls) {
        for (const request of demoIssueKeys.flatMap(issueRepresentationsOf)) {
          const response = await veil.request({
            ...request,
            headers: call.headers(request.method, request.url),
          });
          assert.equal(response.statusCode, 200, `${call.label}: ${request.url} ${response.body}`);
          assert.deepEqual(
            findLeaks(response.json(), hiddenFromApp, visibleToApp),
            [],
            `${call.label}: ${request.url}`,
          );
          checked++;
        }
      }
      assert.ok(checked > 300, `only ${checked} responses were checked`);
    });

    it('never finds anyone by a field that is not public', async () => {
      let searched = 0;
      for (const call of calls) {
        for (const account of accounts) {
          for (const value of fieldValues(account, viewer, false)) {
            if (value === account.profile.avatarKey.toLowerCase()) continue;
            const url = `/rest/api/3/user/search?query=${encodeURIComponent(value)}`;
            const response = await veil.request({ url, headers: call.headers('GET', url) });
            if (response.statusCode >= 400) continue;
            assert.ok(
              !response.body.includes(account.accountId),
              `${call.label} found ${account.accountId} by "${value}"`,
            );
            searched++;
          }
        }
      }
      assert.ok(searched > 50, `only ${searched} searches ran`);
    });

    it('tells webhooks nothing that is not public, even to an app approved for the Email API', async () => {
      for (const account of accounts.filter((a) => a.accountId !== demoIds.pat)) {
        for (const status of ['deactivated', 'active']) {
          const changed = await veil.request({
            method: 'PATCH',
            url: `/veil/v1/accounts/${account.accountId}`,
            as: demoPerson('pat'),
            body: { status },
          });
          assert.equal(changed.statusCode, 200, changed.body);
        }
      }
      await veil.app.jobs.runDue();
      const visibleToApp = valuesVisibleTo(accounts, viewer);
      let checked = 0;
      for (const webhook of app.webhooks) {
        const accountId = (webhook.body.user as { accountId: string }).accountId;
        const account = accounts.find((a) => a.accountId === accountId);
        if (!account) continue;
        assert.equal(webhook.problem, undefined);
        assert.deepEqual(
          findLeaks(webhook.body, fieldValues(account, viewer, false), visibleToApp),
          [],
          accountId,
        );
        checked++;
      }
      assert.ok(checked >= 2 * (accounts.length - 2), `only ${checked} webhooks were checked`);
    });

    it('gives emails to the approved app through the Email API only, and nothing else that is hidden', async () => {
      const emailApiViewer: Viewer = {
        kind: 'email-api-app',
        appKey,
        accountId: viewer.kind === 'app' ? viewer.accountId : '',
      };
      for (const account of accounts) {
        const url = `/rest/api/3/user/email?accountId=${account.accountId}`;
        const response = await veil.request({ url, headers: calls[0]!.headers('GET', url) });
        if (!account.profile.email) {
          assert.equal(response.statusCode, 404);
          continue;
        }
        assert.equal(response.statusCode, 200, response.body);
        assert.deepEqual(response.json(), { accountId: account.accountId, email: account.profile.email });
        const stillHidden = fieldValues(account, emailApiViewer, false);
        // The address itself is what the Email API gives ("acme" in mia@acme.test is no leak of her organization).
        const given = new Set([account.profile.email.toLowerCase()]);
        assert.deepEqual(findLeaks(response.json(), stillHidden, given), []);
        for (const acting of calls.slice(1)) {
          assert.equal(
            (await veil.request({ url, headers: acting.headers('GET', url) })).statusCode,
            401,
            acting.label,
          );
        }
      }
    });
  });
}
