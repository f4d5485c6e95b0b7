import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ListeningVeil, signAppRequest, type TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

type Person = Parameters<typeof demoPerson>[0];
const { mia, noah } = demoIds;
const miaProps = `/rest/api/3/user/properties`;

/**
 * Properties about a person are personal data an app put there: only the app that wrote one and the
 * person it is about may read it; erasing the person removes them all, and the scan proves it.
 */
for (const backend of testBackends()) {
  describe(`user properties on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let writer: TestApp;
    let other: TestApp;
    const validator = new SpecValidator();
    before(async () => {
      ({ veil, writer, other } = await startConnectTestbed(backend, {
        writer: { key: 'com.example.writer', scopes: ['READ', 'WRITE', 'DELETE'] },
        other: { key: 'com.example.other', scopes: ['ADMIN'] },
      }));
    });
    after(() => veil.close());

    const asApp = (
      app: TestApp,
      key: string,
      method: 'GET' | 'PUT' | 'DELETE' | 'POST',
      url: string,
      body?: unknown,
    ) => {
      const contextPath = url.startsWith('/wiki/') ? { contextPath: '/wiki' } : {};
      const jwt = signAppRequest(app.credentials(), veil, method, url, { iss: key, ...contextPath });
      return veil.request({
        method,
        url,
        headers: { authorization: `JWT ${jwt}` },
        ...(body !== undefined ? { body } : {}),
      });
    };
    const asWriter = (method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown) =>
      asApp(writer, 'com.example.writer', method, url, body);
    const asOther = (method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
      asApp(other, 'com.example.other', method, url, body);
    /** A JSON body; a string is sent as a JSON string (as jira.js sends a preference). */
    const asPerson = (who: Person, method: 'GET' | 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown) =>
      veil.request({
        method,
        url,
        as: demoPerson(who),
        ...(body !== undefined
          ? {
              body: typeof body === 'string' ? JSON.stringify(body) : body,
              headers: { 'content-type': 'application/json' },
            }
          : {}),
      });

    it('lets the app that wrote a property and the person read it, and nobody else, admins included', async () => {
      const url = `${miaProps}/favourite?accountId=${mia}`;
      const created = await asWriter('PUT', url, { colour: 'teal', note: 'Mia Krystof likes teal' });
      assert.equal(created.statusCode, 201, created.body);
      assert.equal((await asWriter('PUT', url, { colour: 'plum' })).statusCode, 200, 'replaced');
      const read = await asWriter('GET', url);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json(), { key: 'favourite', value: { colour: 'plum' } });
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/user/properties/{propertyKey}', 200, read.json()),
        [],
      );
      const byMia = await asPerson('mia', 'GET', url);
      assert.deepEqual(byMia.json().value, { colour: 'plum' }, 'the person sees what is stored about them');
      const keys = await asPerson('mia', 'GET', `${miaProps}?accountId=${mia}`);
      assert.deepEqual(
        keys.json().keys.map((k: { key: string }) => k.key),
        ['favourite'],
      );
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/user/properties', 200, keys.json()),
        [],
      );
      for (const who of ['olivia', 'ava', 'pat'] as const) {
        assert.equal((await asPerson(who, 'GET', url)).statusCode, 404, `${who} may not read it`);
        const listed = await asPerson(who, 'GET', `${miaProps}?accountId=${mia}`);
        assert.deepEqual(listed.json(), { keys: [] }, `${who} sees no keys`);
      }
      const exported = await asPerson('mia', 'GET', '/veil/v1/me/export');
      assert.deepEqual(
        exported.json().storedAboutYou.filter((p: { key: string }) => p.key === 'favourite'),
        [
          {
            writtenBy: 'com.example.writer',
            key: 'favourite',
            value: { colour: 'plum' },
            updatedAt: exported.json().storedAboutYou[0].updatedAt,
          },
        ],
        'in her export',
      );
      assert.equal((await asOther('GET', url)).statusCode, 404, 'another app may not read it');
      assert.deepEqual((await asOther('GET', `${miaProps}?accountId=${mia}`)).json(), { keys: [] });
    });

    it('keeps a person’s own properties from apps, and refuses anyone writing about someone else', async () => {
      const own = `${miaProps}/own?accountId=${mia}`;
      assert.equal((await asPerson('mia', 'PUT', own, 'just mine')).statusCode, 201);
      assert.equal(
        (await asWriter('GET', own)).statusCode,
        404,
        'an app does not see what the person stored',
      );
      const refused = await asPerson('olivia', 'PUT', `${miaProps}/x?accountId=${mia}`, 1);
      assert.equal(refused.statusCode, 403, 'a site admin does not write about a person');
      assert.equal((await asPerson('mia', 'DELETE', own)).statusCode, 204);
      assert.equal((await asPerson('mia', 'DELETE', own)).statusCode, 404);
      assert.equal((await asPerson('mia', 'GET', `${miaProps}?accountId=nope!`)).statusCode, 400);
      assert.equal((await asPerson('mia', 'GET', `${miaProps}`)).statusCode, 400, 'accountId required');
      const unknown = await asPerson('mia', 'GET', `${miaProps}?accountId=ffffffffffffffffffffffff`);
      assert.equal(unknown.statusCode, 404);
    });

    it('serves the wiki’s user properties by the same rule', async () => {
      const url = `/wiki/rest/api/user/${mia}/property/wiki-pref`;
      assert.equal((await asWriter('POST', url, { value: { theme: 'dark' } })).statusCode, 201);
      assert.equal((await asWriter('PUT', url, { value: { theme: 'light' } })).statusCode, 204);
      const read = await asWriter('GET', url);
      assert.equal(read.statusCode, 200, read.body);
      assert.deepEqual(read.json().value, { theme: 'light' });
      const byMia = await asPerson('mia', 'GET', `/wiki/rest/api/user/${mia}/property`);
      assert.ok(byMia.json().results.some((r: { key: string }) => r.key === 'wiki-pref'));
      assert.equal((await asPerson('ava', 'GET', url)).statusCode, 404);
      assert.equal((await asWriter('DELETE', url)).statusCode, 204);
      assert.equal((await asWriter('GET', url)).statusCode, 404);
    });

    it('keeps preferences for the person, gives the locale and the default columns', async () => {
      const pref = '/rest/api/3/mypreferences?key=jira.user.locale.view';
      assert.equal((await asPerson('mia', 'PUT', pref, 'compact')).statusCode, 204);
      assert.equal((await asPerson('mia', 'GET', pref)).json(), 'compact');
      assert.equal((await asPerson('ava', 'GET', pref)).statusCode, 404, 'another person has none');
      const locale = await asPerson('mia', 'GET', '/rest/api/3/mypreferences/locale');
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/mypreferences/locale', 200, locale.json()),
        [],
      );
      const columns = await asPerson('mia', 'GET', `/rest/api/3/user/columns?accountId=${mia}`);
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/user/columns', 200, columns.json()),
        [],
      );
      const keys = await asPerson('mia', 'GET', `${miaProps}?accountId=${mia}`);
      assert.ok(!JSON.stringify(keys.json()).includes('locale.view'), 'preferences are not properties');
      const users = await asPerson('olivia', 'GET', '/rest/api/3/users?maxResults=2');
      assert.equal(users.statusCode, 200);
      assert.equal(users.json().length, 2);
    });

    it('sets the own locale through the deprecated preference, refuses a malformed one, and resets it', async () => {
      const url = '/rest/api/2/mypreferences/locale';
      assert.equal((await asPerson('ava', 'PUT', url, { locale: 'de_CH' })).statusCode, 204);
      assert.deepEqual((await asPerson('ava', 'GET', url)).json(), { locale: 'de_CH' });
      const bad = await asPerson('ava', 'PUT', url, { locale: 'not a locale!' });
      assert.equal(bad.statusCode, 400);
      assert.ok(bad.json().errorMessages.length + Object.keys(bad.json().errors).length > 0);
      assert.deepEqual((await asPerson('ava', 'GET', url)).json(), { locale: 'de_CH' }, 'nothing changed');
      assert.equal((await asPerson('ava', 'PUT', url, {})).statusCode, 204);
      assert.deepEqual((await asPerson('ava', 'GET', url)).json(), { locale: 'en_US' });
    });

    it('keeps a person’s columns per site: set as JSON or as a form, read back, reset; an admin sets anyone’s', async () => {
      const url = '/rest/api/3/user/columns';
      const columns = async (who: Person, query = '') =>
        (await asPerson(who, 'GET', `${url}${query}`)).json().map((c: { value: string }) => c.value);
      const defaults = await columns('ava');
      assert.ok(defaults.includes('summary'));
      assert.equal((await asPerson('ava', 'PUT', url, { columns: ['status', 'summary'] })).statusCode, 200);
      assert.deepEqual(await columns('ava'), ['status', 'summary']);
      const form = await veil.request({
        method: 'PUT',
        url: '/rest/api/2/user/columns',
        as: demoPerson('ava'),
        body: 'columns=assignee&columns=issuekey',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(form.statusCode, 200, form.body);
      const read = await asPerson('ava', 'GET', url);
      assert.deepEqual(validator.validate('jira', 'GET', url, 200, read.json()), []);
      assert.deepEqual(await columns('ava'), ['assignee', 'issuekey']);
      const unknown = await asPerson('ava', 'PUT', url, { columns: ['summary', 'shoe size'] });
      assert.equal(unknown.statusCode, 400);
      assert.match(JSON.stringify(unknown.json()), /shoe size/);
      assert.deepEqual(await columns('ava'), ['assignee', 'issuekey'], 'nothing changed');
      const others = `${url}?accountId=${demoIds.ava}`;
      assert.equal((await asPerson('mia', 'PUT', others, { columns: ['summary'] })).statusCode, 403);
      assert.deepEqual(await columns('mia', `?accountId=${demoIds.ava}`), ['assignee', 'issuekey']);
      assert.equal((await asPerson('olivia', 'PUT', others, { columns: ['summary'] })).statusCode, 200);
      assert.deepEqual(await columns('ava'), ['summary']);
      assert.equal((await asPerson('ava', 'DELETE', url)).statusCode, 204);
      assert.deepEqual(await columns('ava'), defaults);
    });

    it('erases every property stored about a person with them, and the scan proves it', async () => {
      const url = `${miaProps}/contact?accountId=${noah}`;
      assert.equal(
        (await asWriter('PUT', url, { email: 'noah@example.com', name: 'Noah Brenner' })).statusCode,
        201,
      );
      assert.equal(
        (await asPerson('noah', 'PUT', `/rest/api/3/mypreferences?key=k`, 'Noah Brenner')).statusCode,
        204,
      );
      const pat = demoPerson('pat');
      const requested = await veil.request({
        method: 'POST',
        url: `/veil/v1/accounts/${noah}/deletion`,
        as: pat,
        body: { gracePeriod: 'PT0S', confirm: noah },
      });
      assert.equal(requested.statusCode, 202, requested.body);
      await veil.app.jobs.runDue();
      const rows = await veil.store.db
        .selectFrom('user_properties')
        .select('writer')
        .where('account_id', '=', noah)
        .execute();
      assert.deepEqual(rows, []);
      const report = (
        await veil.request({ url: `/veil/v1/accounts/${noah}/erasure-report`, as: pat })
      ).json();
      assert.ok(
        !report.scan.matches.some((m: { table: string }) => m.table === 'user_properties'),
        JSON.stringify(report.scan),
      );
    });
  });
}
