import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];

const { mia, noah, ava, liam, ethan, customer, pat } = demoIds;
const unknownId = 'ffffffffffffffffffffffff';
const acme = 'acme.localhost';
const globex = 'globex.localhost';

for (const backend of testBackends()) {
  describe(`wiki user API on ${backend.name}`, () => {
    let veil: TestVeil;
    const spec = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    /** A request by a demo person (or nobody, with `null`) to a site. */
    const call = (who: PersonName | null, url: string, host = acme, rest: Partial<TestRequest> = {}) =>
      veil.request({ url, ...(who ? { as: demoPerson(who) } : {}), headers: { host }, ...rest });
    const getUser = async (who: PersonName | null, accountId: string, host = acme) => {
      const response = await call(who, `/wiki/rest/api/user?accountId=${accountId}`, host);
      assert.equal(response.statusCode, 200, response.body);
      return response.json();
    };
    const conformsV1 = (path: string, body: unknown) =>
      assert.deepEqual(spec.validate('confluence1', 'GET', `/wiki/rest/api${path}`, 200, body), []);

    it('answers GET /user with the v1 User object of the spec', async () => {
      const response = await call('mia', `/wiki/rest/api/user?accountId=${ava}&expand=operations`);
      assert.equal(response.statusCode, 200, response.body);
      const user = response.json();
      conformsV1('/user', user);
      assert.deepEqual(
        { type: user.type, accountId: user.accountId, accountType: user.accountType },
        { type: 'known', accountId: ava, accountType: 'atlassian' },
      );
      assert.equal(user.email, 'ava@acme.test', 'Ava shows her email to anyone');
      assert.equal(user.publicName, 'Ava');
      assert.equal(user.displayName, 'Ava Lindqvist');
      assert.equal(user.timeZone, 'Europe/Stockholm');
      assert.deepEqual(
        { ...user.profilePicture, path: undefined },
        { path: undefined, width: 48, height: 48, isDefault: false },
      );
      assert.match(user.profilePicture.path, /^\/veil\/v1\/avatars\/[^/]+\?s=48$/);
      assert.equal(user.isExternalCollaborator, false);
      assert.equal(user.externalCollaborator, false);
      assert.deepEqual(user.operations, [{ operation: 'use', targetType: 'application' }]);
      assert.deepEqual(user._expandable, { personalSpace: '' }, 'an expanded property leaves _expandable');
      assert.deepEqual(user._links, {
        self: `http://127.0.0.1:8080/wiki/rest/api/user?accountId=${ava}`,
        base: 'http://127.0.0.1:8080/wiki',
        context: '/wiki',
      });
      const plain = await getUser('mia', ava);
      assert.deepEqual(plain._expandable, { operations: '', personalSpace: '' });
      assert.equal('operations' in plain, false);
    });

    it('gives the fields a viewer may not see as empty strings, and publicName always', async () => {
      const byColleague = await getUser('mia', liam);
      assert.equal(byColleague.email, '');
      assert.equal(byColleague.timeZone, '');
      assert.equal(byColleague.displayName, 'L.O.', 'a hidden full name falls back to the public name');
      assert.equal(byColleague.publicName, 'L.O.');
      assert.deepEqual(byColleague.profilePicture, {
        path: '/veil/v1/avatars/masked?s=48',
        width: 48,
        height: 48,
        isDefault: true,
      });
      conformsV1('/user', byColleague);

      const byOutsider = await getUser('noah', mia, globex);
      assert.deepEqual(
        [byOutsider.email, byOutsider.timeZone, byOutsider.profilePicture.isDefault],
        ['', '', true],
        'the organization fields of a managed account are hidden from an outsider',
      );
      assert.equal(byOutsider.displayName, 'Mia Krystof');
      assert.equal(byOutsider.publicName, 'Mia');

      const byColleagueOfMia = await getUser('ava', mia);
      assert.equal(
        byColleagueOfMia.timeZone,
        'Australia/Sydney',
        'the organization sees organization fields',
      );
      assert.equal(byColleagueOfMia.email, '', 'but not an email kept to oneself');

      const byNobody = await getUser(null, mia, globex);
      assert.deepEqual([byNobody.email, byNobody.timeZone, byNobody.publicName], ['', '', 'Mia']);
      assert.equal(JSON.stringify(byNobody).includes('mia@acme.test'), false);
    });

    it('shows every field to the person themself and to the admin of their organization', async () => {
      const self = await call('mia', '/wiki/rest/api/user/current');
      assert.equal(self.statusCode, 200, self.body);
      conformsV1('/user/current', self.json());
      assert.equal(self.json().accountId, mia);
      assert.equal(self.json().email, 'mia@acme.test');
      assert.equal(self.json().timeZone, 'Australia/Sydney');

      const byAdmin = await getUser('olivia', liam);
      assert.equal(byAdmin.email, 'liam@acme.test');
      assert.equal(byAdmin.displayName, 'Liam Okafor');
      assert.equal(byAdmin.timeZone, 'Africa/Lagos');
      assert.equal(byAdmin.profilePicture.isDefault, false);
    });

    it('answers 404 for an unknown account or one the site does not know', async () => {
      for (const [who, accountId, host] of [
        ['mia', unknownId, acme],
        ['noah', pat, globex],
      ] as const) {
        const response = await call(who, `/wiki/rest/api/user?accountId=${accountId}`, host);
        assert.equal(response.statusCode, 404, response.body);
        const body = response.json();
        assert.equal(body.statusCode, 404);
        assert.equal(body.data.successful, false);
        assert.equal(typeof body.message, 'string');
        assert.equal(body.data.errors[0].message.translation, body.message);
      }
    });

    it('refuses username and key, and a missing or malformed accountId, with 400', async () => {
      for (const query of [
        `username=mia`,
        `key=mia`,
        `accountId=${mia}&key=mia`,
        '',
        'accountId=not%20an%20id',
      ]) {
        const response = await call('mia', `/wiki/rest/api/user?${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
        assert.equal(response.json().statusCode, 400);
        assert.equal(response.json().data.valid, false);
      }
      const legacy = await call('mia', '/wiki/rest/api/user?username=mia');
      assert.match(legacy.json().message, /no longer available/);
    });

    it('renders a customer account with the empty accountType the v1 spec allows', async () => {
      const user = await getUser('mia', customer);
      assert.equal(user.accountType, '');
      conformsV1('/user', user);
    });

    it('lets anonymous callers in only where the site allows anonymous access', async () => {
      const anonymous = await call(null, '/wiki/rest/api/user/anonymous?expand=operations', globex);
      assert.equal(anonymous.statusCode, 200, anonymous.body);
      conformsV1('/user/anonymous', anonymous.json());
      assert.deepEqual(anonymous.json(), {
        type: 'anonymous',
        profilePicture: { path: '/veil/v1/avatars/masked?s=48', width: 48, height: 48, isDefault: true },
        displayName: 'Anonymous',
        operations: [{ operation: 'use', targetType: 'application' }],
        isExternalCollaborator: false,
        _expandable: {},
        _links: {
          self: 'http://globex.localhost:8080/wiki/rest/api/user/anonymous',
          base: 'http://globex.localhost:8080/wiki',
          context: '/wiki',
        },
      });
      const current = await call(null, '/wiki/rest/api/user/current', globex);
      assert.equal(current.statusCode, 200);
      assert.equal(current.json().type, 'anonymous');
      conformsV1('/user/current', current.json());

      for (const url of [
        '/wiki/rest/api/user/anonymous',
        '/wiki/rest/api/user/current',
        `/wiki/rest/api/user?accountId=${mia}`,
        `/wiki/rest/api/user/bulk?accountId=${mia}`,
        `/wiki/rest/api/user/memberof?accountId=${mia}`,
      ]) {
        const refused = await call(null, url, acme);
        assert.equal(refused.statusCode, 401, `${url}: ${refused.body}`);
        assert.equal(refused.json().data.authorized, false);
      }
      const signedIn = await call('mia', '/wiki/rest/api/user/anonymous');
      assert.equal(signedIn.statusCode, 200);
      assert.deepEqual(signedIn.json()._expandable, { operations: '' });
    });

    it('refuses people without wiki access on the site with 403', async () => {
      const response = await call('noah', `/wiki/rest/api/user?accountId=${mia}`, acme);
      assert.equal(response.statusCode, 403, response.body);
      assert.equal(response.json().data.authorized, false);
      const onTheirWiki = await call('noah', `/wiki/rest/api/user?accountId=${mia}`, globex);
      assert.equal(onTheirWiki.statusCode, 200);
    });

    it('looks up many users with GET /user/bulk, however the ids are joined', async () => {
      for (const ids of [
        `accountId=${mia},${ava}`,
        `accountId=${mia}%2C${ava}`,
        `accountId=${mia}&accountId=${ava}`,
        `accountId=${mia},${unknownId}&accountId=${ava},${mia}`,
      ]) {
        const response = await call('mia', `/wiki/rest/api/user/bulk?${ids}`);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json();
        conformsV1('/user/bulk', body);
        assert.deepEqual(
          body.results.map((u: { accountId: string }) => u.accountId),
          [mia, ava],
          ids,
        );
        assert.deepEqual([body.start, body.limit, body.size], [0, 200, 2]);
        assert.equal(body._links.base, 'http://127.0.0.1:8080/wiki');
        assert.equal(body.results[0].email, 'mia@acme.test', 'the caller sees their own email');
        assert.equal(body.results[1].email, 'ava@acme.test');
      }
      const byOutsider = await call('noah', `/wiki/rest/api/user/bulk?accountId=${mia},${noah}`, globex);
      const [hidden, own] = byOutsider.json().results;
      assert.deepEqual([hidden.email, hidden.timeZone, own.email], ['', '', 'noah@example.com']);
    });

    it('honours limit and only the first 200 ids of GET /user/bulk', async () => {
      const limited = await call('mia', `/wiki/rest/api/user/bulk?accountId=${mia},${ava},${liam}&limit=2`);
      assert.equal(limited.statusCode, 200, limited.body);
      assert.deepEqual([limited.json().limit, limited.json().size], [2, 2]);

      const fillers = Array.from({ length: 200 }, (_, i) => `ab${String(i).padStart(22, '0')}`);
      const tooMany = await call('mia', `/wiki/rest/api/user/bulk?accountId=${[...fillers, mia].join(',')}`);
      assert.equal(tooMany.statusCode, 200, tooMany.body);
      assert.deepEqual(tooMany.json().results, [], 'the 201st id is not looked up');

      for (const query of [
        `accountId=${mia}&limit=0`,
        `accountId=${mia}&limit=201`,
        'limit=5',
        'accountId=',
      ]) {
        const response = await call('mia', `/wiki/rest/api/user/bulk?${query}`);
        assert.equal(response.statusCode, 400, `${query}: ${response.body}`);
      }
    });

    it("lists the site's groups an account belongs to with GET /user/memberof", async () => {
      const response = await call('ava', `/wiki/rest/api/user/memberof?accountId=${mia}`);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      conformsV1('/user/memberof', body);
      assert.deepEqual(
        body.results.map((g: { name: string }) => g.name),
        ['confluence-users', 'developers', 'jira-users'],
      );
      assert.deepEqual([body.start, body.limit, body.size], [0, 200, 3]);
      assert.equal(body.results[0].type, 'group');
      assert.equal(typeof body.results[0].id, 'string');

      const page = (
        await call('ava', `/wiki/rest/api/user/memberof?accountId=${mia}&start=1&limit=1`)
      ).json();
      assert.deepEqual(
        page.results.map((g: { name: string }) => g.name),
        ['developers'],
      );
      assert.equal(page._links.next, `/rest/api/user/memberof?accountId=${mia}&start=2&limit=1`);

      const onGlobex = (await call('noah', `/wiki/rest/api/user/memberof?accountId=${mia}`, globex)).json();
      assert.deepEqual(
        onGlobex.results.map((g: { name: string }) => g.name),
        ['partners'],
        'only the groups of the site asked',
      );
      const unknown = await call('ava', `/wiki/rest/api/user/memberof?accountId=${unknownId}`);
      assert.equal(unknown.statusCode, 404);
      const legacy = await call('ava', '/wiki/rest/api/user/memberof?username=mia');
      assert.equal(legacy.statusCode, 400);
      const negative = await call('ava', `/wiki/rest/api/user/memberof?accountId=${mia}&start=-1`);
      assert.equal(negative.statusCode, 400);
    });

    it('answers POST /wiki/api/v2/users-bulk with v2 users', async () => {
      const usersBulk = (who: PersonName | null, body: unknown, host = acme) =>
        call(who, '/wiki/api/v2/users-bulk', host, { method: 'POST', body });
      const response = await usersBulk('mia', { accountIds: [mia, liam, ethan, customer, unknownId, mia] });
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.deepEqual(spec.validate('confluence2', 'POST', '/users-bulk', 200, body), []);
      assert.match(response.headers.link as string, /^<http:\/\/127\.0\.0\.1:8080\/wiki>; rel="base"$/);
      assert.deepEqual(body._links, { base: 'http://127.0.0.1:8080/wiki' });
      const [self, hidden, deactivated, customerUser] = body.results;
      assert.equal(body.results.length, 4, 'unknown ids are left out, repeated ones given once');
      assert.deepEqual(self, {
        accountId: mia,
        accountStatus: 'active',
        accountType: 'atlassian',
        email: 'mia@acme.test',
        publicName: 'Mia',
        displayName: 'Mia Krystof',
        timeZone: 'Australia/Sydney',
        profilePicture: { path: self.profilePicture.path, isDefault: false },
        isExternalCollaborator: false,
      });
      assert.deepEqual(
        [hidden.email, 'timeZone' in hidden, hidden.displayName, hidden.profilePicture.isDefault],
        ['', false, 'L.O.', true],
      );
      assert.equal(deactivated.accountStatus, 'inactive');
      assert.equal(customerUser.accountType, 'customer');

      const anonymous = await usersBulk(null, { accountIds: [mia] }, globex);
      assert.equal(anonymous.statusCode, 200);
      assert.deepEqual(
        [anonymous.json().results[0].email, 'timeZone' in anonymous.json().results[0]],
        ['', false],
      );
      assert.equal((await usersBulk(null, { accountIds: [mia] })).statusCode, 401);
    });

    it('refuses a users-bulk body without 1 to 250 accountIds with 400', async () => {
      const tooMany = Array.from({ length: 251 }, (_, i) => `cd${String(i).padStart(22, '0')}`);
      const atTheLimit = await call('mia', '/wiki/api/v2/users-bulk', acme, {
        method: 'POST',
        body: { accountIds: [...tooMany.slice(0, 249), mia] },
      });
      assert.equal(atTheLimit.statusCode, 200, atTheLimit.body);
      assert.equal(atTheLimit.json().results.length, 1);
      for (const body of [{ accountIds: tooMany }, { accountIds: [] }, {}, { accountIds: mia }]) {
        const response = await call('mia', '/wiki/api/v2/users-bulk', acme, { method: 'POST', body });
        assert.equal(response.statusCode, 400, `${JSON.stringify(body).slice(0, 60)}: ${response.body}`);
        assert.equal(response.json().statusCode, 400);
      }
      const empty = await call('mia', '/wiki/api/v2/users-bulk', acme, {
        method: 'POST',
        headers: { host: acme, 'content-type': 'application/json' },
      });
      assert.equal(empty.statusCode, 400, empty.body);
    });
  });
}
