/**
 * The admin console in a real browser: an organization admin locks a setting and the person can change
 * it neither in the page nor through the API; a platform admin verifies a domain after seeing whom it
 * makes managed; site people, product access, groups, deactivation.
 */
import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Page } from 'playwright-core';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  openSignedInPage,
  signInThroughPage,
  signOutThroughPage,
} from './browser-support.ts';
import { hostileName, pagesPeople } from './pages-scenario.ts';

async function openAdmin(page: Page, link: string, heading: string) {
  await page.getByRole('link', { name: 'Admin console' }).click();
  await page.getByRole('heading', { level: 1, name: 'Admin console' }).waitFor();
  await page.getByRole('link', { name: link, exact: true }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describeInBrowser('the admin console in a browser', {}, (world) => {
  it('acceptance: an organization admin locks a field; the person sees it locked and cannot change it anywhere', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.getByRole('link', { name: 'Admin console' }).click();
    await page.getByRole('heading', { level: 1, name: 'Admin console' }).waitFor();
    await assertAccessible(page, 'admin-home-organization-admin');
    await page.getByRole('link', { name: 'Acme', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Organization: Acme' }).waitFor();
    await page.getByText('Platform admins verify domains.').waitFor();
    await page.locator('summary').filter({ hasText: 'Mia Krystof' }).click();
    await page.getByLabel('Lock the email address of Mia Krystof').check();
    await page
      .getByRole('status')
      .filter({ hasText: 'Mia Krystof: Email address is visible to Only you, locked' })
      .waitFor();
    await page.locator('summary').filter({ hasText: 'Mallory' }).waitFor();
    assert.equal(await page.evaluate('window.__veilPwned'), undefined);
    await assertAccessible(page, 'admin-organization');
    assertNoPageErrors(page);
    await signOutThroughPage(page);

    await signInThroughPage(page, world.veil.url, 'mia@acme.test', 'demo-token-mia');
    const picker = page.getByLabel('Who can see your email address');
    assert.equal(await picker.isDisabled(), true, 'the page offers no way to change it');
    assert.equal(await picker.inputValue(), 'only-you');
    await page.getByText('Acme manages your account and has set who can see this').waitFor();
    await assertAccessible(page, 'profile-locked');

    const forged = (await page.evaluate(`(async () => {
      const put = (headers) => fetch('/veil/v1/me/visibility', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ email: 'anyone' }),
      }).then(async (r) => ({ status: r.status, code: (await r.json()).code }));
      const session = await fetch('/veil/v1/sessions/current').then((r) => r.json());
      return {
        cookieOnly: await put({}),
        withToken: await put({ 'x-veil-csrf-token': session.csrfToken }),
      };
    })()`)) as Record<string, { status: number; code: string }>;
    assert.deepEqual(forged.cookieOnly, { status: 403, code: 'auth.csrf_token_invalid' });
    assert.deepEqual(forged.withToken, { status: 403, code: 'visibility.locked' });
    const basic = await world.veil.request({
      method: 'PUT',
      url: '/veil/v1/me/visibility',
      as: demoPerson('mia'),
      body: { email: 'anyone' },
    });
    assert.equal(basic.statusCode, 403);
    assert.equal(basic.json().code, 'visibility.locked');
    const me = await world.veil.request({ url: '/veil/v1/me', as: demoPerson('mia') });
    assert.deepEqual(me.json().visibility.email, {
      visibility: 'only-you',
      isDefault: true,
      locked: true,
      lockedBy: 'acme',
    });
    await page.getByLabel('Who can see your location').selectOption('only-you');
    await page.getByRole('status').filter({ hasText: 'Location is now visible to: Only you' }).waitFor();
    assertNoPageErrors(page);
    await signOutThroughPage(page);
    await page.close();
  });

  it("shows a site's people with product access and groups, changed at once, on a phone too", async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia', { phone: true });
    await openAdmin(page, 'acme', 'Site: acme');
    await page
      .getByRole('group', { name: 'Product access of Noah Brenner' })
      .getByLabel('Wiki (Confluence)')
      .check();
    await page.getByRole('status').filter({ hasText: 'Noah Brenner now has Wiki (Confluence)' }).waitFor();
    await page.getByLabel('Group to add Noah Brenner to').selectOption({ label: 'developers' });
    await page.getByRole('button', { name: 'Add Noah Brenner to the group' }).click();
    await page.getByRole('status').filter({ hasText: 'Noah Brenner joined developers' }).waitFor();
    const noah = await world.veil.request({ url: '/veil/v1/sites/acme/accounts', as: demoPerson('olivia') });
    const link = noah
      .json()
      .find((l: { account: { accountId: string } }) => l.account.accountId === demoIds.noah);
    assert.deepEqual(link.products.sort(), ['confluence', 'jira']);
    assert.ok(link.groups.some((g: { name: string }) => g.name === 'developers'));
    await page.getByRole('button', { name: 'Remove Noah Brenner from developers' }).click();
    await page.getByRole('status').filter({ hasText: 'Noah Brenner left developers' }).waitFor();
    await page.getByText(hostileName).first().waitFor();
    await assertAccessible(page, 'admin-site-phone');
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 375, `nothing wider than the phone (${width}px)`);
    assertNoPageErrors(page);
    await signOutThroughPage(page);
    await page.close();
  });

  it('lets a platform admin verify a domain only after showing whom it makes managed', async () => {
    const page = await openSignedInPage(world, 'pat@veil.test', 'demo-token-pat');
    await openAdmin(page, 'Globex', 'Organization: Globex');
    await page.getByLabel('Domain to verify').fill('initech.test');
    await page.getByRole('button', { name: 'Check domain' }).click();
    const confirm = page.getByRole('region', { name: 'Verify initech.test?' });
    await confirm.getByText('Zoe Initech').waitFor();
    await assertAccessible(page, 'admin-domain-preview');
    const before = await world.veil.request({ url: '/veil/v1/organizations/globex', as: demoPerson('pat') });
    assert.deepEqual(before.json().verifiedDomains, ['globex.test'], 'checking changes nothing');
    await confirm.getByRole('button', { name: 'Verify initech.test' }).click();
    await page.getByRole('status').filter({ hasText: 'Verified initech.test: 1 account(s)' }).waitFor();
    await page.locator('summary').filter({ hasText: 'Zoe Initech' }).waitFor();
    const zoe = await world.veil.request({
      url: '/veil/v1/me',
      as: { email: pagesPeople.zoe.email, token: pagesPeople.zoe.token },
    });
    assert.equal(zoe.json().managedBy.organizationId, 'globex');

    await page.getByLabel('Domain to verify').fill('acme.test');
    await page.getByRole('button', { name: 'Check domain' }).click();
    await page.getByRole('button', { name: 'Verify acme.test' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'Another organization already verified acme.test' })
      .waitFor();
    assertNoPageErrors(page);
    await page.close();
  });

  it('lets a platform admin deactivate and reactivate accounts', async () => {
    const page = await openSignedInPage(world, 'pat@veil.test', 'demo-token-pat');
    await openAdmin(page, 'Every account', 'Accounts');
    await page.getByRole('button', { name: 'Reactivate Ethan Walsh' }).click();
    await page.getByRole('status').filter({ hasText: 'Reactivated Ethan Walsh' }).waitFor();
    assert.equal((await world.veil.request({ url: '/veil/v1/me', as: demoPerson('ethan') })).statusCode, 200);
    await page.getByRole('button', { name: 'Deactivate Ethan Walsh' }).click();
    await page.getByRole('status').filter({ hasText: 'Deactivated Ethan Walsh' }).waitFor();
    assert.equal((await world.veil.request({ url: '/veil/v1/me', as: demoPerson('ethan') })).statusCode, 401);
    await assertAccessible(page, 'admin-accounts');
    assertNoPageErrors(page);
    await page.close();
  });

  it('keeps people who administer nothing out of the console', async () => {
    const page = await openSignedInPage(world, 'noah@example.com', 'demo-token-noah');
    assert.equal(await page.getByRole('link', { name: 'Admin console' }).count(), 0);
    await page.goto(`${world.veil.url}/admin/organizations/acme`);
    await page.getByRole('heading', { level: 1, name: 'Profile and visibility' }).waitFor();
    const refused = await world.veil.request({
      url: '/veil/v1/organizations/acme/accounts',
      as: demoPerson('noah'),
    });
    assert.equal(refused.statusCode, 403);
    await page.close();
  });
});
