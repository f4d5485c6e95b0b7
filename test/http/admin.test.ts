import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const pat = demoPerson('pat');

for (const backend of testBackends()) {
  describe(`management API on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    it('generates accountIds of one form whatever the account type', async () => {
      const forms = new Map<string, string[]>();
      for (let i = 0; i < 12; i++) {
        const bodies = [
          { type: 'atlassian', email: `person${i}@example.net`, fullName: `Person ${i}` },
          { type: 'app', appKey: `com.example.app-${i}`, fullName: `App ${i}` },
          { type: 'customer', site: 'acme', email: `customer${i}@example.net`, fullName: `Customer ${i}` },
        ];
        for (const body of bodies) {
          const response = await veil.request({ method: 'POST', url: '/veil/v1/accounts', as: pat, body });
          assert.equal(response.statusCode, 201, response.body);
          const id: string = response.json().accountId;
          forms.set(body.type, [...(forms.get(body.type) ?? []), id]);
        }
      }
      const shape = (id: string) => id.replace(/[0-9a-f]/g, 'x');
      const shapes = new Set([...forms.values()].flat().map(shape));
      assert.deepEqual([...shapes], ['x'.repeat(24)], 'every id is 24 hex digits, whatever the type');
      for (const [type, ids] of forms) {
        const firstDigits = new Set(ids.map((id) => id[0]));
        assert.ok(firstDigits.size > 1, `${type} ids share no fixed prefix`);
      }
    });

    it('grants and takes away platform admin rights, but never its own', async () => {
      const grant = await veil.request({
        method: 'PUT',
        url: `/veil/v1/platform-admins/${demoIds.noah}`,
        as: pat,
      });
      assert.equal(grant.statusCode, 204);
      assert.equal(
        (await veil.request({ url: '/veil/v1/me', as: demoPerson('noah') })).json().roles.platformAdmin,
        true,
      );
      const self = await veil.request({
        method: 'DELETE',
        url: `/veil/v1/platform-admins/${demoIds.noah}`,
        as: demoPerson('noah'),
      });
      assert.equal(self.statusCode, 403);
      await veil.request({ method: 'DELETE', url: `/veil/v1/platform-admins/${demoIds.noah}`, as: pat });
      assert.equal(
        (await veil.request({ url: '/veil/v1/me', as: demoPerson('noah') })).json().roles.platformAdmin,
        false,
      );
    });

    it('refuses malformed and unknown accountIds with a clear 4xx', async () => {
      const malformed = await veil.request({ url: '/veil/v1/accounts/not%20valid!', as: pat });
      assert.equal(malformed.statusCode, 400);
      assert.equal(malformed.json().code, 'request.invalid');
      const tooLong = await veil.request({ url: `/veil/v1/accounts/${'a'.repeat(129)}`, as: pat });
      assert.equal(tooLong.statusCode, 400);
      const unknown = await veil.request({ url: '/veil/v1/accounts/ffffffffffffffffffffffff', as: pat });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json().code, 'account.not_found');
    });

    it('keeps the platform operations for platform admins', async () => {
      const byMia = await veil.request({
        method: 'POST',
        url: '/veil/v1/organizations',
        as: demoPerson('mia'),
        body: { id: 'x', name: 'X' },
      });
      assert.equal(byMia.statusCode, 403);
      assert.equal(byMia.json().code, 'auth.forbidden');
      const list = await veil.request({ url: '/veil/v1/accounts?maxResults=3', as: pat });
      assert.equal(list.json().values.length, 3);
      assert.ok(list.json().total >= 10);
    });

    it('previews which accounts a domain would bring under management, then verifies it', async () => {
      await createAccountThroughApi(veil, { email: 'rio@partner.test', fullName: 'Rio Tanaka' });
      const preview = await veil.request({
        url: '/veil/v1/organizations/globex/domains/partner.test/preview',
        as: pat,
      });
      assert.equal(preview.statusCode, 200);
      assert.deepEqual(
        preview.json().accounts.map((a: { displayName: string }) => a.displayName),
        ['Rio Tanaka'],
      );
      const verify = await veil.request({
        method: 'PUT',
        url: '/veil/v1/organizations/globex/domains/partner.test',
        as: pat,
      });
      assert.deepEqual(verify.json().verifiedDomains, ['globex.test', 'partner.test']);
      const managed = await veil.request({ url: '/veil/v1/organizations/globex/accounts', as: pat });
      assert.ok(
        managed
          .json()
          .some((m: { account: { displayName: string } }) => m.account.displayName === 'Rio Tanaka'),
      );
      const taken = await veil.request({
        method: 'PUT',
        url: '/veil/v1/organizations/acme/domains/partner.test',
        as: pat,
      });
      assert.equal(taken.statusCode, 409);
    });

    it('routes requests to the site of their host, and to the default site otherwise', async () => {
      const globex = await veil.request({ url: '/veil/v1/site', headers: { host: 'globex.localhost:8080' } });
      assert.equal(globex.json().id, 'globex');
      const fallback = await veil.request({ url: '/veil/v1/site', headers: { host: 'unknown.example:9' } });
      assert.equal(fallback.json().id, 'acme');
    });

    it('signs a customer in on its own site only', async () => {
      const customer = { email: 'cu@example.org', token: 'demo-token-customer' };
      const home = await veil.request({
        url: '/veil/v1/me',
        as: customer,
        headers: { host: 'acme.localhost' },
      });
      assert.equal(home.json().accountId, demoIds.customer);
      const elsewhere = await veil.request({
        url: '/veil/v1/me',
        as: customer,
        headers: { host: 'globex.localhost' },
      });
      assert.equal(elsewhere.statusCode, 401);
    });

    it('manages links, groups and admins of a site', async () => {
      const olivia = demoPerson('olivia');
      const group = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/groups',
        as: olivia,
        body: { name: 'testers' },
      });
      assert.equal(group.statusCode, 201);
      const { groupId } = group.json();
      const link = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/acme/accounts/${demoIds.sofia}`,
        as: olivia,
        body: { products: ['jira', 'confluence'], groups: ['testers'] },
      });
      assert.equal(link.statusCode, 200, link.body);
      assert.deepEqual(
        link.json().groups.map((g: { name: string }) => g.name),
        ['testers'],
      );
      assert.equal(
        'email' in link.json().account,
        false,
        'the site admin sees what the decision lets them see',
      );
      const member = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/acme/groups/${groupId}/members/${demoIds.mia}`,
        as: olivia,
      });
      assert.ok(member.json().groups.some((g: { name: string }) => g.name === 'testers'));
      const duplicate = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/groups',
        as: olivia,
        body: { name: 'TESTERS' },
      });
      assert.equal(duplicate.statusCode, 409);
      const notMine = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/globex/groups',
        as: olivia,
        body: { name: 'x' },
      });
      assert.equal(notMine.statusCode, 403);
      const customerElsewhere = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/globex/accounts/${demoIds.customer}`,
        as: pat,
        body: {},
      });
      assert.equal(customerElsewhere.statusCode, 400);
      const unlink = await veil.request({
        method: 'DELETE',
        url: `/veil/v1/sites/acme/accounts/${demoIds.sofia}`,
        as: olivia,
      });
      assert.equal(unlink.statusCode, 204);
      assert.equal(
        (await veil.request({ url: `/veil/v1/accounts/${demoIds.sofia}`, as: pat })).statusCode,
        200,
        'the account is kept',
      );
    });

    it('answers unknown sites, bodies too large, and non-JSON bodies with clear errors', async () => {
      assert.equal(
        (await veil.request({ url: '/veil/v1/sites/nowhere', as: pat })).json().code,
        'site.not_found',
      );
      const big = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: pat,
        body: { jobTitle: 'x'.repeat(300 * 1024) },
      });
      assert.equal(big.statusCode, 413);
      assert.equal(big.json().code, 'request.body_too_large');
      const notJson = await veil.request({
        method: 'PATCH',
        url: '/veil/v1/me/profile',
        as: pat,
        body: '{"jobTitle":',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(notJson.statusCode, 400);
      const unknownRoute = await veil.request({ url: '/veil/v1/nothing-here' });
      assert.equal(unknownRoute.statusCode, 404);
      assert.equal(unknownRoute.json().code, 'route.not_found');
    });

    it('serves real and masked avatars as images', async () => {
      const noah = (await veil.request({ url: `/veil/v1/accounts/${demoIds.noah}`, as: pat })).json();
      const real = await veil.request({
        url: new URL(noah.avatarUrl).pathname + new URL(noah.avatarUrl).search,
      });
      assert.equal(real.headers['content-type'], 'image/svg+xml');
      assert.match(real.body, />N</);
      const masked = await veil.request({ url: '/veil/v1/avatars/masked?s=24' });
      assert.equal(masked.headers['content-type'], 'image/svg+xml');
      assert.match(masked.body, /width="24"/);
    });

    it('publishes the OpenAPI document generated from the route contracts', async () => {
      const spec = (await veil.request({ url: '/docs/json' })).json();
      for (const path of [
        '/veil/v1/me',
        '/veil/v1/me/visibility',
        '/veil/v1/organizations/{organizationId}/accounts/{accountId}/visibility',
        '/veil/v1/sites/{siteId}/accounts/{accountId}',
      ]) {
        assert.ok(spec.paths[path], `${path} documented`);
      }
      assert.ok(spec.paths['/veil/v1/me'].get.responses['200'].content['application/json'].schema);
      assert.equal((await veil.request({ url: '/docs' })).statusCode < 400, true);
    });
  });
}
