import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { migrationIds, migrationPerson, readMigrationScenario } from '../support/migration-world.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mentionBy = (attribute: string, value: string) =>
  `<p><ac:link><ri:user ${attribute}="${value}" /></ac:link></p>`;

for (const backend of testBackends()) {
  describe(`wiki mentions by username and userKey in the migration period on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend, await readMigrationScenario());
    });
    after(() => veil.close());

    const post = (host: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
      veil.request({
        method: 'POST',
        url: path,
        as: migrationPerson('mia'),
        headers: { host, ...headers },
        body,
      });
    const page = (key: string, title: string, value: string) => ({
      type: 'page',
      title,
      space: { key },
      body: { storage: { value, representation: 'storage' } },
    });

    it('stores a legacy mention by the accountId it names, only in the legacy stage', async () => {
      for (const host of ['legacy.localhost', 'enforced.localhost']) {
        const space = await post(host, '/wiki/rest/api/space', { key: 'MIG', name: 'Migration' });
        assert.equal(space.statusCode, 200, space.body);
      }
      const value = `${mentionBy('ri:username', 'nbrenner')}${mentionBy('ri:userkey', 'olivia')}`;
      const created = await post('legacy.localhost', '/wiki/rest/api/content', page('MIG', 'Legacy', value));
      assert.equal(created.statusCode, 200, created.body);
      const stored: string = created.json().body.storage.value;
      assert.match(stored, new RegExp(`ri:account-id="${migrationIds.noah}"`));
      assert.match(stored, new RegExp(`ri:account-id="${migrationIds.olivia}"`));
      assert.doesNotMatch(stored, /nbrenner|ri:username|ri:userkey/);
      const optedIn = await post(
        'legacy.localhost',
        '/wiki/rest/api/content',
        page('MIG', 'Opted in', value),
        {
          'x-atlassian-force-account-id': 'true',
        },
      );
      assert.equal(optedIn.statusCode, 400, 'a call that opted in names people by accountId');
      const enforced = await post(
        'enforced.localhost',
        '/wiki/rest/api/content',
        page('MIG', 'Enforced', value),
      );
      assert.equal(enforced.statusCode, 400, enforced.body);
      const unknown = await post(
        'legacy.localhost',
        '/wiki/rest/api/content',
        page('MIG', 'Unknown', mentionBy('ri:username', 'nobody')),
      );
      assert.equal(unknown.statusCode, 400);
    });
  });
}
