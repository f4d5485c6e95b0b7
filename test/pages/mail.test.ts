/**
 * A verified email change in a real browser: Zoe asks for a new address on her profile page, a platform
 * admin finds the mail in "Mail sent by Veil", and the link from the outbox confirms it.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  openSignedInPage,
  signInThroughPage,
  signOutThroughPage,
} from './browser-support.ts';
import { pagesPeople } from './pages-scenario.ts';

describeInBrowser('a verified email change in a browser', {}, (world) => {
  const zoe = pagesPeople.zoe;
  const newAddress = 'zoe@acme.test';

  async function zoeThroughTheApi(email: string) {
    const credentials = Buffer.from(`${email}:${zoe.token}`).toString('base64');
    const response = await fetch(`${world.veil.url}/veil/v1/me`, {
      headers: { authorization: `Basic ${credentials}` },
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('acceptance: request on the profile page, read the link in the outbox, follow it', async () => {
    const page = await openSignedInPage(world, zoe.email, zoe.token);
    await page.getByRole('button', { name: 'Change your email address' }).click();
    await page.getByLabel('New email address').fill(newAddress);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `We sent a link to ${newAddress}` })
      .waitFor();
    await page.locator('#email-pending').filter({ hasText: newAddress }).waitFor();
    await assertAccessible(page, 'email-change-requested');
    const before = await zoeThroughTheApi(zoe.email);
    assert.equal((before.body.profile as { email: string }).email, zoe.email, 'unchanged until the link');
    assert.equal(before.body.managedBy, null);
    await signOutThroughPage(page);

    const pat = demoPerson('pat');
    await signInThroughPage(page, world.veil.url, pat.email, pat.token);
    await page.getByRole('link', { name: 'Admin console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Admin console' }).waitFor();
    await page.getByRole('link', { name: 'Mail sent by Veil' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mail sent by Veil' }).waitFor();
    const mail = page.locator('.mail-list li').filter({ hasText: `To ${newAddress}` });
    await mail.getByRole('heading', { name: 'Confirm your new email address for Veil' }).waitFor();
    await assertAccessible(page, 'mail-sent-by-veil');
    const link = await mail.getByRole('link').getAttribute('href');
    if (!link) throw new Error('the mail in the outbox carries no link');
    assert.ok(link.startsWith(`${world.veil.url}/confirm-email#token=`), link);
    await signOutThroughPage(page);

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Confirm your new email address' }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token leaves the address bar');
    await page.getByRole('button', { name: 'Confirm your new email address' }).click();
    await page.getByRole('heading', { name: `Your email address is now ${newAddress}` }).waitFor();
    await page
      .locator('#confirmed-organization')
      .filter({ hasText: 'Acme now manages your account' })
      .waitFor();
    await assertAccessible(page, 'email-change-confirmed');
    const after = await zoeThroughTheApi(newAddress);
    assert.equal(after.status, 200);
    assert.deepEqual(after.body.managedBy, { organizationId: 'acme', name: 'Acme' });
    assertNoPageErrors(page);
    await page.close();
  });
});
