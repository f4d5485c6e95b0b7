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

    const mention = (accountId: string) => `<ac:link><ri:user ri:account-id="${accountId}" /></ac:link>`;
    let pageId = '';

    it('creates a page mentioning people and reads it back with history, version and both bodies', async () => {
      const storage = `<p>Hello ${mention(demoIds.liam)} and ${mention(demoIds.ava)} &amp; <strong>team</strong><script>x</script></p>`;
      const created = await conforming('mia', 'confluence1', '/wiki/rest/api/content', {
        method: 'POST',
        url: '/wiki/rest/api/content',
        body: {
          type: 'page',
          title: 'Plan',
          space: { key: 'TEAM' },
          body: { storage: { value: storage, representation: 'storage' } },
        },
      });
      pageId = created.id;
      assert.equal(created.version.number, 1);
      assert.equal(created.history.createdBy.accountId, demoIds.mia);
      const expand = 'history,history.lastUpdated,version,body.storage,body.view,space,ancestors';
      const page = await conforming('ava', 'confluence1', '/wiki/rest/api/content/{id}', {
        url: `/wiki/rest/api/content/${pageId}?expand=${expand}`,
      });
      assert.equal(page.version.by.accountId, demoIds.mia);
      assert.equal(page.history.lastUpdated.by.accountId, demoIds.mia);
      assert.equal(page.space.key, 'TEAM');
      assert.match(page.body.storage.value, new RegExp(`ri:account-id="${demoIds.liam}"`));
      const view: string = page.body.view.value;
      assert.match(view, /Ava Lindqvist/);
      assert.doesNotMatch(view, /Liam Okafor|<script>/);
      assert.match(view, new RegExp(`data-account-id="${demoIds.liam}"`));
      const v2 = await conforming('mia', 'confluence2', '/pages/{id}', {
        url: `/wiki/api/v2/pages/${pageId}?body-format=view`,
      });
      assert.equal(v2.authorId, demoIds.mia);
      assert.equal(v2.ownerId, demoIds.mia);
      assert.equal(v2.version.authorId, demoIds.mia);
      assert.match(v2.body.view.value, /Ava Lindqvist/);
      const list = await conforming('mia', 'confluence1', '/wiki/rest/api/content', {
        url: '/wiki/rest/api/content?spaceKey=TEAM&title=Plan&type=page&expand=version',
      });
      assert.deepEqual(
        list.results.map((c: { id: string }) => c.id),
        [pageId],
      );
      const searched = await conforming('mia', 'confluence1', '/wiki/rest/api/content/search', {
        url: `/wiki/rest/api/content/search?cql=${encodeURIComponent(`space = TEAM AND title = "Plan"`)}&expand=history,body.view`,
      });
      assert.deepEqual(
        searched.results.map((c: { id: string }) => c.id),
        [pageId],
      );
      assert.equal((await call('mia', '/wiki/rest/api/content/search?cql=label%20%3D%20x')).statusCode, 400);
      const pages = await conforming('mia', 'confluence2', '/pages', {
        url: `/wiki/api/v2/pages?space-id=${v2.spaceId}&body-format=storage`,
      });
      assert.ok(pages.results.some((p: { id: string }) => p.id === pageId));
    });

    it('updates a page only at the next version, and through v2', async () => {
      const update = (number: number) =>
        call('ava', `/wiki/rest/api/content/${pageId}`, {
          method: 'PUT',
          body: {
            version: { number },
            title: 'Plan',
            type: 'page',
            body: { storage: { value: '<p>v2</p>', representation: 'storage' } },
          },
        });
      assert.equal((await update(3)).statusCode, 409);
      const updated = await update(2);
      assert.equal(updated.statusCode, 200, updated.body);
      assert.equal(updated.json().version.by.accountId, demoIds.ava);
      assert.equal(updated.json().history.createdBy.accountId, demoIds.mia);
      const v2 = await conforming('mia', 'confluence2', '/pages/{id}', {
        method: 'PUT',
        url: `/wiki/api/v2/pages/${pageId}`,
        body: {
          id: pageId,
          status: 'current',
          title: 'Plan',
          body: { representation: 'storage', value: `<p>${mention(demoIds.noah)}</p>` },
          version: { number: 3 },
        },
      });
      assert.equal(v2.version.number, 3);
      assert.equal(v2.version.authorId, demoIds.mia);
    });

    it('refuses malformed storage and unknown people with 400, writing nothing', async () => {
      const bodies = [
        '<p>open',
        '<p>a</b>',
        '<p a=1></p>',
        '<p>&bogus;</p>',
        '<!DOCTYPE x><p/>',
        mention('ffffffffffffffffffffffff'),
      ];
      for (const value of bodies) {
        const response = await call('mia', '/wiki/rest/api/content', {
          method: 'POST',
          body: {
            type: 'page',
            title: `Bad ${value}`,
            space: { key: 'TEAM' },
            body: { storage: { value, representation: 'storage' } },
          },
        });
        assert.equal(response.statusCode, 400, value);
        assert.equal(response.json().statusCode, 400);
      }
      const legacy = await call('mia', '/wiki/rest/api/content', {
        method: 'POST',
        body: {
          type: 'page',
          title: 'Legacy',
          space: { key: 'TEAM' },
          body: {
            storage: { value: '<ac:link><ri:user ri:username="mia" /></ac:link>', representation: 'storage' },
          },
        },
      });
      assert.equal(legacy.statusCode, 400, 'usernames are refused outside the legacy stage');
      const found = await call('mia', '/wiki/rest/api/content?spaceKey=TEAM&type=page');
      assert.deepEqual(
        found.json().results.map((c: { title: string }) => c.title),
        ['Plan'],
      );
    });

    it('comments on a page through v1 and v2', async () => {
      const v1 = await conforming('ava', 'confluence1', '/wiki/rest/api/content', {
        method: 'POST',
        url: '/wiki/rest/api/content',
        body: {
          type: 'comment',
          container: { id: pageId, type: 'page' },
          body: { storage: { value: `<p>cc ${mention(demoIds.liam)}</p>`, representation: 'storage' } },
        },
      });
      assert.equal(v1.type, 'comment');
      assert.equal(v1.container.id, pageId);
      const v2 = await conforming(
        'mia',
        'confluence2',
        '/footer-comments',
        {
          method: 'POST',
          url: '/wiki/api/v2/footer-comments',
          body: { pageId, body: { representation: 'storage', value: '<p>Agreed</p>' } },
        },
        201,
      );
      assert.equal(v2.pageId, pageId);
      const children = await conforming('mia', 'confluence1', '/wiki/rest/api/content/{id}/child/comment', {
        url: `/wiki/rest/api/content/${pageId}/child/comment?expand=body.view,history,version`,
      });
      assert.deepEqual(
        children.results.map((c: { id: string }) => c.id),
        [v1.id, v2.id],
      );
      assert.equal(children.results[0].history.createdBy.accountId, demoIds.ava);
      assert.doesNotMatch(children.results[0].body.view.value, /Liam Okafor/);
      const footer = await conforming('mia', 'confluence2', '/pages/{id}/footer-comments', {
        url: `/wiki/api/v2/pages/${pageId}/footer-comments?body-format=storage`,
      });
      assert.equal(footer.results.length, 2);
      const one = await conforming('mia', 'confluence2', '/footer-comments/{comment-id}', {
        url: `/wiki/api/v2/footer-comments/${v2.id}`,
      });
      assert.equal(one.id, v2.id);
    });

    it('deletes pages (v1 and v2) with their comments', async () => {
      const made = await call('mia', '/wiki/api/v2/pages', {
        method: 'POST',
        body: {
          spaceId: (await call('mia', '/wiki/api/v2/spaces?keys=TEAM')).json().results[0].id,
          title: 'Scratch',
          body: { representation: 'storage', value: '<p/>' },
        },
      });
      assert.equal(made.statusCode, 200, made.body);
      assert.equal(
        (await call('mia', `/wiki/api/v2/pages/${made.json().id}`, { method: 'DELETE' })).statusCode,
        204,
      );
      assert.equal((await call('mia', `/wiki/api/v2/pages/${made.json().id}`)).statusCode, 404);
      assert.equal(
        (await call('noah', `/wiki/rest/api/content/${pageId}`)).statusCode,
        403,
        'Noah has no wiki on acme',
      );
      assert.equal(
        (await call('mia', `/wiki/rest/api/content/${pageId}`, { method: 'DELETE' })).statusCode,
        204,
      );
      assert.equal((await call('mia', `/wiki/rest/api/content/${pageId}/child/comment`)).statusCode, 404);
    });

    it('searches people with CQL, matching only what the caller may see', async () => {
      const search = (who: PersonName, cql: string) =>
        conforming(who, 'confluence1', '/wiki/rest/api/search/user', {
          url: `/wiki/rest/api/search/user?cql=${encodeURIComponent(cql)}`,
        });
      const ids = (body: { results: { user: { accountId: string } }[] }) =>
        body.results.map((r) => r.user.accountId);
      assert.deepEqual(ids(await search('mia', 'type = user AND user.fullname ~ "Lindq"')), [demoIds.ava]);
      assert.deepEqual(ids(await search('mia', 'user.fullname ~ "Okafor"')), [], 'Liam hides his full name');
      const byId = await search('mia', `user = "${demoIds.liam}"`);
      assert.deepEqual(ids(byId), [demoIds.liam]);
      assert.doesNotMatch(JSON.stringify(byId), /Okafor/);
      assert.deepEqual(ids(await search('mia', `user.accountid = '${demoIds.ava}'`)), [demoIds.ava]);
      for (const cql of [
        'space = TEAM',
        'user.fullname ~ "a" OR type = user',
        'user.email = "x"',
        'user = ',
        'type = page',
      ]) {
        const response = await call('mia', `/wiki/rest/api/search/user?cql=${encodeURIComponent(cql)}`);
        assert.equal(response.statusCode, 400, cql);
        assert.match(response.json().message, /CQL/);
      }
    });
  });
}
