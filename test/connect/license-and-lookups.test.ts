import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';
import { type ListeningVeil, signAppRequest, type TestApp } from './connect-support.ts';

for (const backend of testBackends()) {
  describe(`the license API, JQL autocomplete and access by email on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    const validator = new SpecValidator();
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: { key: 'com.example.licensed', scopes: ['READ'] },
      }));
    });
    after(() => veil.close());

    const asApp = (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const contextPath = url.startsWith('/wiki/') ? { contextPath: '/wiki' } : {};
      const jwt = signAppRequest(app.credentials(), veil, method, url, {
        iss: 'com.example.licensed',
        ...contextPath,
      });
      return veil.request({
        method,
        url,
        headers: { authorization: `JWT ${jwt}` },
        ...(body ? { body } : {}),
      });
    };

    it('tells an app about its own install, naming the host contacts by accountId only', async () => {
      const url = '/rest/api/../rest/atlassian-connect/1/addons/com.example.licensed'.replace(
        '/rest/api/..',
        '',
      );
      const response = await asApp('GET', url);
      assert.equal(response.statusCode, 200, response.body);
      const body = response.json();
      assert.equal(body.key, 'com.example.licensed');
      assert.equal(body.state, 'ENABLED');
      assert.deepEqual(body.host.contacts, [{ accountId: demoIds.olivia }]);
      assert.ok(!/@|Olivia/.test(response.body), 'no email or name of a contact');
      assert.equal(
        (await asApp('GET', '/rest/atlassian-connect/1/addons/com.example.other')).statusCode,
        404,
      );
      const byAdmin = await veil.request({ url, as: demoPerson('olivia') });
      assert.equal(byAdmin.statusCode, 200);
      assert.equal(
        (await veil.request({ url, as: demoPerson('mia') })).statusCode,
        404,
        'not for anyone else',
      );
    });

    it('lists JQL reference data, and suggests people only by what the caller may see', async () => {
      const data = await veil.request({ url: '/rest/api/3/jql/autocompletedata', as: demoPerson('mia') });
      assert.equal(data.statusCode, 200);
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/jql/autocompletedata', 200, data.json()),
        [],
      );
      const suggest = (who: 'noah' | 'olivia', value: string) =>
        veil.request({
          url: `/rest/api/3/jql/autocompletedata/suggestions?fieldName=assignee&fieldValue=${encodeURIComponent(value)}`,
          as: demoPerson(who),
        });
      const byName = await suggest('noah', 'kry');
      assert.deepEqual(
        validator.validate('jira', 'GET', '/rest/api/3/jql/autocompletedata/suggestions', 200, byName.json()),
        [],
      );
      assert.deepEqual(
        byName.json().results.map((r: { value: string }) => r.value),
        [demoIds.mia],
      );
      assert.match(byName.json().results[0].displayName, /<b>Kry<\/b>stof/);
      // Liam's full name is for his organization only: Noah cannot find him by it, Olivia can.
      assert.deepEqual((await suggest('noah', 'okafor')).json().results, []);
      assert.deepEqual(
        (await suggest('olivia', 'okafor')).json().results.map((r: { value: string }) => r.value),
        [demoIds.liam],
      );
      const projects = await veil.request({
        url: '/rest/api/3/jql/autocompletedata/suggestions?fieldName=project&fieldValue=plat',
        as: demoPerson('mia'),
      });
      assert.deepEqual(
        projects.json().results.map((r: { value: string }) => r.value),
        ['ACME'],
      );
    });

    it('answers check-access-by-email for a hidden email exactly as for no account', async () => {
      const check = (who: 'noah' | 'olivia', emails: string[]) =>
        veil.request({
          method: 'POST',
          url: '/wiki/api/v2/user/access/check-access-by-email',
          as: demoPerson(who),
          body: { emails },
        });
      const byColleague = await check('olivia', ['mia@acme.test', 'nobody@example.org', 'not an email']);
      assert.equal(byColleague.statusCode, 200, byColleague.body);
      assert.deepEqual(byColleague.json(), {
        emailsWithoutAccess: ['nobody@example.org'],
        invalidEmails: ['not an email'],
      });
      const byOutsider = await veil.request({
        method: 'POST',
        url: '/wiki/api/v2/user/access/check-access-by-email',
        as: demoPerson('noah'),
        headers: { host: 'globex.localhost' },
        body: { emails: ['sofia@globex.test', 'nobody@example.org', 'noah@example.com'] },
      });
      assert.equal(byOutsider.statusCode, 200, byOutsider.body);
      assert.deepEqual(
        byOutsider.json().emailsWithoutAccess,
        ['sofia@globex.test', 'nobody@example.org'],
        'Sofia hides her email from Noah: her answer is that of no account; his own is his to see',
      );
      const invited = await veil.request({
        method: 'POST',
        url: '/wiki/api/v2/user/access/invite-by-email',
        as: demoPerson('olivia'),
        body: { emails: ['new@example.org'] },
      });
      assert.equal(invited.statusCode, 200);
      assert.equal(
        (
          await veil.request({
            method: 'POST',
            url: '/wiki/api/v2/user/access/check-access-by-email',
            body: { emails: [] },
          })
        ).statusCode,
        401,
      );
      assert.equal(
        (
          await asApp('POST', '/wiki/api/v2/user/access/check-access-by-email', { emails: ['mia@acme.test'] })
        ).json().emailsWithoutAccess.length,
        1,
        'an app sees public emails only',
      );
    });
  });
}
