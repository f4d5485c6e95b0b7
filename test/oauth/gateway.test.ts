import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import { cloudIdOf } from '../../src/sites/sites.model.ts';
import type { Viewer } from '../../src/visibility/visibility.ts';
import { type ListeningVeil, startListeningVeil } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import {
  demoIssueKeys,
  fieldValues,
  findLeaks,
  issueRepresentationsOf,
  representationsOf,
  valuesVisibleTo,
} from '../support/privacy.ts';
import { demoIds } from '../support/test-veil.ts';
import { consentAndGetCallback, exchangeCode, signIn, testClient } from './oauth-support.ts';

const gatewayScopes = [
  'read:me',
  'read:jira-user',
  'read:jira-work',
  'write:jira-work',
  'read:confluence-user',
  'offline_access',
];
const acme = cloudIdOf('acme');
const globex = cloudIdOf('globex');

/** The demo world with the test's OAuth app registered for every scope the gateway tests ask for. */
async function startGatewayVeil(backend: Parameters<typeof startListeningVeil>[0]) {
  const { scenario } = await readScenarioFile(demoScenarioPath);
  return startListeningVeil(backend, {
    scenario: { ...scenario, oauthApps: [{ ...testClient, scopes: gatewayScopes }] },
  });
}

/** A person's consent to the app on acme with `scope`, exchanged: the access token. */
async function tokenFor(veil: ListeningVeil, name: string, scope: string): Promise<string> {
  const cookie = await signIn(
    veil,
    `${name}@${name === 'noah' ? 'example.com' : 'acme.test'}`,
    `demo-token-${name}`,
  );
  const callback = await consentAndGetCallback(veil, cookie, { scope });
  return (await exchangeCode(veil, callback)).access_token;
}

