import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import { findScenarioProblems } from '../../src/scenarios/scenario.validate.ts';
import { testBackends } from '../support/backends.ts';
import { demoPerson, startTestVeil, type TestVeil } from '../support/test-veil.ts';

const appId = 'ari:cloud:ecosystem::app/6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b';

function manifestYaml(scopes: readonly string[]): string {
  return [
    'app:',
    `  id: ${appId}`,
    '  name: Issue helper',
    'permissions:',
    '  scopes:',
    ...scopes.map((s) => `    - ${s}`),
    'remotes:',
    '  - key: helper',
    '    baseUrl: https://helper.example',
    'modules:',
    '  trigger:',
    '    - key: issue-events',
    '      events: [avi:jira:created:issue, avi:forge:installed:app]',
    '      endpoint: { remote: helper, path: /events }',
  ].join('\n');
}

type Installed = {
  installationId: string;
  scopes: string[];
  pendingScopes: string[] | null;
  version: number;
};

for (const backend of testBackends()) {
  describe(`Forge apps installed by a site admin on ${backend.name}`, () => {
    let veil: TestVeil;
    before(async () => {
      veil = await startTestVeil(backend);
    });
    after(() => veil.close());

    const install = (manifest: unknown, as = demoPerson('olivia')) =>
      veil.request({ method: 'POST', url: '/veil/v1/sites/acme/forge-apps', as, body: { manifest } });

    it('refuses a bad manifest with a 400 naming each problem, and installs nothing', async () => {
      const bad = await install(
        'app:\n  id: not-an-ari\npermissions:\n  scopes: [read:everything]\nremotes:\n  - key: r\n    baseUrl: ftp://x\n',
      );
      assert.equal(bad.statusCode, 400, bad.body);
      assert.deepEqual(
        (bad.json() as { errors: { path: string }[] }).errors.map((e) => e.path),
        ['body.manifest.app.id', 'body.manifest.permissions.scopes[0]', 'body.manifest.remotes[0].baseUrl'],
      );
      const notYaml = await install('app: [unclosed');
      assert.equal(notYaml.statusCode, 400);
      const trigger = await install({
        app: { id: appId },
        modules: { trigger: [{ events: ['avi:jira:exploded:issue'], endpoint: { remote: 'nowhere' } }] },
      });
      assert.equal(trigger.statusCode, 400);
      const rows = await veil.store.db.selectFrom('forge_installations').selectAll().execute();
      assert.deepEqual(rows, [], 'nothing half-installed');
    });

    it('lets only a site admin install', async () => {
      const member = await install(manifestYaml(['read:jira-user']), demoPerson('liam'));
      assert.equal(member.statusCode, 403, member.body);
      const anonymous = await veil.request({
        method: 'POST',
        url: '/veil/v1/sites/acme/forge-apps',
        body: { manifest: manifestYaml([]) },
      });
      assert.equal(anonymous.statusCode, 401);
    });

    it('installs with consent, and keeps a scope-growing upgrade pending until a site admin consents', async () => {
      const first = await install(manifestYaml(['read:jira-user']));
      assert.equal(first.statusCode, 201, first.body);
      const installed = first.json() as Installed & { outcome: string };
      assert.equal(installed.outcome, 'installed');
      assert.deepEqual(installed.scopes, ['read:jira-user']);
      const grown = await install(manifestYaml(['read:jira-user', 'read:email-address:jira']));
      assert.equal(grown.statusCode, 200, grown.body);
      const pending = grown.json() as Installed & { outcome: string };
      assert.equal(pending.outcome, 'pending');
      assert.deepEqual(pending.scopes, ['read:jira-user'], 'the old grant stays in force');
      assert.deepEqual(pending.pendingScopes, ['read:jira-user', 'read:email-address:jira']);
      assert.equal(pending.version, 1);
      const consentUrl = `/veil/v1/sites/acme/forge-apps/${installed.installationId}/consent`;
      const refused = await veil.request({ method: 'POST', url: consentUrl, as: demoPerson('liam') });
      assert.equal(refused.statusCode, 403);
      const consented = await veil.request({ method: 'POST', url: consentUrl, as: demoPerson('olivia') });
      assert.equal(consented.statusCode, 200, consented.body);
      const inForce = consented.json() as Installed;
      assert.deepEqual(inForce.scopes, ['read:jira-user', 'read:email-address:jira']);
      assert.equal(inForce.pendingScopes, null);
      assert.equal(inForce.version, 2);
      const again = await veil.request({ method: 'POST', url: consentUrl, as: demoPerson('olivia') });
      assert.equal(again.statusCode, 409, 'nothing waits any more');
    });

    it('applies an upgrade that narrows the scopes at once, and lists the installation', async () => {
      const narrowed = await install(manifestYaml(['read:jira-user']));
      assert.equal((narrowed.json() as { outcome: string }).outcome, 'upgraded');
      const listed = await veil.request({ url: '/veil/v1/sites/acme/forge-apps', as: demoPerson('olivia') });
      assert.equal(listed.statusCode, 200);
      const [only] = listed.json() as Installed[];
      assert.deepEqual(only?.scopes, ['read:jira-user']);
      assert.equal(only?.version, 3);
    });
  });
}

for (const backend of testBackends()) {
  describe(`Forge apps declared by a scenario file on ${backend.name}`, () => {
    it('installs a scenario’s Forge app with its scopes in force, and refuses a bad one with the file', async () => {
      const { scenario } = await readScenarioFile(demoScenarioPath);
      const forgeApps = [
        { siteId: 'acme', manifest: manifestYaml(['read:jira-user', 'report:personal-data']) },
      ];
      const veil = await startTestVeil(backend, { ...scenario, forgeApps });
      try {
        const listed = await veil.request({
          url: '/veil/v1/sites/acme/forge-apps',
          as: demoPerson('olivia'),
        });
        const [only] = listed.json() as Installed[];
        assert.deepEqual(only?.scopes, ['read:jira-user', 'report:personal-data']);
      } finally {
        await veil.close();
      }
      const bad = findScenarioProblems({
        ...scenario,
        forgeApps: [...forgeApps, ...forgeApps, { siteId: 'nowhere', manifest: { app: { id: 'x' } } }],
      });
      assert.deepEqual(
        bad.map((p) => p.path),
        ['$.forgeApps[1]', '$.forgeApps[2].siteId', '$.forgeApps[2].manifest.app.id'],
      );
    });
  });
}
