/** A person's own details and API tokens, in a real browser against a real Veil. */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  keepScreenshot,
  openSignedInPage,
  signInThroughPage,
} from './browser-support.ts';

describeInBrowser("a person's details and API tokens in a browser", {}, (world) => {
  it('edits the values of the profile, and says which value is wrong without changing anything', async () => {
    const page = await openSignedInPage(world, 'noah@example.com', 'demo-token-noah');
    await page.getByRole('button', { name: 'Edit your details' }).click();
    await page.getByLabel('Job title', { exact: true }).fill('Type designer');
    await page.getByLabel('Location', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Save your details' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved your details.' }).waitFor();
    await page.locator('.field-value').getByText('Type designer', { exact: true }).waitFor();
    const saved = (await world.veil.request({ url: '/veil/v1/me', as: demoPerson('noah') })).json();
    assert.equal(saved.profile.jobTitle, 'Type designer');
    assert.equal(saved.profile.location, null, 'an emptied value is cleared');

    await page.getByRole('button', { name: 'Edit your details' }).click();
    await page.getByLabel('Job title', { exact: true }).fill('Never saved');
    await page.getByLabel('Time zone (such as Europe/Berlin)').fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Save your details' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nothing was changed' }).waitFor();
    await page.getByText('is not an IANA time zone').waitFor();
    assert.equal(
      await page.getByLabel('Time zone (such as Europe/Berlin)').getAttribute('aria-invalid'),
      'true',
    );
    await assertAccessible(page, 'profile-details-refused');
    const unchanged = (await world.veil.request({ url: '/veil/v1/me', as: demoPerson('noah') })).json();
    assert.equal(unchanged.profile.jobTitle, 'Type designer');
    assert.equal(unchanged.profile.timeZone, 'Europe/Berlin');
    assertNoPageErrors(page);
    await page.close();
  });

  it('creates a token shown once, signs in with it, and revokes it after asking', async () => {
    const page = await openSignedInPage(world, 'noah@example.com', 'demo-token-noah');
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    await page.getByLabel('Label for a new token').fill('laptop');
    await page.getByRole('button', { name: 'Create a token' }).click();
    const secret = (await page.locator('code.secret').textContent()) ?? '';
    assert.match(secret, /^veil_/);
    await assertAccessible(page, 'tokens-issued');
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInThroughPage(page, world.veil.url, 'noah@example.com', secret);

    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('button', { name: 'Revoke "laptop"' }).click();
    await page.getByRole('button', { name: 'Revoke "laptop" for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Revoked "laptop"' }).waitFor();
    await keepScreenshot(page, 'tokens-revoked');
    const refused = await world.veil.request({
      url: '/veil/v1/me',
      as: { email: 'noah@example.com', token: secret },
    });
    assert.equal(refused.statusCode, 401, 'the revoked token signs in no more');
    assertNoPageErrors(page);
    await page.close();
  });
});
