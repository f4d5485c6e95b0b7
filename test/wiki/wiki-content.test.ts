import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { SpecValidator } from '../support/openapi.ts';
import { demoIds, demoPerson, startTestVeil, type TestRequest, type TestVeil } from '../support/test-veil.ts';

type PersonName = Parameters<typeof demoPerson>[0];
const acme = 'acme.localhost';

for (const backend of testBackends()) {
  describe(`wiki spaces, pages and comments on ${backend.name}`, () => {
    let veil: TestVeil;
    const spec = new SpecValidator();
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const call = (who: PersonName | null, url: string, rest: Partial<TestRequest> = {}) =>
      veil.request({ url, ...(who ? { as: demoPerson(who) } : {}), headers: { host: acme }, ...rest });
    /** Calls and checks the status and the body against the official spec (`template` as the spec names it). */
    const conforming = async (
      who: PersonName | null,
      specName: 'confluence1' | 'confluence2',
      template: string,
      request: Partial<TestRequest> & { url: string },
      status = 200,
    ) => {
      const response = await call(who, request.url, request);
      assert.equal(response.statusCode, status, response.body);
      const method = request.method ?? 'GET';
      assert.deepEqual(
        spec.validate(specName, method, template, status, response.json()),
        [],
        `${method} ${template}`,
      );
      return response.json();
    };

    it('creates a space and reads it through v1 and v2', async () => {
      const created = await conforming('mia', 'confluence1', '/wiki/rest/api/space', {
        method: 'POST',
        url: '/wiki/rest/api/space',
        body: {
          key: 'TEAM',
          name: 'Team',
          description: { plain: { value: 'Our space', representation: 'plain' } },
        },
      });
      assert.equal(created.key, 'TEAM');
      assert.equal(created.history.createdBy.accountId, demoIds.mia);
      const got = await conforming('mia', 'confluence1', '/wiki/rest/api/space/{spaceKey}', {
        url: '/wiki/rest/api/space/TEAM?expand=history,description',
      });
      assert.equal(got.description.plain.value, 'Our space');
      const list = await conforming('mia', 'confluence1', '/wiki/rest/api/space', {
        url: '/wiki/rest/api/space',
      });
      assert.ok(list.results.some((s: { key: string }) => s.key === 'TEAM'));
      const v2 = await conforming('mia', 'confluence2', '/spaces', { url: '/wiki/api/v2/spaces?keys=TEAM' });
      assert.equal(v2.results.length, 1);
      assert.equal(v2.results[0].authorId, demoIds.mia);
      const one = await conforming('mia', 'confluence2', '/spaces/{id}', {
        url: `/wiki/api/v2/spaces/${v2.results[0].id}`,
      });
      assert.equal(one.key, 'TEAM');
      const again = await call('mia', '/wiki/rest/api/space', {
        method: 'POST',
        body: { key: 'TEAM', name: 'Again' },
      });
      assert.equal(again.statusCode, 400);
      assert.equal(again.json().statusCode, 400);
      assert.equal((await call('mia', '/wiki/rest/api/space/NOPE')).statusCode, 404);
      assert.equal(
        (await call(null, '/wiki/rest/api/space', { method: 'POST', body: { key: 'X', name: 'X' } }))
          .statusCode,
        401,
      );
    });
  });
}
