/**
 * The person's pages in a real browser against a real, listening Veil: sign-in, "Profile and
 * visibility", "Preview as" beside the JSON a real Connect app gets, sign-out and expiry, hostile names.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { signAppRequest } from '../connect/connect-support.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  keepScreenshot,
  openSignedInPage,
  signOutThroughPage,
} from './browser-support.ts';
import { hostileName, hostileTitle, pagesPeople } from './pages-scenario.ts';

describeInBrowser('profile, visibility and preview in a browser', { app: {} }, (world) => {
  /** Mia as the installed Connect app gets her from the tracker API (a real JWT with its qsh). */
  async function miaAsTheApp() {
    const url = `/rest/api/3/user?accountId=${demoIds.mia}`;
    const response = await fetch(`${world.veil.url}${url}`, {
      headers: { authorization: `JWT ${signAppRequest(world.app.credentials(), world.veil, 'GET', url)}` },
    });
    assert.equal(response.status, 200);
    return (await response.json()) as Record<string, unknown>;
  }

  async function previewJson(page: Page) {
    return JSON.parse((await page.locator('#raw-json').textContent()) ?? 'null') as Record<string, unknown>;
  }

  async function previewAsApp(page: Page) {
    await page.getByRole('link', { name: 'Preview as' }).click();
    await page.getByRole('heading', { level: 1, name: 'Preview as' }).waitFor();
    await page.getByLabel('A Connect app').check();
    await page.getByRole('heading', { name: 'What a Connect app sees' }).waitFor();
  }

  it('says why a sign-in failed, and keeps the person signed out', async () => {
    const page = await world.browser.newPage();
    await page.goto(`${world.veil.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    await assertAccessible(page, 'sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Enter your email address' }).waitFor();
    await page.getByLabel('Email address').fill('mia@acme.test');
    await page.getByLabel('API token').fill('not-her-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'do not match an active account' }).waitFor();
    await keepScreenshot(page, 'sign-in-refused');
    assert.equal((await page.context().cookies()).length, 0, 'no session was opened');
    assertNoPageErrors(page);
    await page.close();
  });

  it('acceptance: email to Anyone shows in the preview as a Connect app and to the real app; back, and both hide it', async () => {
    const page = await openSignedInPage(world, 'mia@acme.test', 'demo-token-mia');
    await assertAccessible(page, 'profile-managed');
    const picker = page.getByLabel('Who can see your email address');
    assert.equal(await picker.inputValue(), 'only-you');
    assert.equal(await page.getByLabel('Who can see your location').locator('option').count(), 3);

    await picker.selectOption('anyone');
    await page.getByRole('status').filter({ hasText: 'Email address is now visible to: Anyone' }).waitFor();
    await previewAsApp(page);
    assert.equal((await previewJson(page)).emailAddress, 'mia@acme.test');
    await page.locator('.seen-fields').getByText('mia@acme.test').waitFor();
    assert.deepEqual(await previewJson(page), await miaAsTheApp(), 'the preview is what the app gets');
    assert.equal((await miaAsTheApp()).emailAddress, 'mia@acme.test');
    await assertAccessible(page, 'preview-connect-app');

    await page.getByRole('link', { name: 'Profile and visibility' }).click();
    await page.getByLabel('Who can see your email address').selectOption('only-you');
    await page.getByRole('status').filter({ hasText: 'Email address is now visible to: Only you' }).waitFor();
    await previewAsApp(page);
    assert.equal('emailAddress' in (await previewJson(page)), false);
    assert.equal('emailAddress' in (await miaAsTheApp()), false);
    assert.deepEqual(await previewJson(page), await miaAsTheApp());

    await page.getByLabel('Someone in your organization').check();
    await page.getByRole('heading', { name: 'What someone in your organization sees' }).waitFor();
    await page.locator('.seen-fields').getByText('Sydney', { exact: true }).waitFor();
    await assertAccessible(page, 'preview-organization');
    assertNoPageErrors(page);
    await signOutThroughPage(page);
    await page.close();
  });

  it('offers an unmanaged person no "Organization", and works on a phone', async () => {
    const page = await openSignedInPage(world, 'noah@example.com', 'demo-token-noah', { phone: true });
    const options = await page.getByLabel('Who can see your location').locator('option').allTextContents();
    assert.deepEqual(options, ['Anyone', 'Only you']);
    await page.getByText('No organization manages your account').waitFor();
    await assertAccessible(page, 'profile-unmanaged-phone');
    await page.getByLabel('Who can see your location').selectOption('only-you');
    await page.getByRole('status').filter({ hasText: 'Location is now visible to: Only you' }).waitFor();
    await page.getByRole('link', { name: 'Preview as' }).click();
    await page.getByRole('heading', { name: 'What anyone sees' }).waitFor();
    assert.equal(await page.getByLabel('Someone in your organization').count(), 0);
    assert.equal('location' in (await previewJson(page)), false);
    await assertAccessible(page, 'preview-unmanaged-phone');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 375, `nothing wider than the phone (${width}px)`);
    assertNoPageErrors(page);
    await signOutThroughPage(page);
    await page.close();
  });

  it('is usable with the keyboard alone: sign in, change a setting, reach the preview', async () => {
    const page = await world.browser.newPage();
    await page.goto(`${world.veil.url}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    await page.waitForFunction(`document.activeElement?.tagName === 'H1'`);
    await page.keyboard.press('Shift+Tab');
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Skip to content');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement.id'), 'sign-in-email');
    await page.keyboard.type('noah@example.com');
    await page.keyboard.press('Tab');
    await page.keyboard.type('demo-token-noah');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Profile and visibility' }).waitFor();
    await page.getByLabel('Who can see your department').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByRole('status').filter({ hasText: 'Department is now visible to: Only you' }).waitFor();
    const previewLink = page.getByRole('link', { name: 'Preview as' });
    await previewLink.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Preview as' }).waitFor();
    // The new page's heading takes the focus once it has rendered.
    await page.waitForFunction(`document.activeElement?.tagName === 'H1'`);
    assert.equal(await page.evaluate('document.activeElement.textContent'), 'Preview as');
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    assertNoPageErrors(page);
    await page.close();
  });

  it('shows script in a name as text and runs none of it', async () => {
    const page = await openSignedInPage(world, pagesPeople.mallory.email, pagesPeople.mallory.token);
    await page.locator('.field-value').getByText(hostileName, { exact: true }).waitFor();
    await page.locator('.field-value').getByText(hostileTitle, { exact: true }).waitFor();
    assert.equal(await page.locator('.who-name').textContent(), hostileName);
    await page.getByRole('link', { name: 'Preview as' }).click();
    await page.locator('.display-name').getByText(hostileName).waitFor();
    assert.equal(await page.evaluate('window.__veilPwned'), undefined, 'nothing ran');
    assert.equal(await page.locator('main img[src="x"]').count(), 0, 'no element was made from the name');
    await keepScreenshot(page, 'hostile-name');
    assertNoPageErrors(page);
    await signOutThroughPage(page);
    await page.close();
  });

  it('refuses inline script in the page itself: the CSP is in force', async () => {
    const page = await world.browser.newPage();
    await page.goto(`${world.veil.url}/sign-in`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    await page.evaluate(`(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__veilInline = 1';
      document.body.append(script);
    })()`);
    assert.equal(await page.evaluate('window.__veilInline'), undefined);
    await page.close();
  });

  it('says a session expired and asks to sign in again, with nothing changed', async () => {
    const page = await openSignedInPage(world, 'ava@acme.test', 'demo-token-ava');
    world.veil.clock.advance(9 * 60 * 60 * 1000);
    await page.getByLabel('Who can see your job title').selectOption('only-you');
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    await page.getByText('Your session has expired').waitFor();
    await keepScreenshot(page, 'session-expired');
    const ava = await world.veil.request({ url: '/veil/v1/me', as: demoPerson('ava') });
    assert.equal(ava.json().visibility.jobTitle.visibility, 'anyone', 'nothing was changed');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Veil' }).waitFor();
    await page.close();
  });
});
