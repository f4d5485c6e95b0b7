import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createV1Client, createV2Client } from 'confluence.js';
import { demoIds } from '../support/test-veil.ts';
import { startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

/**
 * Issue 15's wiki acceptance: confluence.js 3, unmodified (it checks every response against its own
 * schemas and throws on a mismatch), against a real `veil start`: creates a space and a page mentioning
 * a person, reads the page back with `expand=history,version,body.view`, and searches people with CQL.
 */
describe('confluence.js creates and reads wiki content on veil start', () => {
  let veil: VeilProcess;
  before(async () => {
    veil = await startVeilProcess(['--memory', '--port', '0']);
  });
  after(() => veil.stop());

  const auth = { type: 'basic' as const, email: 'mia@acme.test', apiToken: 'demo-token-mia' };

  it('creates a space and a page with a mention, reads it back and searches people', async () => {
    const v1 = createV1Client({ host: veil.url, auth });
    const v2 = createV2Client({ host: veil.url, auth });
    const space = await v1.space.createSpace({ key: 'CJS', name: 'Made by confluence.js' });
    assert.equal(space.key, 'CJS');
    const spaces = await v2.space.getSpaces({ keys: ['CJS'] });
    const spaceId = spaces.results?.[0]?.id;
    assert.ok(spaceId);
    const value = `<p>Ask <ac:link><ri:user ri:account-id="${demoIds.liam}" /></ac:link> or <ac:link><ri:user ri:account-id="${demoIds.ava}" /></ac:link></p>`;
    const page = await v2.page.createPage({
      body: {
        spaceId: String(spaceId),
        status: 'current',
        title: 'Who to ask',
        body: { representation: 'storage', value },
      },
    });
    assert.equal(page.authorId, demoIds.mia);
    const found = await v1.content.searchContentByCQL({
      cql: `id = ${page.id}`,
      expand: ['history', 'version', 'body.view'],
    });
    const content = found.results[0];
    assert.equal(content?.history?.createdBy?.accountId, demoIds.mia);
    assert.equal(content?.version?.by?.accountId, demoIds.mia);
    const view = content?.body?.view?.value ?? '';
    assert.match(view, /Ava Lindqvist/);
    assert.doesNotMatch(view, /Liam Okafor/, 'Liam hides his full name');
    const read = await v2.page.getPageById({ id: Number(page.id), bodyFormat: 'view' as never });
    assert.equal(read.version?.authorId, demoIds.mia);
    const people = await v1.search.searchUser({ cql: 'type = user AND user.fullname ~ "Lindqvist"' });
    assert.deepEqual(
      people.results.map((r) => r.user?.accountId),
      [demoIds.ava],
    );
    const byId = await v1.search.searchUser({ cql: `user.accountid = "${demoIds.liam}"` });
    assert.equal(byId.results[0]?.user?.accountId, demoIds.liam);
    assert.equal(byId.results[0]?.user?.email, '');
  });
});