async function call(veil: ListeningVeil, token: string | undefined, path: string, init: RequestInit = {}) {
  const response = await fetch(`${veil.url}${path}`, {
    ...init,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(init.body ? { 'content-type': 'application/json' } : {}),
    },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

for (const backend of testBackends()) {
  describe(`the API gateway on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let mia: string;
    let narrow: string;
    before(async () => {
      veil = await startGatewayVeil(backend);
      mia = await tokenFor(veil, 'mia', gatewayScopes.join(' '));
    });
    after(() => veil.close());

    it('serves the tracker and the wiki for a token of a grant that includes the site', async () => {
      const myself = await call(veil, mia, `/ex/jira/${acme}/rest/api/3/myself`);
      assert.equal(myself.status, 200, JSON.stringify(myself.body));
      assert.equal(myself.body.accountId, demoIds.mia);
      assert.equal(myself.body.emailAddress, 'mia@acme.test', 'she consented: the app sees her whole');
      const v2 = await call(veil, mia, `/ex/jira/${acme}/rest/api/2/user?accountId=${demoIds.mia}`);
      assert.equal(v2.status, 200);
      assert.equal(v2.body.emailAddress, 'mia@acme.test');
      const wiki = await call(veil, mia, `/ex/confluence/${acme}/wiki/rest/api/user/current`);
      assert.equal(wiki.status, 200, JSON.stringify(wiki.body));
      assert.equal(wiki.body.accountId, demoIds.mia);
      const issue = await call(veil, mia, `/ex/jira/${acme}/rest/api/3/issue/ACME-1`);
      assert.equal(issue.status, 200);
    });

    it('refuses a missing scope, the site own URL, a site outside the grant, and other credentials', async () => {
      narrow = await tokenFor(veil, 'olivia', 'read:jira-user');
      const noScope = await call(veil, narrow, `/ex/jira/${acme}/rest/api/3/issue/ACME-1`);
      assert.deepEqual(noScope, {
        status: 401,
        body: { code: 401, message: 'Unauthorized; scope does not match' },
      });
      assert.equal((await call(veil, narrow, `/ex/jira/${acme}/rest/api/3/myself`)).status, 200);
      const own = await call(veil, mia, '/rest/api/3/myself');
      assert.equal(own.status, 401);
      const outside = await call(veil, mia, `/ex/jira/${globex}/rest/api/3/myself`);
      assert.equal(outside.status, 403);
      assert.equal(outside.body.code, 403);
      assert.match(outside.body.message, /does not include the cloud id/);
      assert.equal((await call(veil, mia, '/ex/jira/not-a-cloud-id/rest/api/3/myself')).status, 403);
      assert.equal((await call(veil, undefined, `/ex/jira/${acme}/rest/api/3/myself`)).status, 401);
      const basic = await fetch(`${veil.url}/ex/jira/${acme}/rest/api/3/myself`, {
        headers: { authorization: `Basic ${Buffer.from('mia@acme.test:demo-token-mia').toString('base64')}` },
      });
      assert.equal(basic.status, 401);
      assert.equal((await call(veil, mia, `/ex/jira/${acme}/wiki/rest/api/user/current`)).status, 404);
      const climbing = await fetch(`${veil.url}/ex/jira/${acme}/rest/%2e%2e/veil/v1/me`, {
        headers: { authorization: `Bearer ${mia}` },
      });
      assert.equal(climbing.status, 404, 'no way out of the product root');
    });

    it('writes as the person, within the write rules', async () => {
      const comment = await call(veil, mia, `/ex/jira/${acme}/rest/api/2/issue/ACME-1/comment`, {
        method: 'POST',
        body: JSON.stringify({ body: 'Through the gateway' }),
      });
      assert.equal(comment.status, 201, JSON.stringify(comment.body));
      assert.equal(comment.body.author.accountId, demoIds.mia);
      const bad = await call(veil, mia, `/ex/jira/${acme}/rest/api/2/issue/ACME-1/comment`, {
        method: 'POST',
        body: JSON.stringify({ nobody: true }),
      });
      assert.equal(bad.status, 400);
      assert.ok(bad.body.errorMessages, 'the tracker error body');
    });

    it('shows the app every field of those who consented, while it stands, and finds them by it', async () => {
      const liamBefore = await call(veil, mia, `/ex/jira/${acme}/rest/api/3/user?accountId=${demoIds.liam}`);
      assert.equal(liamBefore.body.emailAddress, undefined);
      const search = (query: string) =>
        call(veil, mia, `/ex/jira/${acme}/rest/api/3/user/search?query=${query}`).then((r) =>
          r.body.map((u: { accountId: string }) => u.accountId),
        );
      assert.deepEqual(await search('liam@acme'), [], 'a hidden email finds nobody');
      const liamCookie = await signIn(veil, 'liam@acme.test', 'demo-token-liam');
      await consentAndGetCallback(veil, liamCookie, { scope: 'read:jira-user' });
      const liamAfter = await call(veil, mia, `/ex/jira/${acme}/rest/api/3/user?accountId=${demoIds.liam}`);
      assert.equal(liamAfter.body.emailAddress, 'liam@acme.test', 'Liam consented to the app');
      assert.deepEqual(await search('liam@acme'), [demoIds.liam]);
      const revoke = await fetch(`${veil.url}/veil/v1/me/connected-apps/${testClient.clientId}`, {
        method: 'DELETE',
        headers: {
          authorization: `Basic ${Buffer.from('liam@acme.test:demo-token-liam').toString('base64')}`,
        },
      });
      assert.ok(revoke.status < 300, `revoke: ${revoke.status}`);
      const liamRevoked = await call(veil, mia, `/ex/jira/${acme}/rest/api/3/user?accountId=${demoIds.liam}`);
      assert.equal(liamRevoked.body.emailAddress, undefined, 'his consent is gone');
      assert.deepEqual(await search('liam@acme'), []);
    });

    it('never lets a field out that the app may not see, through any user or issue representation', async () => {
      const accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      const viewer: Viewer = {
        kind: 'oauth-app',
        clientId: testClient.clientId,
        actingAs: demoIds.mia,
        consentedAccountIds: new Set([demoIds.mia, demoIds.olivia]),
      };
      const visible = valuesVisibleTo(accounts, viewer);
      const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
        (value) => !visible.has(value) && value !== 'acme',
      );
      const requests: { method: string; url: string; body?: unknown }[] = [
        ...accounts.flatMap((a) => representationsOf(a.accountId)),
        ...demoIssueKeys.flatMap(issueRepresentationsOf),
      ].filter((request) => !request.url.startsWith('/veil/'));
      let checked = 0;
      for (const request of requests) {
        const product = request.url.startsWith('/wiki/') ? 'confluence' : 'jira';
        const response = await call(veil, mia, `/ex/${product}/${acme}${request.url}`, {
          method: request.method,
          ...(request.body ? { body: JSON.stringify(request.body) } : {}),
        });
        if (response.status >= 400) continue;
        assert.deepEqual(findLeaks(response.body, hidden, visible), [], request.url);
        checked++;
      }
      assert.ok(checked > 80, `only ${checked} responses were checked`);
    });

    it("records the app's reads in the person's access log, under its name", async () => {
      await call(veil, mia, `/ex/jira/${acme}/rest/api/3/user?accountId=${demoIds.noah}`);
      const noahCookie = await signIn(veil, 'noah@example.com', 'demo-token-noah');
      const log = await fetch(`${veil.url}/veil/v1/me/access-log`, { headers: { cookie: noahCookie } });
      const reads = ((await log.json()) as { profileReads: { appKey: string; appName: string }[] })
        .profileReads;
      assert.ok(
        reads.some((read) => read.appKey === testClient.clientId && read.appName === testClient.name),
        JSON.stringify(reads),
      );
    });
  });
}
