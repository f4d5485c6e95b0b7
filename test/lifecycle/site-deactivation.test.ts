/**
 * Issue 11, reproducer 2: a site admin deactivates a person on their site only. The account, the other
 * sites and the management API are untouched; only the account's own admins (the managing organization's,
 * a platform admin) deactivate it everywhere, and no site admin can lock out a platform admin.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const sofia = demoPerson('sofia'); // admin of the globex site only; linked to acme too
const olivia = demoPerson('olivia'); // admin of the acme site and of the Acme organization
const pat = demoPerson('pat'); // platform admin, linked to acme
const mia = demoPerson('mia'); // managed by Acme, linked to acme and globex
const noah = demoPerson('noah'); // unmanaged, linked to acme and globex
const globex = { host: 'globex.localhost' };

for (const backend of testBackends()) {
  describe(`site deactivation on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const setActive = (accountId: string, active: boolean, as: typeof pat, headers = {}) =>
      veil.request({
        method: 'PUT',
        url: `/rest/api/2/user?accountId=${accountId}`,
        as,
        body: { active },
        headers,
      });
    const userOn = async (accountId: string, headers = {}) => {
      const response = await veil.request({
        url: `/rest/api/3/user?accountId=${accountId}`,
        as: noah,
        headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { active: boolean };
    };
    const signsIn = async (as: typeof pat, headers = {}) =>
      (await veil.request({ url: '/rest/api/3/myself', as, headers })).statusCode;

    it("takes the person's access to that site only: inactive and refused there, untouched elsewhere", async () => {
      const searchGlobex = () =>
        veil.request({ url: '/rest/api/3/user/search?query=Mia', as: noah, headers: globex });
      assert.ok((await searchGlobex()).body.includes(demoIds.mia), 'a candidate on globex while active');
      const deactivated = await setActive(demoIds.mia, false, sofia, globex);
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assert.equal(deactivated.json().active, false);

      assert.equal((await userOn(demoIds.mia, globex)).active, false, 'inactive on globex');
      assert.equal((await userOn(demoIds.mia)).active, true, 'still active on acme');
      const wiki = await veil.request({
        method: 'POST',
        url: '/wiki/api/v2/users-bulk',
        as: noah,
        body: { accountIds: [demoIds.mia] },
        headers: globex,
      });
      assert.equal(wiki.json().results[0].accountStatus, 'inactive');
      const found = await searchGlobex();
      assert.ok(!found.body.includes(demoIds.mia), 'not a candidate to assign on globex');

      assert.equal(await signsIn(mia, globex), 401, 'her requests on globex are refused as sign-in failures');
      const session = await veil.request({
        method: 'POST',
        url: '/rest/auth/1/session',
        body: { username: mia.email, password: mia.token },
        headers: globex,
      });
      assert.equal(session.statusCode, 401, 'and she cannot open a session there');
      const signedIn = await veil.request({
        method: 'POST',
        url: '/veil/v1/sessions',
        body: { email: mia.email, apiToken: mia.token },
      });
      assert.equal(signedIn.statusCode, 201, 'Veil sign-in is the account’s, and stays open');
      const cookie = signedIn.cookies.find((c) => c.name === 'veil_session');
      assert.ok(cookie);
      const withSession = async (headers = {}) =>
        (
          await veil.request({
            url: '/rest/api/3/myself',
            headers: { ...headers, cookie: `veil_session=${cookie.value}` },
          })
        ).statusCode;
      assert.equal(await withSession(globex), 401, 'a session held is refused on globex');
      assert.equal(await withSession(), 200, 'and works on acme');
      assert.equal(await signsIn(mia), 200, 'she signs in to acme');
      for (const headers of [{}, globex]) {
        const me = await veil.request({ url: '/veil/v1/me', as: mia, headers });
        assert.equal(me.statusCode, 200, 'the management API stays open to her');
      }
      const account = await veil.request({ url: `/veil/v1/accounts/${demoIds.mia}`, as: pat });
      assert.equal(account.json().status, 'active', 'the global account is untouched');

      const reactivated = await setActive(demoIds.mia, true, sofia, globex);
      assert.equal(reactivated.statusCode, 200, reactivated.body);
      assert.equal(reactivated.json().active, true);
      assert.equal(await signsIn(mia, globex), 200, 'active: true gives the site back');
    });

    it('refuses a site admin acting on another site, and on a platform admin', async () => {
      const elsewhere = await setActive(demoIds.mia, false, sofia);
      assert.equal(elsewhere.statusCode, 403, 'sofia does not administer acme');
      const onPlatformAdmin = await setActive(demoIds.pat, false, olivia);
      assert.equal(onPlatformAdmin.statusCode, 403, 'a site admin cannot lock out a platform admin');
      assert.equal(await signsIn(pat), 200);
      assert.equal((await userOn(demoIds.pat)).active, true);
      assert.equal((await setActive(demoIds.noah, false, mia)).statusCode, 403, 'a member is no admin');
    });

    it("lets the managing organization's admin and a platform admin deactivate the account everywhere", async () => {
      const byOrganization = await setActive(demoIds.mia, false, olivia);
      assert.equal(byOrganization.statusCode, 200, byOrganization.body);
      assert.equal(await signsIn(mia), 401);
      assert.equal(await signsIn(mia, globex), 401, 'on every site');
      assert.equal((await veil.request({ url: '/veil/v1/me', as: mia })).statusCode, 401);
      assert.equal((await userOn(demoIds.mia, globex)).active, false);
      assert.equal((await setActive(demoIds.mia, true, olivia)).statusCode, 200);
      assert.equal(await signsIn(mia, globex), 200);

      const byPlatform = await setActive(demoIds.noah, false, pat);
      assert.equal(byPlatform.statusCode, 200, byPlatform.body);
      assert.equal(await signsIn(noah, globex), 401, 'unmanaged, deactivated everywhere by a platform admin');
      const bySiteAdmin = await setActive(demoIds.noah, true, sofia, globex);
      assert.equal(bySiteAdmin.statusCode, 403, "a site admin cannot undo the account's own admins");
      assert.equal((await setActive(demoIds.noah, true, pat)).statusCode, 200);
      assert.equal(await signsIn(noah, globex), 200);
    });

    it('keeps a site deactivation through a global one, and gives the site back where an account admin reactivates', async () => {
      assert.equal((await setActive(demoIds.noah, false, sofia, globex)).statusCode, 200);
      const sites = await veil.request({ url: '/veil/v1/sites/globex/accounts', as: sofia });
      const link = sites
        .json()
        .find((l: { account: { accountId: string } }) => l.account.accountId === demoIds.noah);
      assert.equal(link.active, false, 'the management API shows the link inactive');
      assert.equal(link.account.active, true, 'and the account active');
      assert.equal(await signsIn(noah), 200, 'acme is open to him');

      assert.equal((await setActive(demoIds.noah, false, pat)).statusCode, 200, 'deactivated everywhere');
      assert.equal(await signsIn(noah), 401);
      assert.equal((await setActive(demoIds.noah, true, pat)).statusCode, 200, 'reactivated from acme');
      assert.equal(await signsIn(noah), 200);
      assert.equal(await signsIn(noah, globex), 401, "globex's own deactivation stays");
      // A platform admin reactivating on globex (where he is not linked) gives globex back as well.
      const byPlatform = await setActive(demoIds.noah, true, pat, globex);
      assert.equal(byPlatform.statusCode, 200, byPlatform.body);
      assert.equal(byPlatform.json().active, true);
      assert.equal(await signsIn(noah, globex), 200);
    });

    it("lets the site's admins set the same access through the management API, which stays open to the person", async () => {
      const link = (siteId: string, accountId: string, body: unknown, as: typeof pat) =>
        veil.request({ method: 'PUT', url: `/veil/v1/sites/${siteId}/accounts/${accountId}`, as, body });
      const closed = await link('globex', demoIds.mia, { active: false }, sofia);
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().active, false);
      assert.deepEqual(closed.json().products, ['jira'], 'the link keeps its product access');
      assert.equal(await signsIn(mia, globex), 401);
      assert.equal(await signsIn(mia), 200);
      const reopened = await link('globex', demoIds.mia, { active: true }, sofia);
      assert.equal(reopened.json().active, true);
      assert.equal(await signsIn(mia, globex), 200);

      assert.equal(
        (await link('acme', demoIds.pat, { active: false }, olivia)).statusCode,
        403,
        'a platform admin',
      );
      assert.equal(
        (await link('acme', demoIds.olivia, { active: false }, olivia)).statusCode,
        400,
        'herself',
      );
      assert.equal(
        (await link('acme', demoIds.mia, { active: false }, sofia)).statusCode,
        403,
        'not her site',
      );
      assert.equal(await signsIn(pat), 200);
      const byPlatform = await link('acme', demoIds.sofia, { active: false }, pat);
      assert.equal(byPlatform.statusCode, 200, 'a platform admin may close any site to a person');
      assert.equal(await signsIn(sofia), 401);
      assert.equal(await signsIn(sofia, globex), 200, 'her own site is untouched');
      assert.equal((await link('acme', demoIds.sofia, { active: true }, pat)).statusCode, 200);
    });

    it('takes the site from a co-admin it deactivates, who cannot give it back to themself', async () => {
      const admins = `/veil/v1/sites/globex/admins/${demoIds.noah}`;
      assert.equal((await veil.request({ method: 'PUT', url: admins, as: sofia })).statusCode, 200);
      assert.equal((await setActive(demoIds.noah, false, sofia, globex)).statusCode, 200);
      const selfRestore = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/globex/accounts/${demoIds.noah}`,
        as: noah,
        body: { active: true },
      });
      assert.equal(selfRestore.statusCode, 403, 'deactivated on globex, he no longer administers it');
      const sites = await veil.request({ url: '/veil/v1/sites', as: noah });
      assert.deepEqual(sites.json(), [], 'nor is it among the sites he administers');
      assert.equal(await signsIn(noah, globex), 401);

      assert.equal((await setActive(demoIds.noah, true, sofia, globex)).statusCode, 200);
      const back = await veil.request({ url: '/veil/v1/sites', as: noah });
      assert.deepEqual(
        back.json().map((site: { id: string }) => site.id),
        ['globex'],
        'reactivated, he administers it again',
      );
      assert.equal((await veil.request({ method: 'DELETE', url: admins, as: sofia })).statusCode, 204);
    });
  });
}
