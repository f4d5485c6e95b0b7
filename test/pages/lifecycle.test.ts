/**
 * The pages the life-cycle capability brought, in a real browser: a person asks for their account's
 * deletion and cancels it; an organization admin deactivates, reactivates and deletes a managed account
 * and reads the erasure report; a platform admin sees which apps report the accounts they store.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { it } from 'node:test';
import { signAppRequest } from '../connect/connect-support.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  openSignedInPage,
  signOutThroughPage,
} from './browser-support.ts';
import { pagesPeople } from './pages-scenario.ts';

describeInBrowser('deletion, deactivation and reporting in a browser', { app: {} }, (world) => {
  it('lets a person ask for deletion after saying what it does, sign in while it waits, and cancel it', async () => {
    const page = await openSignedInPage(world, 'ava@acme.test', 'demo-token-ava');
    await page.getByRole('link', { name: 'Your data' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    await page.getByRole('button', { name: 'Delete my account…' }).click();
    const confirm = page.getByRole('button', { name: 'Delete my account', exact: true });
    assert.equal(await confirm.isDisabled(), true, 'nothing happens before the person says they understand');
    await assertAccessible(page, 'privacy-confirm-deletion');
    await page.getByLabel('I understand that my data will be erased').check();
    await confirm.click();
    await page.getByRole('status').filter({ hasText: 'Your account will be deleted on' }).waitFor();
    await page.getByRole('button', { name: 'Cancel the deletion' }).waitFor();
    // The deletion and the person's status are fetched apart: the menu changes once the status is back.
    const profileLink = page.getByRole('link', { name: 'Profile and visibility' });
    await profileLink.waitFor({ state: 'detached' });
    assert.equal(await profileLink.count(), 0);
    const waiting = (await world.veil.request({ url: '/veil/v1/me/deletion', as: demoPerson('ava') })).json();
    assert.equal(waiting.status, 'pending');
    await assertAccessible(page, 'privacy-deletion-pending');

    await signOutThroughPage(page);
    await page.getByLabel('Email address', { exact: true }).fill('ava@acme.test');
    await page.getByLabel('API token', { exact: true }).fill('demo-token-ava');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    await page.goto(`${world.veil.url}/profile`);
    await page.getByRole('heading', { level: 1, name: 'Your data' }).waitFor();
    await page.getByRole('button', { name: 'Cancel the deletion' }).click();
    await page.getByRole('status').filter({ hasText: 'Cancelled: your account is kept' }).waitFor();
    await page.getByRole('link', { name: 'Profile and visibility' }).waitFor();
    const me = await world.veil.request({ url: '/veil/v1/me', as: demoPerson('ava') });
    assert.equal(me.json().status, 'active');
    assertNoPageErrors(page);
    await page.close();
  });

  it('downloads everything held about the person, and lists the apps that reported holding it', async () => {
    const reported = await fetch(`${world.veil.url}/rest/atlassian-connect/latest/report-accounts`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `JWT ${signAppRequest(world.app.credentials(), world.veil, 'POST', '/rest/atlassian-connect/latest/report-accounts')}`,
      },
      body: JSON.stringify({
        accounts: [{ accountId: demoIds.noah, updatedAt: '2026-11-22T11:00:00.000Z' }],
      }),
    });
    assert.ok(reported.status === 200 || reported.status === 204, `reported: ${reported.status}`);
    const page = await openSignedInPage(world, 'noah@example.com', 'demo-token-noah');
    await page.getByRole('link', { name: 'Your data' }).click();
    const holding = page.getByRole('region', { name: 'Apps holding your data' });
    await holding.getByText('Test App').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download your data (JSON)' }).click(),
    ]);
    const exported = JSON.parse(await readFile((await download.path())!, 'utf8'));
    const text = JSON.stringify(exported);
    assert.ok(text.includes('noah@example.com'), 'his own data is in it');
    assert.equal(text.includes('mia@acme.test'), false, 'nobody else’s');
    await assertAccessible(page, 'privacy-export-and-apps');
    assertNoPageErrors(page);
    await page.close();
  });

  it('lets an organization admin deactivate and reactivate a managed account', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/organizations/acme`);
    await page.locator('summary').filter({ hasText: 'Liam Okafor' }).click();
    await page.getByRole('button', { name: 'Deactivate Liam Okafor' }).click();
    await page.getByRole('status').filter({ hasText: 'Deactivated Liam Okafor' }).waitFor();
    assert.equal((await world.veil.request({ url: '/veil/v1/me', as: demoPerson('liam') })).statusCode, 401);
    // The row stays open through the change.
    await page.getByRole('button', { name: 'Reactivate Liam Okafor' }).click();
    await page.getByRole('status').filter({ hasText: 'Reactivated Liam Okafor' }).waitFor();
    assert.equal((await world.veil.request({ url: '/veil/v1/me', as: demoPerson('liam') })).statusCode, 200);
    assertNoPageErrors(page);
    await page.close();
  });

  it('lets an organization admin erase an account at once and read the proof', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/organizations/acme`);
    await page.locator('summary').filter({ hasText: 'Mallory' }).click();
    await page.getByRole('button', { name: /^Delete… / }).click();
    await page.getByLabel('Erase at once, without a grace period').check();
    await page.getByRole('button', { name: /^Delete .*Mallory$/ }).click();
    await page.getByRole('status').filter({ hasText: 'now.' }).waitFor();
    await world.veil.app.jobs.runDue();
    await page.goto(`${world.veil.url}/admin/accounts/${pagesPeople.mallory.id}/erasure-report`);
    await page.getByRole('heading', { name: 'Clean: none of the erased values remains' }).waitFor();
    await assertAccessible(page, 'admin-erasure-report');
    const gone = await world.veil.request({
      url: `/rest/api/3/user?accountId=${pagesPeople.mallory.id}`,
      as: demoPerson('olivia'),
    });
    assert.equal(gone.json().displayName, 'Former user');
    assertNoPageErrors(page);
    await page.close();
  });

  it('shows a platform admin which apps report the accounts they store', async () => {
    const page = await openSignedInPage(world, 'pat@veil.test', 'demo-token-pat');
    await page.getByRole('link', { name: 'Admin console' }).click();
    await page.getByRole('link', { name: 'Personal-data reporting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Personal-data reporting' }).waitFor();
    await page.getByText('Reporting cycle: P15D').waitFor();
    await page.locator('.display-name').getByText('Test App', { exact: true }).waitFor();
    await assertAccessible(page, 'admin-reporting');
    await page.goto(`${world.veil.url}/admin/accounts`);
    await page.getByRole('button', { name: 'Delete… Noah Brenner' }).waitFor();
    await assertAccessible(page, 'admin-accounts-lifecycle');
    assertNoPageErrors(page);
    await page.close();
  });
});
