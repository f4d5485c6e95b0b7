import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { ListeningVeil, TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const olivia = demoPerson('olivia');
const mia = demoPerson('mia');
// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are read loosely, as an app does
type Body = Record<string, any>;

const wikiHooks = [
  { event: 'page_created', url: '/webhooks/page-created' },
  { event: 'page_updated', url: '/webhooks/page-updated' },
  { event: 'page_removed', url: '/webhooks/page-removed' },
  { event: 'comment_created', url: '/webhooks/comment-created' },
  { event: 'comment_removed', url: '/webhooks/comment-removed' },
];
const storage = (value: string) => ({ storage: { value, representation: 'storage' } });

for (const backend of testBackends()) {
  describe(`wiki webhooks and space deletion on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let wikiApp: TestApp;
    let trackerApp: TestApp;
    before(async () => {
      ({ veil, wikiApp, trackerApp } = await startConnectTestbed(backend, {
        wikiApp: { key: 'com.example.wiki-hooks', scopes: ['READ'], webhooks: wikiHooks, install: false },
        trackerApp: {
          key: 'com.example.tracker-hooks',
          scopes: ['READ'],
          webhooks: [{ event: 'comment_created', url: '/webhooks/comment-created' }],
        },
      }));
      // Installed for the wiki (the product of its install), as the wiki's UPM would.
      const installed = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/apps',
        as: olivia,
        body: { descriptorUrl: wikiApp.descriptorUrl, product: 'confluence' },
      });
      assert.equal(installed.statusCode, 201, installed.body);
      await veil.app.jobs.runDue();
      wikiApp.webhooks.length = 0;
      trackerApp.webhooks.length = 0;
    });
    after(() => veil.close());

    const received = async (app: TestApp, target: string): Promise<Body[]> => {
      await veil.app.jobs.runDue();
      return app.webhooks.filter((w) => w.target === target && !w.problem).map((w) => w.body as Body);
    };

    const hiddenFromWikiApp = async () => {
      const apps = (await veil.request({ url: '/veil/v1/sites/acme/apps', as: olivia })).json() as Body[];
      const accountId = apps.find(
        (a) => a.key === 'com.example.wiki-hooks' || a.appKey === 'com.example.wiki-hooks',
      )?.accountId as string;
      assert.ok(accountId, 'the wiki app has an account');
      const accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      const viewer = { kind: 'app' as const, appKey: 'com.example.wiki-hooks', accountId };
      const visible = valuesVisibleTo(accounts, viewer);
      const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
        (v) => !visible.has(v),
      );
      return { hidden, visible };
    };

    it('sends page_created, page_updated, comment_created and the removals to the wiki app only', async () => {
      const created = await veil.request({
        method: 'POST',
        url: '/wiki/rest/api/content',
        as: olivia,
        body: { type: 'page', title: 'Hooked', space: { key: 'ENG' }, body: storage('<p>hi</p>') },
      });
      assert.equal(created.statusCode, 200, created.body);
      const pageId = String(created.json().id);
      const [first] = await received(wikiApp, '/webhooks/page-created');
      assert.equal(first?.userAccountId, demoIds.olivia);
      assert.equal(first?.accountType, 'atlassian');
      assert.equal(typeof first?.timestamp, 'number');
      assert.equal(String(first?.page.id), pageId);
      assert.equal(first?.page.title, 'Hooked');
      assert.equal(first?.page.spaceKey, 'ENG');
      assert.equal(first?.page.creatorAccountId, demoIds.olivia);
      assert.equal(first?.page.version, 1);
      assert.match(first?.page.self, /\/wiki\/spaces\/ENG\/pages\//);

      const edited = await veil.request({
        method: 'PUT',
        url: `/wiki/rest/api/content/${pageId}`,
        as: mia,
        body: { version: { number: 2 }, title: 'Hooked again', type: 'page', body: storage('<p>v2</p>') },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const [updated] = await received(wikiApp, '/webhooks/page-updated');
      assert.equal(updated?.page.title, 'Hooked again');
      assert.equal(updated?.page.version, 2);
      assert.equal(updated?.page.lastModifierAccountId, demoIds.mia);
      assert.equal(updated?.page.creatorAccountId, demoIds.olivia);

      const commented = await veil.request({
        method: 'POST',
        url: '/wiki/rest/api/content',
        as: mia,
        body: { type: 'comment', container: { id: pageId, type: 'page' }, body: storage('<p>nice</p>') },
      });
      assert.equal(commented.statusCode, 200, commented.body);
      const commentId = String(commented.json().id);
      const [comment] = await received(wikiApp, '/webhooks/comment-created');
      assert.equal(String(comment?.comment.id), commentId);
      assert.equal(comment?.userAccountId, demoIds.mia);
      assert.equal(comment?.comment.creatorAccountId, demoIds.mia);
      assert.equal(String(comment?.comment.parent.id), pageId);
      assert.equal(comment?.comment.parent.title, 'Hooked again');
      assert.deepEqual(
        await received(trackerApp, '/webhooks/comment-created'),
        [],
        'a tracker app gets none',
      );

      const removedComment = await veil.request({
        method: 'DELETE',
        url: `/wiki/rest/api/content/${commentId}`,
        as: mia,
      });
      assert.equal(removedComment.statusCode, 204, removedComment.body);
      const [goneComment] = await received(wikiApp, '/webhooks/comment-removed');
      assert.equal(String(goneComment?.comment.id), commentId);
      assert.equal(String(goneComment?.comment.parent.id), pageId);
      const removed = await veil.request({
        method: 'DELETE',
        url: `/wiki/rest/api/content/${pageId}`,
        as: olivia,
      });
      assert.equal(removed.statusCode, 204, removed.body);
      const [gone] = await received(wikiApp, '/webhooks/page-removed');
      assert.equal(gone?.page.title, 'Hooked again');
      assert.equal(gone?.page.spaceKey, 'ENG');

      const { hidden, visible } = await hiddenFromWikiApp();
      assert.ok(hidden.includes('mia@acme.test'), "Mia's email is hidden from apps");
      assert.ok(!JSON.stringify(comment).includes('mia@acme.test'));
      assert.deepEqual(findLeaks([first, updated, comment, goneComment, gone], hidden, visible), []);
    });

    it('sends nothing for a refused change', async () => {
      const refused = await veil.request({
        method: 'POST',
        url: '/wiki/rest/api/content',
        as: olivia,
        body: { type: 'page', title: '', space: { key: 'ENG' }, body: storage('<p/>') },
      });
      assert.equal(refused.statusCode, 400, refused.body);
      const before = wikiApp.webhooks.length;
      assert.equal((await received(wikiApp, '/webhooks/page-created')).length, 1);
      assert.equal(wikiApp.webhooks.length, before);
    });

    it('deletes a space, with its pages and comments, for site admins only', async () => {
      const space = await veil.request({
        method: 'POST',
        url: '/wiki/rest/api/space',
        as: mia,
        body: { key: 'GONE', name: 'Going' },
      });
      assert.equal(space.statusCode, 200, space.body);
      const page = await veil.request({
        method: 'POST',
        url: '/wiki/rest/api/content',
        as: mia,
        body: { type: 'page', title: 'Doomed', space: { key: 'GONE' }, body: storage('<p>x</p>') },
      });
      assert.equal(page.statusCode, 200, page.body);
      const refused = await veil.request({ method: 'DELETE', url: '/wiki/rest/api/space/GONE', as: mia });
      assert.equal(refused.statusCode, 403, refused.body);
      const missing = await veil.request({ method: 'DELETE', url: '/wiki/rest/api/space/NOPE', as: olivia });
      assert.equal(missing.statusCode, 404, missing.body);
      const deleted = await veil.request({ method: 'DELETE', url: '/wiki/rest/api/space/GONE', as: olivia });
      assert.equal(deleted.statusCode, 202, deleted.body);
      assert.match(deleted.json().links.status, /^\/rest\/api\/longtask\//);
      const spaceGone = await veil.request({ url: '/wiki/rest/api/space/GONE', as: olivia });
      assert.equal(spaceGone.statusCode, 404);
      const pageGone = await veil.request({ url: `/wiki/rest/api/content/${page.json().id}`, as: olivia });
      assert.equal(pageGone.statusCode, 404);
    });
  });
}
