import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import {
  type AppCredentials,
  buildDescriptor,
  type ListeningVeil,
  signAppRequest,
  type TestApp,
} from './connect-support.ts';

for (const backend of testBackends()) {
  describe(`requests from Connect apps (JWT) on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let reader: TestApp;
    let scopeless: TestApp;
    let credentials: AppCredentials;
    before(async () => {
      ({ veil, reader, scopeless } = await startConnectTestbed(backend, {
        reader: {},
        scopeless: { key: 'com.example.scopeless', scopes: [] },
      }));
      credentials = reader.credentials();
    });
    after(() => veil.close());

    const asApp = (url: string, token: string, method: 'GET' | 'POST' = 'GET') =>
      veil.request({ method, url, headers: { authorization: `JWT ${token}` } });
    const miaUrl = `/rest/api/3/user?accountId=${demoIds.mia}`;

    it('shows an app public fields only: Mia full name, not her organization-only time zone or avatar', async () => {
      const response = await asApp(miaUrl, signAppRequest(credentials, veil, 'GET', miaUrl));
      assert.equal(response.statusCode, 200, response.body);
      const mia = response.json();
      assert.equal(mia.displayName, 'Mia Krystof');
      assert.equal('timeZone' in mia, false, 'her time zone is for Acme only');
      assert.equal('locale' in mia, false);
      assert.equal('emailAddress' in mia, false);
      assert.match(mia.avatarUrls['48x48'], /masked/);
      const byColleague = await veil.request({ url: miaUrl, as: demoPerson('olivia') });
      assert.equal(byColleague.json().timeZone, 'Australia/Sydney', 'a colleague sees what the app may not');
      const noahUrl = `/rest/api/3/user?accountId=${demoIds.noah}`;
      const noah = await asApp(noahUrl, signAppRequest(credentials, veil, 'GET', noahUrl));
      assert.equal(noah.json().timeZone, 'Europe/Berlin', 'a public time zone is shown');
    });

    it('never shows an app a hidden field in a wiki user either (location, email)', async () => {
      const url = `/wiki/rest/api/user?accountId=${demoIds.mia}`;
      const response = await asApp(
        url,
        signAppRequest(credentials, veil, 'GET', url, { contextPath: '/wiki' }),
      );
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().displayName, 'Mia Krystof');
      assert.equal(response.json().email, '');
      assert.equal(JSON.stringify(response.json()).includes('Sydney'), false, 'no trace of her location');
    });

    it('accepts the issuer as the client key, the jwt query parameter, and the unstripped wiki qsh', async () => {
      const byClientKey = signAppRequest(credentials, veil, 'GET', miaUrl, {
        iss: credentials.clientKey,
        aud: [],
      });
      assert.equal((await asApp(miaUrl, byClientKey)).statusCode, 200);
      const inQuery = `${miaUrl}&jwt=${signAppRequest(credentials, veil, 'GET', miaUrl)}`;
      assert.equal((await veil.request({ url: inQuery })).statusCode, 200);
      const wiki = `/wiki/rest/api/user?accountId=${demoIds.noah}`;
      assert.equal((await asApp(wiki, signAppRequest(credentials, veil, 'GET', wiki))).statusCode, 200);
    });

    it('refuses a wrong qsh, a context qsh, and a missing one', async () => {
      const other = `/rest/api/3/user?accountId=${demoIds.noah}`;
      for (const qsh of [signAppRequest(credentials, veil, 'GET', other), undefined, 'context-qsh']) {
        const token =
          qsh === undefined || qsh === 'context-qsh'
            ? signAppRequest(credentials, veil, 'GET', miaUrl, { qsh })
            : qsh;
        const response = await asApp(miaUrl, token);
        assert.equal(response.statusCode, 401);
        assert.match(response.json().errorMessages[0], /qsh/);
      }
    });

    it('refuses an expired token (beyond the skew), and one from the future', async () => {
      const now = Math.floor(veil.clock.now().getTime() / 1000);
      const expired = signAppRequest(credentials, veil, 'GET', miaUrl, { iat: now - 300, exp: now - 31 });
      assert.equal((await asApp(miaUrl, expired)).statusCode, 401);
      const skewed = signAppRequest(credentials, veil, 'GET', miaUrl, { iat: now - 300, exp: now - 10 });
      assert.equal((await asApp(miaUrl, skewed)).statusCode, 200, 'within the skew');
      const future = signAppRequest(credentials, veil, 'GET', miaUrl, { iat: now + 600, exp: now + 900 });
      assert.equal((await asApp(miaUrl, future)).statusCode, 401);
    });

    it('refuses an unknown issuer, a bad signature, another audience and a token that is not a JWT', async () => {
      const cases = [
        signAppRequest(credentials, veil, 'GET', miaUrl, { iss: 'com.example.nobody', aud: [] }),
        signAppRequest(credentials, veil, 'GET', miaUrl, { secret: 'not-the-shared-secret' }),
        signAppRequest(credentials, veil, 'GET', miaUrl, { aud: ['another-client-key'] }),
        'not.a.jwt',
      ];
      const codes = [];
      for (const token of cases) {
        const response = await asApp(miaUrl, token);
        assert.equal(response.statusCode, 401);
        codes.push(response.json().errorMessages[0]);
      }
      assert.match(codes[0], /not an app installed/);
    });

    it('refuses an app on a site it is not installed on', async () => {
      const response = await veil.request({
        url: miaUrl,
        headers: {
          host: 'globex.localhost',
          authorization: `JWT ${signAppRequest(credentials, veil, 'GET', miaUrl)}`,
        },
      });
      assert.equal(response.statusCode, 401);
    });

    it('needs the scope each operation requires', async () => {
      const none = scopeless.credentials();
      const token = signAppRequest(none, veil, 'GET', miaUrl, { iss: 'com.example.scopeless' });
      const response = await asApp(miaUrl, token);
      assert.equal(response.statusCode, 403);
      assert.match(response.json().errorMessages[0], /READ scope/);
      const groupUrl = '/rest/api/3/group/member?groupname=developers';
      const admin = await asApp(groupUrl, signAppRequest(credentials, veil, 'GET', groupUrl));
      assert.equal(admin.statusCode, 403, 'group members need ADMIN');
      assert.match(admin.json().errorMessages[0], /ADMIN scope/);
      const me = await asApp('/veil/v1/me', signAppRequest(credentials, veil, 'GET', '/veil/v1/me'));
      assert.equal(me.statusCode, 403, "Veil's management API is not for apps");
    });

    it('keeps scopes per site: an admin of another site cannot widen what the app may do here', async () => {
      const widened = { ...buildDescriptor(reader.baseUrl), scopes: ['ADMIN'] };
      const installed = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/globex/apps',
        as: demoPerson('sofia'),
        body: { descriptor: widened },
      });
      assert.equal(installed.statusCode, 201, installed.body);
      const groupUrl = '/rest/api/3/group/member?groupname=developers';
      const here = await asApp(groupUrl, signAppRequest(credentials, veil, 'GET', groupUrl));
      assert.equal(here.statusCode, 403, 'acme still gave it READ only');
      const listed = await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') });
      const acme = listed.json().find((app: { appKey: string }) => app.appKey === 'com.example.test-app');
      assert.deepEqual(acme.scopes, ['READ']);
    });

    it('refuses a disabled app until it is enabled again', async () => {
      const patch = (enabled: boolean) =>
        veil.request({
          method: 'PATCH',
          url: '/veil/v1/sites/acme/apps/com.example.test-app',
          as: demoPerson('olivia'),
          body: { enabled },
        });
      await patch(false);
      const refused = await asApp(miaUrl, signAppRequest(credentials, veil, 'GET', miaUrl));
      assert.equal(refused.statusCode, 403);
      await patch(true);
      assert.equal((await asApp(miaUrl, signAppRequest(credentials, veil, 'GET', miaUrl))).statusCode, 200);
    });
  });
}
