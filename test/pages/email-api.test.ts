/**
 * The Email API's pages in a real browser: a site admin applies for an app with its use cases, a
 * platform admin approves and revokes, and the person previews what the approved app reads — the same
 * JSON the app gets from the real Email API with its JWT.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { signAppRequest } from '../connect/connect-support.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  openSignedInPage,
  signInThroughPage,
} from './browser-support.ts';

const appKey = 'com.example.mailer';

const mailerApp = { app: { key: appKey, scopes: ['READ', 'ACCESS_EMAIL_ADDRESSES'] } };

describeInBrowser('the Email API in the admin console and the preview', mailerApp, (world) => {
  /** What the app itself gets from `path` with its JWT. */
  async function asTheApp(path: string) {
    const response = await fetch(`${world.veil.url}${path}`, {
      headers: {
        authorization: `JWT ${signAppRequest(world.app.credentials(), world.veil, 'GET', path, { iss: appKey })}`,
      },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('lets a site admin apply with the use cases, and a platform admin approve', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/sites/acme/apps/${appKey}`);
    const section = page.getByRole('region', { name: 'Email API' });
    await section.getByText('The app has not applied.').waitFor();
    await section.getByRole('button', { name: 'Apply for the Email API' }).click();
    await page.getByRole('alert').filter({ hasText: 'Write at least one use case' }).waitFor();
    await section
      .getByLabel('Use cases, one per line')
      .fill('Send security alerts\nSync users with our directory');
    await section.getByRole('button', { name: 'Apply for the Email API' }).click();
    await page.getByRole('status').filter({ hasText: 'Applied for the Email API' }).waitFor();
    await section.getByText('Waiting for a decision').waitFor();
    await assertAccessible(page, 'admin-app-email-api');
    await page.getByRole('button', { name: 'Sign out' }).click();

    await signInThroughPage(page, world.veil.url, 'pat@veil.test', 'demo-token-pat');
    await page.getByRole('link', { name: 'Admin console' }).click();
    await page.getByRole('link', { name: 'Email API applications' }).click();
    await page.getByRole('heading', { level: 2, name: appKey }).waitFor();
    await page.getByText('Sync users with our directory').waitFor();
    await assertAccessible(page, 'admin-email-api-applications');
    await page.getByRole('button', { name: `Approve ${appKey}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Approved the Email API for ${appKey}` })
      .waitFor();
    const standing = await world.veil.request({
      url: `/veil/v1/apps/${appKey}/email-api`,
      as: demoPerson('pat'),
    });
    assert.equal(standing.json().status, 'approved');
    assertNoPageErrors(page);
    await page.close();
  });

  it('previews what the approved app reads: the same JSON as the real Email API and user API', async () => {
    const page = await openSignedInPage(world, 'mia@acme.test', 'demo-token-mia');
    await page.getByRole('link', { name: 'Preview as' }).click();
    await page.getByLabel('An app approved for the Email API').check();
    await page.getByRole('heading', { name: 'What an app approved for the Email API sees' }).waitFor();
    await page.locator('.seen-fields').getByText('mia@acme.test').waitFor();
    const previewed = JSON.parse((await page.locator('#email-api-json').textContent()) ?? 'null');
    const real = await asTheApp(`/rest/api/3/user/email?accountId=${demoIds.mia}`);
    assert.equal(real.status, 200);
    assert.deepEqual(previewed, real.body, 'the preview is what the app reads');
    const user = JSON.parse((await page.locator('#raw-json').textContent()) ?? 'null');
    assert.deepEqual(user, (await asTheApp(`/rest/api/3/user?accountId=${demoIds.mia}`)).body);
    assert.equal('emailAddress' in user, false, 'the user API still hides it');
    await assertAccessible(page, 'preview-email-api-app');

    // The app's read of her email (above) is in her access log; the preview itself read nothing.
    await page.getByRole('link', { name: 'Your data' }).click();
    const log = page.getByRole('region', { name: 'Who read your data' });
    const reads = log.getByRole('row').filter({ hasText: 'Email address' });
    await reads.first().waitFor();
    assert.equal(await reads.count(), 1, 'one read: the app’s, not the preview’s');
    await reads.getByText(appKey).waitFor();
    await assertAccessible(page, 'privacy-access-log');
    assertNoPageErrors(page);
    await page.close();
  });

  it('lets a platform admin revoke the approval, with a reason', async () => {
    const page = await openSignedInPage(world, 'pat@veil.test', 'demo-token-pat');
    await page.goto(`${world.veil.url}/admin/email-api`);
    await page.getByLabel("Reason (optional, shown to the app's admins)").fill('Used for newsletters');
    await page.getByRole('button', { name: `Revoke ${appKey}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Revoked the Email API for ${appKey}` })
      .waitFor();
    await page.getByText('Used for newsletters').waitFor();
    assert.equal((await asTheApp(`/rest/api/3/user/email?accountId=${demoIds.mia}`)).status, 400);
    assertNoPageErrors(page);
    await page.close();
  });
});
