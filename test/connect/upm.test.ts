import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoPerson } from '../support/test-veil.ts';
import type { ListeningVeil, TestApp } from './connect-support.ts';

const installMediaType = 'application/vnd.atl.plugins.remote.install+json';

for (const backend of testBackends()) {
  describe(`the plugin-manager registration flow on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let testApp: TestApp;
    before(async () => {
      ({ veil, testApp } = await startConnectTestbed(backend, {
        testApp: { key: 'com.example.upm-app', install: false },
      }));
      // As `veil start` does once it listens: the plugin manager's installs run as jobs.
      await veil.app.jobs.start();
    });
    after(() => veil.close());

    const admin = demoPerson('olivia');
    const fetchToken = async () => {
      const response = await veil.request({ url: '/rest/plugins/1.0/', as: admin });
      assert.equal(response.statusCode, 200);
      return String(response.headers['upm-token']);
    };
    const requestInstall = (token: string, as = admin) =>
      veil.request({
        method: 'POST',
        url: `/rest/plugins/1.0/?token=${encodeURIComponent(token)}`,
        as,
        headers: { 'content-type': installMediaType },
        body: JSON.stringify({ pluginUri: testApp.descriptorUrl }),
      });
    /** Polls the task as ACE does, until it leaves the pending state. */
    const pollTask = async (self: string): Promise<LightMyRequestResponse> => {
      for (let attempt = 0; attempt < 100; attempt++) {
        const response = await veil.request({ url: self, as: admin });
        if (response.statusCode !== 200 || response.json().status?.done) return response;
        await sleep(response.json().pingAfter ?? 100);
      }
      throw new Error('the install task never finished');
    };

    it('hands out development settings and a upm-token to a site admin only', async () => {
      const settings = await veil.request({ url: '/rest/plugins/1.0/settings', as: admin });
      assert.deepEqual(settings.json(), {
        settings: [{ key: 'connectDeveloperListingsEnabled', value: true }],
      });
      assert.ok(await fetchToken());
      const person = await veil.request({ url: '/rest/plugins/1.0/', as: demoPerson('mia') });
      assert.equal(person.statusCode, 403);
      assert.equal((await veil.request({ url: '/rest/plugins/1.0/' })).statusCode, 401);
    });

    it('installs by descriptor URL: token, 202 with a task, poll, 303 to the installed app', async () => {
      const accepted = await requestInstall(await fetchToken());
      assert.equal(accepted.statusCode, 202, accepted.body);
      const task = accepted.json();
      assert.match(task.links.self, /^\/rest\/plugins\/1\.0\/pending\//);
      assert.equal(task.status.done, false);
      const finished = await pollTask(task.links.self);
      assert.equal(finished.statusCode, 303, finished.body);
      const plugin = await veil.request({ url: String(finished.headers.location), as: admin });
      assert.equal(plugin.json().key, 'com.example.upm-app');
      assert.equal(plugin.json().enabled, true);
      const installed = testApp.received.find((c) => c.path === '/installed');
      assert.equal(installed?.problem, undefined, 'the app verified the signed install');
      const listed = await veil.request({ url: '/rest/plugins/1.0/', as: admin });
      assert.deepEqual(
        listed.json().plugins.map((p: { key: string }) => p.key),
        ['com.example.upm-app'],
      );
    });

    it('refuses an install without a valid upm-token', async () => {
      for (const token of ['', 'forged.token', `${Math.floor(Date.now() / 1000) + 60}.x`]) {
        const response = await requestInstall(token);
        assert.equal(response.statusCode, 403);
      }
      const stale = await fetchToken();
      veil.clock.advance(6 * 60 * 1000);
      assert.equal((await requestInstall(stale)).statusCode, 403, 'a token lasts five minutes');
      const someoneElse = await requestInstall(await fetchToken(), demoPerson('pat'));
      assert.equal(someoneElse.statusCode, 403, "a token is the admin's own");
    });

    it('reports a failed install in the task, as done with an error message', async () => {
      testApp.answerInstalledWith(500);
      const accepted = await requestInstall(await fetchToken());
      const finished = await pollTask(accepted.json().links.self);
      testApp.answerInstalledWith(204);
      assert.equal(finished.statusCode, 200);
      assert.equal(finished.json().status.done, true);
      assert.match(finished.json().status.errorMessage, /answered 500/);
    });

    it('uninstalls by app key, as ACE does on shutdown', async () => {
      const response = await veil.request({
        method: 'DELETE',
        url: '/rest/plugins/1.0/com.example.upm-app-key',
        as: admin,
      });
      assert.equal(response.statusCode, 204);
      assert.equal(testApp.received.at(-1)?.path, '/uninstalled');
      const gone = await veil.request({ url: '/rest/plugins/1.0/com.example.upm-app-key', as: admin });
      assert.equal(gone.statusCode, 404);
      const listed = await veil.request({ url: '/rest/plugins/1.0/', as: admin });
      assert.deepEqual(listed.json().plugins, []);
    });
  });
}
