import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findAccounts } from '../../src/accounts/accounts.service.ts';
import type { ListeningVeil, TestApp } from '../connect/connect-support.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { fieldValues, findLeaks, valuesVisibleTo } from '../support/privacy.ts';
import { demoIds, demoPerson } from '../support/test-veil.ts';

const olivia = demoPerson('olivia');
// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are read loosely, as an app does
type Body = Record<string, any>;

const descriptorWebhooks = [
  { event: 'project_created', url: '/webhooks/project-created' },
  { event: 'project_updated', url: '/webhooks/project-updated' },
  { event: 'project_deleted', url: '/webhooks/project-deleted' },
];

for (const backend of testBackends()) {
  describe(`project webhooks on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let app: TestApp;
    before(async () => {
      ({ veil, app } = await startConnectTestbed(backend, {
        app: { key: 'com.example.project-hooks', scopes: ['READ'], webhooks: descriptorWebhooks },
      }));
      await veil.app.jobs.runDue();
      app.webhooks.length = 0;
    });
    after(() => veil.close());

    const received = async (target: string): Promise<Body[]> => {
      await veil.app.jobs.runDue();
      return app.webhooks.filter((w) => w.target === target && !w.problem).map((w) => w.body as Body);
    };

    it('sends project_created, _updated and _deleted with the lead rendered for the app', async () => {
      const created = await veil.request({
        method: 'POST',
        url: '/rest/api/3/project',
        as: olivia,
        body: { key: 'HOOK', name: 'Hooked', leadAccountId: demoIds.liam, projectTypeKey: 'software' },
      });
      assert.equal(created.statusCode, 201, created.body);
      const [first] = await received('/webhooks/project-created');
      assert.equal(first?.webhookEvent, 'project_created');
      assert.equal(first?.project.key, 'HOOK');
      assert.equal(first?.project.id, created.json().id);
      assert.equal(first?.project.projectLead.accountId, demoIds.liam);
      assert.equal(first?.project.projectLead.emailAddress, undefined, 'Liam hides his email');
      const edited = await veil.request({
        method: 'PUT',
        url: '/rest/api/3/project/HOOK',
        as: olivia,
        body: { leadAccountId: demoIds.mia },
      });
      assert.equal(edited.statusCode, 200, edited.body);
      const [updated] = await received('/webhooks/project-updated');
      assert.equal(updated?.project.projectLead.accountId, demoIds.mia);
      const deleted = await veil.request({ method: 'DELETE', url: '/rest/api/3/project/HOOK', as: olivia });
      assert.equal(deleted.statusCode, 204, deleted.body);
      const [gone] = await received('/webhooks/project-deleted');
      assert.equal(gone?.project.key, 'HOOK');
      assert.equal(gone?.project.name, 'Hooked');
      assert.equal(gone?.project.projectLead.accountId, demoIds.mia);
      const accounts = await findAccounts(veil.store.db, Object.values(demoIds));
      const appAccountId = (await veil.request({ url: '/veil/v1/sites/acme/apps', as: olivia })).json()[0]
        .accountId;
      const viewer = { kind: 'app' as const, appKey: 'com.example.project-hooks', accountId: appAccountId };
      const visible = valuesVisibleTo(accounts, viewer);
      const hidden = [...new Set(accounts.flatMap((a) => fieldValues(a, viewer, false)))].filter(
        (v) => !visible.has(v),
      );
      assert.deepEqual(findLeaks([first, updated, gone], hidden, visible), []);
    });

    it('sends nothing for a refused change', async () => {
      const refused = await veil.request({
        method: 'POST',
        url: '/rest/api/3/project',
        as: olivia,
        body: { key: 'NOPE', name: 'Nope', leadAccountId: '5f0c1a9e2b7d4c8e9a1b3cff' },
      });
      assert.equal(refused.statusCode, 400, refused.body);
      assert.equal(
        (await received('/webhooks/project-created')).filter((b) => b.project.key === 'NOPE').length,
        0,
      );
    });
  });
}
