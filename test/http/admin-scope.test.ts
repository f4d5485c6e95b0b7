/**
 * Issue 11: admins act only on what they administer. The domain preview (reproducer 5) and the site
 * settings and admins that reach past one site; site deactivation is test/lifecycle/site-deactivation.test.ts,
 * Email API applications test/email-api/email-api.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';
import { createAccountThroughApi } from '../support/world-builders.ts';

const pat = demoPerson('pat'); // platform admin
const olivia = demoPerson('olivia'); // admin of the Acme organization and the acme site
const sofia = demoPerson('sofia'); // admin of the globex site

for (const backend of testBackends()) {
  describe(`admins scoped to what they administer on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
      const created = await createAccountThroughApi(veil, {
        email: 'rio@unclaimed.test',
        fullName: 'Rio Tanaka',
      });
      assert.equal(created.statusCode, 201, created.body);
    });
    after(() => veil.close());

    const preview = (organizationId: string, domain: string, as = olivia) =>
      veil.request({ url: `/veil/v1/organizations/${organizationId}/domains/${domain}/preview`, as });

    it("previews only the organization's own domains to its admins, others as if absent", async () => {
      const other = await preview('acme', 'globex.test');
      assert.equal(other.statusCode, 404, "another organization's domain");
      assert.equal(other.json().code, 'organization.domain_not_found');
      assert.ok(!other.body.includes(demoIds.sofia));
      assert.equal((await preview('acme', 'unclaimed.test')).statusCode, 404, 'a domain nobody verified');
      assert.equal((await preview('acme', 'example.com')).statusCode, 404, 'a public email domain');
      assert.equal((await preview('globex', 'globex.test')).statusCode, 403, 'not her organization');

      const own = await preview('acme', 'ACME.test');
      assert.equal(own.statusCode, 200, own.body);
      const emails = own.json().accounts.map((a: { email?: string }) => a.email);
      assert.ok(emails.includes('mia@acme.test'), 'the accounts she manages, as she may see them');
      assert.ok(!own.body.includes(demoIds.sofia));
    });

    it('lets a platform admin preview any domain, through the one decision', async () => {
      const open = await preview('globex', 'unclaimed.test', pat);
      assert.equal(open.statusCode, 200, open.body);
      const [rio] = open.json().accounts;
      assert.equal(rio.displayName, 'Rio Tanaka');
      assert.equal(rio.email, undefined, 'a platform admin sees no more than the decision lets a stranger');
      const taken = await preview('acme', 'globex.test', pat);
      assert.equal(taken.statusCode, 200, 'a platform admin previews any domain, one globex holds too');
      const verify = await veil.request({
        method: 'PUT',
        url: '/veil/v1/organizations/acme/domains/globex.test',
        as: pat,
      });
      assert.equal(verify.json().code, 'organization.domain_taken', 'its verification then says why not');
    });

    it('leaves the choice of the default site to platform admins', async () => {
      const patch = (siteId: string, as: typeof pat, body: unknown) =>
        veil.request({ method: 'PATCH', url: `/veil/v1/sites/${siteId}`, as, body });
      const takeover = await patch('globex', sofia, { default: true });
      assert.equal(takeover.statusCode, 403, 'making globex the default would unmake acme');
      const acme = await veil.request({ url: '/veil/v1/sites/acme', as: pat });
      assert.equal(acme.json().default, true, 'acme is still the default');
      assert.equal((await patch('acme', olivia, { default: false })).statusCode, 403);
      assert.equal(
        (await patch('globex', sofia, { anonymousAccess: false })).statusCode,
        200,
        'her own site',
      );
      assert.equal((await patch('acme', sofia, { anonymousAccess: true })).statusCode, 403, 'not hers');
    });

    it("refuses a customer of another site as a site admin, and an admin of one site on another's links", async () => {
      const customer = await veil.request({
        method: 'PUT',
        url: `/veil/v1/sites/globex/admins/${demoIds.customer}`,
        as: sofia,
      });
      assert.equal(customer.statusCode, 400, customer.body);
      assert.equal(customer.json().code, 'site.customer_elsewhere');
      for (const [method, url, body] of [
        ['PUT', `/veil/v1/sites/acme/admins/${demoIds.sofia}`, undefined],
        ['PUT', `/veil/v1/sites/acme/accounts/${demoIds.sofia}`, { products: ['jira'] }],
        ['DELETE', `/veil/v1/sites/acme/accounts/${demoIds.mia}`, undefined],
        ['POST', '/veil/v1/sites/acme/groups', { name: 'globex-takeover' }],
      ] as const) {
        const response = await veil.request({ method, url, as: sofia, body });
        assert.equal(response.statusCode, 403, `${method} ${url}`);
      }
    });
  });
}
