/**
 * Who sees a filter, as a property: for any set of share permissions, a reader gets the filter exactly
 * when they own it, administer the site, or a share reaches them (a person by accountId, a group they are
 * in, a project, a project role they act in (or one of their groups does), every signed-in user, everyone);
 * every other reader gets the 404 of an unknown filter.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

type Reader = 'mia' | 'noah' | 'ava' | 'liam' | 'olivia';
const readers: Reader[] = ['mia', 'noah', 'ava', 'liam', 'olivia'];
const developers = new Set<Reader>(['mia', 'liam']);
/** The demo's ACME project (the first project the demo makes). */
const acmeProjectId = '10000';

const shares = [
  {
    key: 'user:mia',
    body: { type: 'user', user: { accountId: demoIds.mia } },
    reaches: (r: Reader) => r === 'mia',
  },
  {
    key: 'user:noah',
    body: { type: 'user', user: { accountId: demoIds.noah } },
    reaches: (r: Reader) => r === 'noah',
  },
  {
    key: 'group:developers',
    body: { type: 'group', group: { name: 'developers' } },
    reaches: (r: Reader) => developers.has(r),
  },
  {
    // ACME's Viewer role (10001): Liam acts in it (the demo's projects give it him and the app).
    key: 'projectRole:ACME/Viewer',
    body: { type: 'projectRole', project: { id: acmeProjectId }, role: { id: 10001 } },
    reaches: (r: Reader) => r === 'liam',
  },
  {
    // ACME's Member role (10000): people, and the developers group acting in it.
    key: 'projectRole:ACME/Member',
    body: { type: 'projectRole', project: { id: acmeProjectId }, role: { id: 10000 } },
    reaches: (r: Reader) => r !== 'olivia',
  },
  { key: 'loggedin', body: { type: 'authenticated' }, reaches: () => true },
  { key: 'global', body: { type: 'global' }, reaches: () => true },
] as const;

for (const backend of testBackends()) {
  describe(`who sees a filter, on ${backend.name}`, () => {
    let veil: TestVeil;
    let filterId: string;
    const sofia = demoPerson('sofia');
    before(async () => {
      veil = await startTestVeil(backend);
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/filter',
        as: sofia,
        body: { name: 'Probe' },
      });
      assert.equal(created.statusCode, 200, created.body);
      filterId = created.json().id;
      const acme = await veil.request({ url: '/rest/api/3/project/ACME', as: sofia });
      assert.equal(acme.json().id, acmeProjectId, 'the demo numbers its projects as this test expects');
    });
    after(() => veil.close());

    it('answers each reader as the shares say, for any set of shares', async () => {
      await fc.assert(
        fc.asyncProperty(fc.subarray([...shares]), async (chosen) => {
          const body = { sharePermissions: chosen.map((s) => s.body) };
          const put = await veil.request({
            method: 'PUT',
            url: `/rest/api/3/filter/${filterId}`,
            as: sofia,
            body,
          });
          assert.equal(put.statusCode, 200, put.body);
          for (const reader of readers) {
            const expected = reader === 'olivia' || chosen.some((s) => s.reaches(reader)) ? 200 : 404;
            const got = await veil.request({ url: `/rest/api/3/filter/${filterId}`, as: demoPerson(reader) });
            assert.equal(got.statusCode, expected, `${reader} with ${chosen.map((s) => s.key).join(', ')}`);
            const found = await veil.request({
              url: `/rest/api/3/filter/search?id=${filterId}`,
              as: demoPerson(reader),
            });
            assert.equal(found.json().total, expected === 200 ? 1 : 0);
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
