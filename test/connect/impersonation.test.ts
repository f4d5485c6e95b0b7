import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { JwtClaims } from '../../src/apps/jwt.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';
import {
  type ListeningVeil,
  signAppRequest,
  signImpersonationAssertion,
  type TestApp,
} from './connect-support.ts';

const grantType = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

for (const backend of testBackends()) {
  describe(`impersonation (JWT bearer grant) on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let actor: TestApp;
    let plain: TestApp;
    before(async () => {
      ({ veil, actor, plain } = await startConnectTestbed(backend, {
        actor: { key: 'com.example.actor', scopes: ['READ', 'ACT_AS_USER'] },
        plain: { key: 'com.example.plain', scopes: ['READ'] },
      }));
    });
    after(() => veil.close());

    const installOf = (app: TestApp) => {
      const body = app.received.find((c) => c.path === '/installed' && c.answered === 204)?.body ?? {};
      return { oauthClientId: String(body.oauthClientId), sharedSecret: String(body.sharedSecret) };
    };
    const assertionFor = (
      app: TestApp,
      accountId: string,
      overrides: Partial<JwtClaims> & { secret?: string } = {},
    ) => signImpersonationAssertion(app, veil, accountId, overrides);
    const askForToken = (form: Record<string, string>) =>
      veil.request({
        method: 'POST',
        url: '/oauth2/token',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
      });
    const tokenFor = async (accountId: string, app = actor) => {
      const response = await askForToken({ grant_type: grantType, assertion: assertionFor(app, accountId) });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().access_token as string;
    };
    const asBearer = (token: string, url: string, host?: string) =>
      veil.request({ url, headers: { authorization: `Bearer ${token}`, ...(host ? { host } : {}) } });
    const refusal = async (form: Record<string, string>) => {
      const response = await askForToken(form);
      return {
        status: response.statusCode,
        ...(response.json() as { error: string; error_description: string }),
      };
    };

    it('issues a short-lived bearer token, kept only as a hash', async () => {
      const response = await askForToken({
        grant_type: grantType,
        assertion: assertionFor(actor, demoIds.mia),
      });
      assert.equal(response.statusCode, 200, response.body);
      const token = response.json();
      assert.equal(token.token_type, 'Bearer');
      assert.equal(token.expires_in, 900);
      assert.equal(token.scope, 'READ ACT_AS_USER');
      assert.equal(response.headers['cache-control'], 'no-store');
      const stored = await veil.store.db.selectFrom('connect_access_tokens').select('token_hash').execute();
      assert.ok(stored.length > 0);
      assert.ok(
        stored.every(
          (row) => row.token_hash !== token.access_token && !token.access_token.includes(row.token_hash),
        ),
      );
    });

    it('acts as the person for permissions while the app sees public fields only', async () => {
      const token = await tokenFor(demoIds.mia);
      const myself = await asBearer(token, '/rest/api/3/myself');
      assert.equal(myself.statusCode, 200, myself.body);
      assert.equal(myself.headers['x-aaccountid'], demoIds.mia);
      const seen = myself.json();
      assert.equal(seen.accountId, demoIds.mia);
      assert.equal(seen.displayName, 'Mia Krystof');
      for (const hidden of ['emailAddress', 'timeZone', 'locale'])
        assert.equal(hidden in seen, false, hidden);
      assert.match(seen.avatarUrls['48x48'], /masked/);
      const ownView = (await veil.request({ url: '/rest/api/3/myself', as: demoPerson('mia') })).json();
      assert.equal(
        ownView.emailAddress,
        'mia@acme.test',
        'Mia herself sees what the app acting for her does not',
      );
      // Searching needs a person's "browse users" permission: the app alone has none, acting for Mia it has hers.
      const search = '/rest/api/3/user/search?query=noah';
      const jwtAlone = await veil.request({
        url: search,
        headers: {
          authorization: `JWT ${signAppRequest(actor.credentials(), veil, 'GET', search, { iss: 'com.example.actor' })}`,
        },
      });
      assert.deepEqual(jwtAlone.json(), [], 'the app on its own may not browse users');
      const found = (await asBearer(token, search)).json();
      assert.deepEqual(
        found.map((user: { accountId: string }) => user.accountId),
        [demoIds.noah],
      );
      // Liam hides his full name from everyone but himself: searching it finds nobody, even acting for Mia.
      assert.deepEqual((await asBearer(token, '/rest/api/3/user/search?query=okafor')).json(), []);
      assert.equal(
        (await veil.request({ url: '/rest/api/3/user/search?query=okafor', as: demoPerson('liam') })).json()
          .length,
        1,
      );
    });

    it('keeps the app to its scopes and off the management API', async () => {
      const token = await tokenFor(demoIds.olivia);
      const members = await asBearer(token, '/rest/api/3/group/member?groupname=developers');
      assert.equal(members.statusCode, 403, 'ADMIN is not a scope of the app, whoever it acts for');
      const management = await asBearer(token, '/veil/v1/me');
      assert.equal(management.statusCode, 403);
    });

    it('refuses to impersonate an app user, and says so', async () => {
      for (const accountId of [
        demoIds.app,
        (await veil.request({ url: '/veil/v1/sites/acme/apps', as: demoPerson('olivia') })).json()[0]
          .accountId,
      ]) {
        const refused = await refusal({ grant_type: grantType, assertion: assertionFor(actor, accountId) });
        assert.equal(refused.status, 400);
        assert.equal(refused.error, 'invalid_grant');
        assert.match(
          refused.error_description,
          /app user \(accountType "app"\): app users cannot be impersonated/,
        );
      }
    });

    it('answers every bad assertion with an OAuth error that names the problem', async () => {
      const good = () => assertionFor(actor, demoIds.mia);
      const tokens = async () =>
        (await veil.store.db.selectFrom('connect_access_tokens').select('token_hash').execute()).length;
      const tokensBefore = await tokens();
      const now = Math.floor(veil.clock.now().getTime() / 1000);
      const cases: [string, Record<string, string>, number, string, RegExp][] = [
        ['no grant type', { assertion: good() }, 400, 'invalid_request', /grant_type/],
        [
          'another grant',
          { grant_type: 'client_credentials', assertion: good() },
          400,
          'unsupported_grant_type',
          /jwt-bearer/,
        ],
        ['no assertion', { grant_type: grantType }, 400, 'invalid_request', /assertion/],
        ['not a JWT', { grant_type: grantType, assertion: 'nope' }, 400, 'invalid_grant', /well-formed/],
        [
          'wrong secret',
          { grant_type: grantType, assertion: assertionFor(actor, demoIds.mia, { secret: 'guess' }) },
          400,
          'invalid_grant',
          /signature/,
        ],
        [
          'expired',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { iat: now - 600, exp: now - 300 }),
          },
          400,
          'invalid_grant',
          /expired/,
        ],
        [
          'from the future',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { iat: now + 600, exp: now + 660 }),
          },
          400,
          'invalid_grant',
          /future|too long/,
        ],
        [
          'too long-lived',
          { grant_type: grantType, assertion: assertionFor(actor, demoIds.mia, { exp: now + 3600 }) },
          400,
          'invalid_grant',
          /too long/,
        ],
        [
          'unknown client',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { iss: 'urn:atlassian:connect:clientid:nobody' }),
          },
          401,
          'invalid_client',
          /no installed app/,
        ],
        [
          'an app key as issuer',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { iss: 'com.example.actor' }),
          },
          400,
          'invalid_grant',
          /clientid/,
        ],
        [
          'another audience',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { aud: 'https://elsewhere.example' }),
          },
          400,
          'invalid_grant',
          /aud/,
        ],
        [
          'another tenant',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { tnt: 'http://globex.localhost:8080' }),
          },
          400,
          'invalid_grant',
          /tnt/,
        ],
        [
          'a user key',
          {
            grant_type: grantType,
            assertion: assertionFor(actor, demoIds.mia, { sub: 'urn:atlassian:connect:userkey:mia' }),
          },
          400,
          'invalid_grant',
          /User keys/,
        ],
        [
          'a deactivated person',
          { grant_type: grantType, assertion: assertionFor(actor, demoIds.ethan) },
          400,
          'invalid_grant',
          /not active/,
        ],
        [
          'no ACT_AS_USER',
          { grant_type: grantType, assertion: assertionFor(plain, demoIds.mia) },
          400,
          'unauthorized_client',
          /ACT_AS_USER/,
        ],
        [
          'a scope the app lacks',
          { grant_type: grantType, assertion: good(), scope: 'READ WRITE' },
          400,
          'invalid_scope',
          /WRITE/,
        ],
      ];
      for (const [name, form, status, error, description] of cases) {
        const refused = await refusal(form);
        assert.equal(refused.status, status, name);
        assert.equal(refused.error, error, name);
        assert.match(refused.error_description, description, name);
        assert.ok(
          !refused.error_description.includes(installOf(actor).sharedSecret),
          `${name}: no secret echoed`,
        );
      }
      const unlinked = await createAccountThroughApi(veil, {
        email: 'nosite@example.net',
        fullName: 'No Site',
      });
      const notHere = await refusal({
        grant_type: grantType,
        assertion: assertionFor(actor, unlinked.json().accountId),
      });
      assert.deepEqual([notHere.status, notHere.error], [400, 'invalid_grant']);
      assert.equal(await tokens(), tokensBefore, 'no token for a refusal');
    });

    it('takes narrower scopes and JSON bodies too', async () => {
      const response = await veil.request({
        method: 'POST',
        url: '/oauth2/token',
        body: { grant_type: grantType, assertion: assertionFor(actor, demoIds.noah), scope: 'read' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.json().scope, 'READ');
    });

    it("stops acting for a person whom the site's admin deactivated on it, and starts again once given back", async () => {
      const token = await tokenFor(demoIds.noah);
      const setActive = (active: boolean) =>
        veil.request({
          method: 'PUT',
          url: `/rest/api/2/user?accountId=${demoIds.noah}`,
          as: demoPerson('olivia'),
          body: { active },
        });
      assert.equal((await setActive(false)).statusCode, 200, 'olivia closes acme to noah');
      assert.equal((await asBearer(token, '/rest/api/3/myself')).statusCode, 401, 'a token held is refused');
      const refused = await refusal({ grant_type: grantType, assertion: assertionFor(actor, demoIds.noah) });
      assert.equal(refused.error, 'invalid_grant', 'and no new one is issued');
      assert.equal((await setActive(true)).statusCode, 200);
      assert.equal((await asBearer(token, '/rest/api/3/myself')).statusCode, 200);
    });

    it('stops working when it expires, elsewhere, or once the app is uninstalled', async () => {
      const token = await tokenFor(demoIds.noah);
      assert.equal(
        (await asBearer(token, '/rest/api/3/myself', 'globex.localhost')).statusCode,
        401,
        'another site',
      );
      const unknown = await asBearer('veil-at-made-up', '/rest/api/3/myself');
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual(Object.keys(unknown.json()).sort(), ['errorMessages', 'errors']);
      veil.clock.advance(900_000);
      assert.equal((await asBearer(token, '/rest/api/3/myself')).statusCode, 401, 'expired');
      const fresh = await tokenFor(demoIds.noah);
      assert.equal((await asBearer(fresh, '/rest/api/3/myself')).statusCode, 200);
      const removed = await veil.request({
        method: 'DELETE',
        url: '/veil/v1/sites/acme/apps/com.example.actor',
        as: demoPerson('olivia'),
      });
      assert.equal(removed.statusCode, 204);
      assert.equal((await asBearer(fresh, '/rest/api/3/myself')).statusCode, 401, 'uninstalled');
    });
  });
}
