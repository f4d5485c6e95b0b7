import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testBackends } from '../support/backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mia = demoPerson('mia');
const task = { project: { key: 'HELP' }, issuetype: { name: 'Task' }, summary: 'Input check' };

for (const backend of testBackends()) {
  describe(`bad input to issues on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const issueCount = async () =>
      Number(
        (
          await veil.store.db
            .selectFrom('issues')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const historyCount = async () =>
      Number(
        (
          await veil.store.db
            .selectFrom('issue_histories')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    /** A 400 in the tracker's error body naming `field`, and nothing written. */
    async function assertRefused(
      request: { method: 'POST' | 'PUT'; url: string; body: unknown },
      field: string,
    ) {
      const [issues, histories] = [await issueCount(), await historyCount()];
      const response = await veil.request({ ...request, as: mia });
      assert.equal(response.statusCode, 400, response.body);
      const body = response.json();
      assert.deepEqual(Object.keys(body).sort(), ['errorMessages', 'errors']);
      assert.ok(field in body.errors, `${field} is named: ${response.body}`);
      assert.deepEqual([await issueCount(), await historyCount()], [issues, histories], 'nothing written');
    }

    const create = (fields: Record<string, unknown>) => ({
      method: 'POST' as const,
      url: '/rest/api/3/issue',
      body: { fields: { ...task, ...fields } },
    });

    it('refuses unknown fields, wrong custom field types and accounts not on the site, naming each', async () => {
      await assertRefused(create({ frobnicate: 1 }), 'frobnicate');
      await assertRefused(create({ customfield_10010: [{ accountId: demoIds.mia }] }), 'customfield_10010');
      await assertRefused(create({ customfield_10011: { accountId: demoIds.mia } }), 'customfield_10011');
      await assertRefused(create({ customfield_99999: { accountId: demoIds.mia } }), 'customfield_99999');
      await assertRefused(create({ reporter: { accountId: 'no-such-account' } }), 'reporter');
      await assertRefused(create({ assignee: { accountId: demoIds.app } }), 'assignee');
      await assertRefused(create({ assignee: { accountId: demoIds.ethan } }), 'assignee');
      await assertRefused(create({ project: { key: 'NOPE' } }), 'project');
      await assertRefused(create({ issuetype: { name: 'Epic' } }), 'issuetype');
      await assertRefused(
        { method: 'PUT', url: '/rest/api/3/issue/ACME-1', body: { fields: { summary: '' } } },
        'summary',
      );
    });

    it('applies the update verbs: set, and add and remove on labels and multi-user fields', async () => {
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/2/issue',
        as: mia,
        body: {
          fields: task,
          update: {
            labels: [{ add: 'a' }, { add: 'b' }],
            customfield_10011: [{ add: { accountId: demoIds.mia } }],
          },
        },
      });
      assert.equal(created.statusCode, 201, created.body);
      const url = `/rest/api/2/issue/${created.json().key}`;
      const edited = await veil.request({
        method: 'PUT',
        url,
        as: mia,
        body: {
          fields: { priority: { name: 'High' } },
          update: {
            summary: [{ set: 'Verbs applied' }],
            labels: [{ remove: 'a' }, { add: 'c' }, { add: 'b' }],
            customfield_10011: [{ add: { accountId: demoIds.ava } }, { remove: { accountId: demoIds.mia } }],
          },
        },
      });
      assert.equal(edited.statusCode, 204, edited.body);
      const { fields } = (await veil.request({ url, as: mia })).json();
      assert.equal(fields.summary, 'Verbs applied');
      assert.equal(fields.priority.name, 'High');
      assert.deepEqual(fields.labels, ['b', 'c']);
      assert.deepEqual(
        fields.customfield_10011.map((u: { accountId: string }) => u.accountId),
        [demoIds.ava],
      );
    });

    it('refuses update verbs that cannot apply, naming the field, with nothing written', async () => {
      const withUpdate = (update: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
        ...create(fields),
        body: { fields: { ...task, ...fields }, update },
      });
      await assertRefused(withUpdate({ summary: [{ add: 'x' }] }), 'summary');
      await assertRefused(withUpdate({ labels: [{ add: 'x' }] }, { labels: ['y'] }), 'labels');
      await assertRefused(withUpdate({ labels: [{ copy: 'x' }] }), 'labels');
      await assertRefused(withUpdate({ labels: { add: 'x' } }), 'labels');
      await assertRefused(withUpdate({ comment: [{ add: { body: 'hi' } }] }), 'comment');
      await assertRefused(withUpdate({ customfield_10011: [{ add: 'mia' }] }), 'customfield_10011');
      await assertRefused(withUpdate({ labels: [{ set: ['ok', 42] }] }), 'labels');
    });

    it('refuses malformed ADF and mentions of someone not on the site', async () => {
      await assertRefused(create({ description: { type: 'doc', content: [] } }), 'description');
      await assertRefused(create({ description: 'plain text is v2' }), 'description');
      await assertRefused(
        create({ description: { type: 'doc', version: 1, content: [{ type: 'mention', attrs: {} }] } }),
        'description',
      );
      await assertRefused(
        create({
          description: {
            type: 'doc',
            version: 1,
            content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { id: 'not-on-site' } }] }],
          },
        }),
        'description',
      );
      const comment = await veil.request({
        method: 'POST',
        url: '/rest/api/3/issue/ACME-1/comment',
        as: mia,
        body: { body: { type: 'paragraph' } },
      });
      assert.equal(comment.statusCode, 400, comment.body);
    });

    it('refuses a transition that does not exist, and answers 404 for unknown issues and to those who may not browse', async () => {
      await assertRefused(
        { method: 'POST', url: '/rest/api/3/issue/ACME-1/transitions', body: { transition: { id: '99' } } },
        'transition',
      );
      for (const url of [
        '/rest/api/3/issue/ACME-999',
        '/rest/api/3/issue/99999999',
        '/rest/api/3/issue/nonsense',
      ]) {
        assert.equal((await veil.request({ url, as: mia })).statusCode, 404, url);
      }
      const asCustomer = await veil.request({
        url: '/rest/api/3/issue/ACME-1',
        as: { email: 'cu@example.org', token: 'demo-token-customer' },
      });
      assert.equal(asCustomer.statusCode, 404, 'a customer does not browse the tracker');
      const anonymous = await veil.request({ url: '/rest/api/3/issue/ACME-1' });
      assert.equal(anonymous.statusCode, 401, 'acme allows no anonymous access');
    });

    it('numbers issues created at once in one project without gaps or repeats', async () => {
      const created = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          veil.request({
            method: 'POST',
            url: '/rest/api/2/issue',
            as: mia,
            body: { fields: { ...task, summary: `Race ${i}` } },
          }),
        ),
      );
      for (const response of created) assert.equal(response.statusCode, 201, response.body);
      const numbers = created.map((r) => Number(r.json().key.split('-')[1])).sort((a, b) => a - b);
      assert.equal(new Set(numbers).size, 8);
      assert.equal(numbers[7]! - numbers[0]!, 7);
    });
  });
}
