import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const olivia = demoPerson('olivia'); // admin of the acme site
const mia = demoPerson('mia'); // linked to acme, not an admin
const pat = demoPerson('pat'); // platform admin
const globex = { host: 'globex.localhost' };
const spec = new SpecValidator();

const goneOperations = [
  ['POST', 'user/application'],
  ['DELETE', 'user/application'],
  ['PUT', 'user/password'],
  ['PUT', 'myself'],
  ['PUT', 'myself/password'],
  ['GET', 'password/policy'],
] as const;

for (const backend of testBackends()) {
  describe(`tracker user management on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const createUser = (body: unknown, as = olivia, version = '3', headers = {}) =>
      veil.request({ method: 'POST', url: `/rest/api/${version}/user`, as, body, headers });
    const createAccount = async (email: string, fullName: string) => {
      const response = await createAccountThroughApi(veil, { email, fullName });
      assert.equal(response.statusCode, 201, response.body);
      return response.json().accountId as string;
    };
    const roles = async (accountId: string, headers = {}) => {
      const response = await veil.request({
        url: `/rest/api/3/user?accountId=${accountId}&expand=applicationRoles`,
        as: pat,
        headers,
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().applicationRoles.items.map((r: { key: string }) => r.key);
    };

    it('links the existing account with that email and ignores the name sent', async () => {
      const rio = await createAccount('rio@partner.test', 'Rio Tanaka');
      const before = await veil.request({ url: `/rest/api/3/user?accountId=${rio}`, as: mia });
      assert.equal(before.statusCode, 404, 'not on the site yet');
      const created = await createUser({
        emailAddress: 'RIO@partner.test',
        displayName: 'Someone Else',
        name: 'rio',
        password: 'hunter2',
        products: ['jira-software'],
      });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal(created.json().accountId, rio, 'the same account, not a new one');
      assert.equal(created.json().displayName, 'Rio Tanaka', 'the name sent is ignored');
      assert.deepEqual(spec.validate('jira', 'post', '/rest/api/3/user', 201, created.json()), []);
      const seen = await veil.request({ url: `/rest/api/3/user?accountId=${rio}`, as: mia });
      assert.equal(seen.json().displayName, 'Rio Tanaka');
      assert.deepEqual(await roles(rio), ['jira-software']);
    });

    it('keeps the product access an already linked account has', async () => {
      const again = await createUser({ emailAddress: 'noah@example.com', products: [] });
      assert.equal(again.statusCode, 201);
      assert.equal(again.json().accountId, demoIds.noah);
      assert.deepEqual(await roles(demoIds.noah), ['jira-software']);
    });

    it('creates a new account when no account has the email, named from displayName or the email', async () => {
      const named = await createUser({
        emailAddress: 'new.person@example.net',
        displayName: 'New Person',
        products: ['jira-core', 'jira-servicedesk'],
      });
      assert.equal(named.statusCode, 201, named.body);
      assert.equal(named.json().displayName, 'New Person');
      assert.equal(named.json().active, true);
      assert.deepEqual((await roles(named.json().accountId)).sort(), ['jira-servicedesk', 'jira-software']);
      const unnamed = await createUser(
        { emailAddress: 'quiet@example.net', products: ['jira-servicedesk'] },
        demoPerson('sofia'),
        '2',
        globex,
      );
      assert.equal(unnamed.statusCode, 201, unnamed.body);
      assert.equal(unnamed.json().displayName, 'quiet');
      assert.deepEqual(await roles(unnamed.json().accountId, globex), [], 'globex has no service desk');
      const account = await veil.request({ url: `/veil/v1/accounts/${unnamed.json().accountId}`, as: pat });
      assert.equal(account.statusCode, 200, 'a global account');
    });

    it('refuses bad new users and callers who are not site admins', async () => {
      assert.equal((await createUser({ emailAddress: 'a@example.net' })).statusCode, 400, 'no products');
      assert.equal((await createUser({ products: [] })).statusCode, 400, 'no email');
      const notEmail = await createUser({ emailAddress: 'not-an-email', products: [] });
      assert.equal(notEmail.statusCode, 400);
      assert.ok('emailAddress' in notEmail.json().errors);
      const badProduct = await createUser({ emailAddress: 'b@example.net', products: ['confluence'] });
      assert.equal(badProduct.statusCode, 400);
      const byMember = await createUser({ emailAddress: 'c@example.net', products: [] }, mia);
      assert.equal(byMember.statusCode, 403);
      const anonymous = await veil.request({
        method: 'POST',
        url: '/rest/api/3/user',
        body: { emailAddress: 'd@example.net', products: [] },
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('removes a user from the site and keeps the account', async () => {
      const removed = await veil.request({
        method: 'DELETE',
        url: `/rest/api/3/user?accountId=${demoIds.noah}`,
        as: olivia,
      });
      assert.equal(removed.statusCode, 204, removed.body);
      const onAcme = await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.noah}`, as: mia });
      assert.equal(onAcme.statusCode, 404);
      const account = await veil.request({ url: `/veil/v1/accounts/${demoIds.noah}`, as: pat });
      assert.equal(account.statusCode, 200, 'the account is kept');
      const list = await veil.request({ url: '/veil/v1/accounts?maxResults=1000', as: pat });
      assert.ok(list.json().values.some((a: { accountId: string }) => a.accountId === demoIds.noah));
      const onGlobex = await veil.request({
        url: `/rest/api/3/user?accountId=${demoIds.noah}`,
        as: demoPerson('sofia'),
        headers: globex,
      });
      assert.equal(onGlobex.statusCode, 200, 'still linked to the other site');
      const noahSignsIn = await veil.request({ url: '/rest/api/3/myself', as: demoPerson('noah') });
      assert.equal(noahSignsIn.statusCode, 403, 'no access to the site any more');
    });

    it('refuses bad removals', async () => {
      const remove = (query: string, as = olivia) =>
        veil.request({ method: 'DELETE', url: `/rest/api/3/user${query}`, as });
      assert.equal((await remove(`?accountId=${demoIds.liam}`, mia)).statusCode, 403);
      assert.equal((await remove('?accountId=ffffffffffffffffffffffff')).statusCode, 404);
      assert.equal((await remove('')).statusCode, 400);
      assert.equal((await remove('?username=liam')).statusCode, 400);
      assert.equal((await remove(`?accountId=${demoIds.olivia}`)).statusCode, 400, 'not yourself');
      assert.equal((await remove(`?accountId=${demoIds.app}`)).statusCode, 400, 'apps leave by uninstall');
    });

    it('changes only the active status with PUT /rest/api/2/user', async () => {
      const put = (body: unknown, as = olivia, version = '2') =>
        veil.request({ method: 'PUT', url: `/rest/api/${version}/user?accountId=${demoIds.liam}`, as, body });
      const deactivated = await put({ active: false, password: 'ignored' });
      assert.equal(deactivated.statusCode, 200, deactivated.body);
      assert.equal(deactivated.json().active, false);
      const liamSignsIn = await veil.request({ url: '/rest/api/3/myself', as: demoPerson('liam') });
      assert.equal(liamSignsIn.statusCode, 401, 'a deactivated account cannot sign in');
      const reactivated = await put({ active: true });
      assert.equal(reactivated.json().active, true);
      const passwordOnly = await put({ password: 'ignored' });
      assert.equal(passwordOnly.statusCode, 200, 'passwords are ignored');
      for (const body of [
        { displayName: 'Renamed' },
        { emailAddress: 'x@example.net', active: false },
        { name: 'liam' },
      ]) {
        const refused = await put(body);
        assert.equal(refused.statusCode, 400, JSON.stringify(body));
        assert.match(refused.json().errorMessages[0], /Only the active status/);
      }
      const still = await veil.request({ url: `/rest/api/3/user?accountId=${demoIds.liam}`, as: olivia });
      assert.equal(still.json().active, true, 'a refused update changes nothing');
      assert.equal((await put({ active: 'no' })).statusCode, 400);
      assert.equal((await put({ active: false }, mia)).statusCode, 403);
      assert.equal((await put({ active: false }, olivia, '3')).statusCode, 404, 'v2 only');
      const self = await veil.request({
        method: 'PUT',
        url: `/rest/api/2/user?accountId=${demoIds.olivia}`,
        as: olivia,
        body: { active: false },
      });
      assert.equal(self.statusCode, 400, 'not yourself');
    });

    it('answers the removed operations with 410 and says what to use instead', async () => {
      for (const version of ['2', '3']) {
        for (const [method, path] of goneOperations) {
          const response = await veil.request({
            method,
            url: `/rest/api/${version}/${path}`,
            as: mia,
            ...(method === 'GET' || method === 'DELETE' ? {} : { body: { password: 'x' } }),
          });
          assert.equal(response.statusCode, 410, `${method} ${path}`);
          const body = response.json();
          assert.deepEqual(Object.keys(body).sort(), ['errorMessages', 'errors']);
          assert.match(body.errorMessages[0], /no longer available.*(Use|use|Change|Sign in)/);
        }
      }
    });

    it('signs in with an email and API token at /rest/auth/1/session, and out again', async () => {
      const signIn = await veil.request({
        method: 'POST',
        url: '/rest/auth/1/session',
        body: { username: 'mia@acme.test', password: 'demo-token-mia' },
      });
      assert.equal(signIn.statusCode, 200, signIn.body);
      assert.equal(signIn.json().session.name, 'JSESSIONID');
      const setCookie = String(signIn.headers['set-cookie']);
      assert.match(setCookie, /^veil_session=[^;]+;/);
      assert.match(setCookie, /HttpOnly/);
      assert.match(setCookie, /SameSite=Strict/);
      const cookie = setCookie.split(';')[0] ?? '';
      assert.equal(cookie, `veil_session=${signIn.json().session.value}`);

      const myself = await veil.request({ url: '/rest/api/3/myself', headers: { cookie } });
      assert.equal(myself.statusCode, 200);
      assert.equal(myself.json().accountId, demoIds.mia);
      const current = await veil.request({ url: '/rest/auth/1/session', headers: { cookie } });
      assert.equal(current.statusCode, 200);
      assert.equal(current.json().name, demoIds.mia);
      assert.match(current.json().self, /\/user\?accountId=/);

      const forged = await veil.request({
        method: 'DELETE',
        url: '/rest/auth/1/session',
        headers: { cookie },
      });
      assert.equal(forged.statusCode, 403, 'a cookie alone does not change anything');
      assert.match(forged.json().errorMessages[0], /CSRF/);
      const signOut = await veil.request({
        method: 'DELETE',
        url: '/rest/auth/1/session',
        headers: { cookie, 'x-atlassian-token': 'no-check' },
      });
      assert.equal(signOut.statusCode, 204);
      assert.match(String(signOut.headers['set-cookie']), /^veil_session=;/);
      const afterwards = await veil.request({ url: '/rest/api/3/myself', headers: { cookie } });
      assert.equal(afterwards.statusCode, 401, 'the session is gone');
      const noSession = await veil.request({ url: '/rest/auth/1/session', headers: { cookie } });
      assert.equal(noSession.statusCode, 401);
    });

    it('refuses bad session credentials with an ErrorCollection', async () => {
      for (const body of [
        { username: 'mia@acme.test', password: 'wrong' },
        { username: 'nobody@acme.test', password: 'demo-token-mia' },
        { username: 'ethan@acme.test', password: 'demo-token-ethan' },
      ]) {
        const response = await veil.request({ method: 'POST', url: '/rest/auth/1/session', body });
        assert.equal(response.statusCode, 401, JSON.stringify(body));
        assert.deepEqual(Object.keys(response.json()).sort(), ['errorMessages', 'errors']);
        assert.equal(response.headers['set-cookie'], undefined);
      }
      const missing = await veil.request({ method: 'POST', url: '/rest/auth/1/session', body: {} });
      assert.equal(missing.statusCode, 400);
      const signOutAnonymous = await veil.request({ method: 'DELETE', url: '/rest/auth/1/session' });
      assert.equal(signOutAnonymous.statusCode, 401);
    });
  });
}
