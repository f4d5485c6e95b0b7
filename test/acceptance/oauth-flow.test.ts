/**
 * The whole 3LO flow as an app and a person live it, against a real `veil start` (with a movable
 * clock): the consent page in Chromium (signing in on the way and coming back), the code exchanged and
 * refreshed with oauth4webapi, the gateway called with jira.js unmodified, the rotation's reuse inside
 * and outside its leeway, and the revocation on the Connected apps page, after which the refresh fails.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createCloudClient } from 'jira.js';
import * as oauth from 'oauth4webapi';
import type { Page } from 'playwright-core';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { ListeningVeil } from '../connect/connect-support.ts';
import { authorizeUrl, exchangeCode, postToken, refresh, testClient } from '../oauth/oauth-support.ts';
import { type Browser, startBrowser } from '../pages/browser-support.ts';
import { type ProcessStore, testBackends } from '../support/backends.ts';
import { demoIds } from '../support/test-veil.ts';
import { basicAuth, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const scopes = ['read:me', 'read:jira-user', 'read:jira-work', 'offline_access'];

/** The demo world with the test's OAuth app, as a scenario file for `veil start`. */
async function writeScenario(dir: string): Promise<string> {
  const { scenario } = await readScenarioFile(demoScenarioPath);
  const file = join(dir, 'world.json');
  await writeFile(file, JSON.stringify({ ...scenario, oauthApps: [{ ...testClient, scopes }] }));
  return file;
}

/** Drives the consent in the browser; the callback URL the app receives (intercepted, never fetched). */
async function consentInBrowser(page: Page, veilUrl: string): Promise<URL> {
  let callback: URL | undefined;
  await page.route(`${testClient.callbackUrl}**`, (route) => {
    callback = new URL(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'the app got its code' });
  });
  await page.goto(authorizeUrl({ url: veilUrl } as ListeningVeil, { scope: scopes.join(' ') }));
  if (await page.getByRole('heading', { name: 'Sign in to continue' }).isVisible()) {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByLabel('Email address').fill('mia@acme.test');
    await page.getByLabel('API token').fill('demo-token-mia');
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByRole('heading', { name: `${testClient.name} wants to access your account` }).waitFor();
  await page.getByRole('radio', { name: /acme/ }).check();
  await page.getByRole('button', { name: 'Accept' }).click();
  await page.getByText('the app got its code').waitFor();
  assert.ok(callback, 'the browser went to the callback');
  return callback;
}

for (const backend of testBackends()) {
  describe(`the 3LO flow in Chromium against veil start, on ${backend.name}`, () => {
    let dir: string;
    let store: ProcessStore;
    let veil: VeilProcess;
    let browser: Browser;
    let page: Page;
    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'veil-oauth-flow-'));
      store = await backend.openForProcess();
      const scenario = await writeScenario(dir);
      // PGlite in memory (its folder store is tested elsewhere): the quickest start on a busy machine.
      const storeArgs = backend.name === 'pglite' ? ['--memory'] : store.args;
      veil = await startVeilProcess([...storeArgs, '--scenario', scenario, '--port', '0', '--movable-clock']);
      browser = await startBrowser();
      page = await browser.newPage();
    });
    after(async () => {
      await browser?.close();
      await veil?.stop();
      await store?.drop();
      await rm(dir, { recursive: true, force: true });
    });

    const listening = () => ({ url: veil.url }) as ListeningVeil;
    const advance = (duration: string) =>
      fetch(`${veil.url}/veil/v1/clock/advance`, {
        method: 'POST',
        headers: { ...basicAuth('pat@veil.test', 'demo-token-pat'), 'content-type': 'application/json' },
        body: JSON.stringify({ duration }),
      });

    it('signs in on the way, consents for one site, calls the gateway with jira.js, and rotates', async () => {
      const tokens = await exchangeCode(listening(), await consentInBrowser(page, veil.url));
      assert.ok(tokens.refresh_token);
      const sites = (await (
        await fetch(`${veil.url}/oauth/token/accessible-resources`, {
          headers: { authorization: `Bearer ${tokens.access_token}` },
        })
      ).json()) as { id: string; name: string }[];
      assert.deepEqual(
        sites.map((site) => site.name),
        ['acme'],
      );
      const cloudId = sites[0]?.id ?? '';
      const jira = createCloudClient({
        host: `${veil.url}/ex/jira/${cloudId}`,
        auth: { type: 'bearer', token: tokens.access_token },
        onSchemaMismatch: 'throw',
      });
      const me = await jira.myself.getCurrentUser();
      assert.equal(me.accountId, demoIds.mia);
      assert.equal(me.emailAddress, 'mia@acme.test', 'she consented: the app sees her whole');
      const noah = await jira.users.getUser({ accountId: demoIds.noah });
      assert.equal(noah.emailAddress, undefined, 'Noah did not consent: his hidden email stays hidden');

      const first = await refresh(listening(), tokens.refresh_token);
      assert.notEqual(first.refresh_token, tokens.refresh_token, 'the refresh token rotates');
      const inside = await refresh(listening(), tokens.refresh_token);
      assert.ok(inside.access_token, 'reused inside the 10-minute leeway: a fresh pair');
      assert.equal((await advance('PT11M')).status, 200);
      const outside = await postToken(listening(), {
        grant_type: 'refresh_token',
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        refresh_token: tokens.refresh_token,
      });
      assert.equal(outside.status, 403);
      assert.equal(outside.body.error, 'invalid_grant');
      await assert.rejects(refresh(listening(), first.refresh_token ?? ''), oauth.ResponseBodyError);
    });

    it('revokes on the Connected apps page, after which the next refresh fails', async () => {
      const tokens = await exchangeCode(listening(), await consentInBrowser(page, veil.url));
      await page.goto(`${veil.url}/connected-apps`);
      await page.getByRole('heading', { level: 2, name: testClient.name }).waitFor();
      await page.getByRole('button', { name: `Revoke access of ${testClient.name}` }).click();
      await page.getByText(`Revoked the access of ${testClient.name}.`).waitFor();
      await page.getByText('You have not allowed any app to act for you.').waitFor();
      const next = await postToken(listening(), {
        grant_type: 'refresh_token',
        client_id: testClient.clientId,
        client_secret: testClient.clientSecret,
        refresh_token: tokens.refresh_token ?? '',
      });
      assert.equal(next.status, 403);
      assert.deepEqual(next.body, {
        error: 'invalid_grant',
        error_description: 'Unknown or invalid refresh token.',
      });
      const me = await fetch(`${veil.url}/me`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      });
      assert.equal(me.status, 401, 'its access token ended at once');
    });
  });
}
