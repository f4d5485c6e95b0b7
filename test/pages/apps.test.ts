/**
 * The pages the Connect and migration capabilities brought: a site's installed apps (enable, disable,
 * uninstall), an app's webhooks and deliveries, and the site's migration stage — in a real browser.
 */
import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { demoPerson } from '../support/test-veil.ts';
import {
  assertAccessible,
  assertNoPageErrors,
  describeInBrowser,
  openSignedInPage,
} from './browser-support.ts';

const installedApp = { app: { webhooks: [{ event: 'user_updated', url: '/webhooks/user-updated' }] } };

describeInBrowser('apps, webhooks and the migration period in the admin console', installedApp, (world) => {
  // The app's install jobs have run before any page lists it.
  before(() => world.veil.app.jobs.runDue());

  it("lists a site's apps; disabling and enabling tell the app, uninstalling asks first", async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/sites/acme`);
    const apps = page.getByRole('region', { name: 'Installed apps' });
    await apps.locator('.display-name').getByText('Test App', { exact: true }).waitFor();
    await assertAccessible(page, 'admin-site-apps');
    await apps.getByRole('button', { name: 'Disable Test App' }).click();
    await page.getByRole('status').filter({ hasText: 'Disabled Test App' }).waitFor();
    assert.ok(
      world.app.received.some((c) => c.path === '/disabled'),
      'the app was told',
    );
    await apps.getByRole('button', { name: 'Enable Test App' }).click();
    await page.getByRole('status').filter({ hasText: 'Enabled Test App' }).waitFor();
    const listed = await world.veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') });
    assert.equal(listed.json()[0].enabled, true);

    await apps.getByRole('button', { name: 'Uninstall Test App' }).click();
    await apps.getByRole('button', { name: 'Keep Test App' }).click();
    assert.equal(
      (await world.veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') })).json().length,
      1,
    );
    assertNoPageErrors(page);
    await page.close();
  });

  it("shows an app's subscriptions and each delivery with its attempts", async () => {
    const changed = await world.veil.request({
      method: 'PATCH',
      url: '/veil/v1/me/profile',
      as: demoPerson('mia'),
      body: { jobTitle: 'Staff Engineer' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    await world.veil.app.jobs.runDue();
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/sites/acme`);
    await page.getByRole('link', { name: 'Details of Test App' }).click();
    await page.getByRole('heading', { level: 1, name: 'App: com.example.test-app' }).waitFor();
    await page.getByText('user_updated', { exact: true }).first().waitFor();
    await page.locator('.attempts li').first().waitFor();
    await assertAccessible(page, 'admin-app-webhooks');
    assertNoPageErrors(page);
    await page.close();
  });

  it('sets the migration stage of a site', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/sites/acme`);
    const section = page.getByRole('region', { name: 'Migration period' });
    await section.getByLabel('Stage').selectOption('legacy');
    await section.getByLabel('Enforced from').fill('2027-03-29');
    await section.getByRole('button', { name: 'Save the migration stage' }).click();
    await page.getByRole('status').filter({ hasText: "The site's migration stage is legacy" }).waitFor();
    await section.getByText('In force now: Legacy').waitFor();
    const site = await world.veil.request({ url: '/veil/v1/sites/acme', as: demoPerson('olivia') });
    assert.deepEqual(site.json().migration, { stage: 'legacy', deprecationEnds: '2027-03-29T00:00:00.000Z' });
    await assertAccessible(page, 'admin-site-migration');
    // A script still naming users by username, while the site is legacy: the platform team sees who.
    await world.veil.request({ url: '/rest/api/2/user?username=mia', as: demoPerson('noah') });
    await page.reload();
    const legacy = page.getByRole('region', { name: 'Legacy usage' });
    await legacy.getByText('API token').waitFor();
    await legacy.getByText('1 call(s) named users by username or key').waitFor();
    await assertAccessible(page, 'admin-site-legacy-usage');
    await section.getByLabel('Stage').selectOption('enforced');
    await section.getByRole('button', { name: 'Save the migration stage' }).click();
    await page.getByRole('status').filter({ hasText: "The site's migration stage is enforced" }).waitFor();
    assertNoPageErrors(page);
    await page.close();
  });

  it('uninstalls an app once confirmed', async () => {
    const page = await openSignedInPage(world, 'olivia@acme.test', 'demo-token-olivia');
    await page.goto(`${world.veil.url}/admin/sites/acme`);
    const apps = page.getByRole('region', { name: 'Installed apps' });
    await apps.getByRole('button', { name: 'Uninstall Test App' }).click();
    await apps.getByRole('button', { name: 'Uninstall Test App for good' }).click();
    await page.getByRole('status').filter({ hasText: 'Uninstalled Test App' }).waitFor();
    await apps.getByText('No app is installed on this site.').waitFor();
    assert.ok(world.app.received.some((c) => c.path === '/uninstalled'));
    assertNoPageErrors(page);
    await page.close();
  });
});
