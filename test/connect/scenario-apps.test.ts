import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import { testBackends } from '../support/backends.ts';
import { startConnectTestbed } from '../support/connect-testbed.ts';
import { demoPerson } from '../support/test-veil.ts';
import { buildDescriptor, type ListeningVeil, type TestApp } from './connect-support.ts';

const demo = (await readScenarioFile(demoScenarioPath)).scenario;

describe('Connect apps in scenario files', () => {
  it('reports every problem of an app entry, inline descriptors included, with its JSON path', () => {
    const problems = findScenarioProblems({
      ...demo,
      apps: [
        { installOn: ['acme'] },
        {
          descriptorUrl: 'http://localhost:3101/atlassian-connect.json',
          installOn: ['nowhere', 'acme', 'acme'],
        },
        {
          descriptor: { key: 'x y', baseUrl: 'http://localhost:1', authentication: { type: 'jwt' } },
          installOn: ['acme'],
        },
      ],
    });
    const paths = problems.map((p) => p.path);
    for (const path of [
      '$.apps[0]',
      '$.apps[1].installOn[0]',
      '$.apps[1].installOn[2]',
      '$.apps[2].descriptor.key',
    ]) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
  });

  it('checks an inline descriptor for what Veil needs to host it', () => {
    const descriptor = { ...buildDescriptor('http://localhost:3101'), lifecycle: {} };
    const problems = findScenarioProblems({ ...demo, apps: [{ descriptor, installOn: ['acme'] }] });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['$.apps[0].descriptor.lifecycle.installed'],
    );
  });
});

for (const backend of testBackends()) {
  describe(`scenario apps are installed by the job runner, on ${backend.name}`, () => {
    let veil: ListeningVeil;
    let byUrl: TestApp;
    let inline: TestApp;
    before(async () => {
      // The scenario installs the apps; the testbed does not. The apps verify callbacks by Veil's clock,
      // which the retries move on.
      const scenario = (apps: { byUrl: TestApp; inline: TestApp }): Scenario => {
        // Refused at first: the install is retried, with backoff, until the app accepts it.
        apps.byUrl.answerInstalledWith(503);
        return {
          ...demo,
          apps: [
            { descriptorUrl: apps.byUrl.descriptorUrl, installOn: ['acme', 'globex'], emailApi: 'approved' },
            {
              descriptor: buildDescriptor(apps.inline.baseUrl, 'com.example.inline'),
              installOn: ['acme'],
              product: 'confluence',
            },
          ],
        };
      };
      ({ veil, byUrl, inline } = await startConnectTestbed(
        backend,
        {
          byUrl: { install: false },
          inline: { key: 'com.example.inline', basePath: '/inline', install: false },
        },
        { scenario },
      ));
    });
    after(() => veil.close());

    const listApps = async (siteId: string) =>
      (await veil.request({ url: `/veil/v1/sites/${siteId}/apps`, as: demoPerson('pat') })).json() as {
        appKey: string;
        productType: string;
        emailApi: string | null;
      }[];
    const waitForApps = async (siteId: string, count: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const apps = await listApps(siteId);
        if (apps.length >= count) return apps;
        await sleep(100);
      }
      throw new Error(`the scenario apps of ${siteId} were never installed`);
    };

    it('installs an inline descriptor into the product the entry names', async () => {
      // What `veil start` runs once it listens: the jobs the scenario load queued.
      await veil.app.jobs.runDue();
      const [app] = await waitForApps('acme', 1);
      assert.equal(app?.appKey, 'com.example.inline');
      assert.equal(app?.productType, 'confluence');
      const installed = inline.received.find((c) => c.path === '/installed');
      assert.equal(installed?.problem, undefined);
      assert.equal(installed?.body.baseUrl, 'http://127.0.0.1:8080/wiki');
    });

    it('retries an app that refused until it accepts, on every site named, with its Email API status', async () => {
      const attempted = () => byUrl.received.filter((c) => c.path === '/installed');
      await veil.app.jobs.runDue();
      assert.ok(attempted().length > 0, 'the first attempts were made');
      byUrl.answerInstalledWith(204);
      // The backoff runs by Veil's clock: a minute on, the retries are due.
      veil.clock.advance(60_000);
      await veil.app.jobs.runDue();
      const acme = await waitForApps('acme', 2);
      const globex = await waitForApps('globex', 1);
      const app = acme.find((a) => a.appKey === 'com.example.test-app');
      assert.equal(app?.emailApi, 'approved');
      assert.equal(globex[0]?.appKey, 'com.example.test-app');
      assert.notEqual(attempted()[0]?.answered, 204, 'the first attempt was refused');
      const jobs = await veil.store.db.selectFrom('connect_install_jobs').select('status').execute();
      assert.ok(
        jobs.every((job) => job.status === 'installed'),
        'the install jobs were never marked installed',
      );
    });
  });
}
