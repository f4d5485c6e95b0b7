import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { MovableClock, systemClock } from '../../src/clock/clock.ts';
import type { TestApp } from '../connect/connect-support.ts';
import { type ProcessStore, testBackends } from '../support/backends.ts';
import { startTestbedApps, type TestbedApps } from '../support/connect-testbed.ts';
import { basicAuth, startVeilProcess, type VeilProcess } from '../support/veil-process.ts';

const people = [
  'mia@acme.test',
  'noah@example.com',
  'ava@acme.test',
  'olivia@acme.test',
  'sofia@globex.test',
];
const pat = basicAuth('pat@veil.test', 'demo-token-pat');

/**
 * Nothing acknowledged is lost: a webhook is a row written with the change, so a Veil killed with
 * deliveries under way sends every one of them once it is started again (some twice, as they may
 * have arrived before the kill; a repeat carries the same identifier).
 */
for (const backend of testBackends()) {
  // PGlite: the restart frees the deliveries the killed process held at once. PostgreSQL: another process
  // may hold them, so they are taken over when their lease (the app's 10 s to answer, and 30 s) runs out.
  const leaseWait = backend.exclusive ? 0 : 41_000;
  describe(`webhooks pending when Veil is killed, on ${backend.name}`, () => {
    let store: ProcessStore;
    let args: string[];
    let veil: VeilProcess;
    let apps: TestbedApps<'app'>;
    let app: TestApp;
    // The app checks Veil's tokens by Veil's clock, which the test moves past the lease.
    const veilForApp = { url: '', clock: new MovableClock(systemClock) };
    before(async () => {
      store = await backend.openForProcess();
      args = [...store.args, '--port', '0', '--movable-clock'];
      veil = await startVeilProcess(args);
      veilForApp.url = veil.url;
      // Installed on acme by Olivia.
      apps = await startTestbedApps(veilForApp, {
        app: { webhooks: [{ event: 'user_updated', url: '/webhooks/updated' }] },
      });
      ({ app } = apps);
    });
    after(async () => {
      await veil?.stop('SIGKILL');
      await apps?.close();
      await store?.drop();
    });

    const waitFor = async (what: string, check: () => boolean) => {
      for (let i = 0; i < 600 && !check(); i++) await sleep(50);
      assert.ok(check(), `${what} never happened`);
    };

    it('sends every delivery after a restart', async () => {
      // The app takes the webhooks in and never answers: they are all under way when Veil dies.
      app.answerWebhooksWith('silence');
      for (const email of people) {
        const changed = await fetch(`${veil.url}/veil/v1/me/profile`, {
          method: 'PATCH',
          headers: {
            ...basicAuth(email, `demo-token-${email.split('@')[0]}`),
            'content-type': 'application/json',
          },
          body: JSON.stringify({ jobTitle: 'Renamed before the crash' }),
        });
        assert.equal(changed.status, 200, await changed.text());
      }
      await waitFor('a first delivery', () => app.webhooks.length > 0);
      assert.equal(await veil.stop('SIGKILL'), null);
      const before = new Set(app.webhooks.map((w) => w.identifier));

      app.answerWebhooksWith(204);
      veil = await startVeilProcess(args);
      veilForApp.url = veil.url;
      veilForApp.clock.advance(leaseWait);
      const moved = await fetch(`${veil.url}/veil/v1/clock/advance`, {
        method: 'POST',
        headers: { ...pat, 'content-type': 'application/json' },
        body: JSON.stringify({ duration: `PT${leaseWait / 1000}S` }),
      });
      assert.equal(moved.status, 200, await moved.text());
      const accepted = () => new Set(app.webhooks.filter((w) => w.answered === 204).map((w) => w.identifier));
      await waitFor('every delivery', () => accepted().size === people.length);
      assert.ok(app.webhooks.every((w) => w.problem === undefined));
      for (const identifier of before)
        assert.ok(accepted().has(identifier), 'a delivery cut short is sent again');
      const accounts = app.webhooks
        .filter((w) => w.answered === 204)
        .map((w) => (w.body.user as { accountId: string }).accountId);
      assert.equal(new Set(accounts).size, people.length, 'one delivery per change');
    });
  });
}
