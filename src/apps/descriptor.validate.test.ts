import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ConnectDescriptor, findDescriptorProblems, resolveAppUrl } from './descriptor.validate.ts';

// The descriptor atlassian-connect-express's template produces (with the flags it sends today).
const aceTemplate = {
  key: 'my-app',
  name: 'My app',
  description: 'My very first app',
  vendor: { name: 'Angry Nerds', url: 'https://www.atlassian.com/angrynerds' },
  baseUrl: 'http://localhost:3101',
  links: { self: 'http://localhost:3101/atlassian-connect.json', homepage: 'http://localhost:3101' },
  authentication: { type: 'jwt' },
  lifecycle: { installed: '/installed', uninstalled: '/uninstalled' },
  scopes: ['READ'],
  apiMigrations: { gdpr: true, 'signed-install': true },
  modules: {
    generalPages: [
      {
        key: 'hello-world-page-jira',
        location: 'system.top.navigation.bar',
        name: { value: 'Hello World' },
        url: '/hello-world',
      },
    ],
    webhooks: [{ event: 'user_updated', url: '/webhooks/user-updated' }],
  },
};

describe('descriptor validation', () => {
  it('accepts the descriptor atlassian-connect-express serves', () => {
    assert.deepEqual(findDescriptorProblems(aceTemplate), []);
  });

  it('reports every problem at once, each with its JSON path', () => {
    const problems = findDescriptorProblems({
      key: 'a key with spaces',
      scopes: ['READ', 'ALL'],
      apiMigrations: { gdpr: 'yes' },
      modules: { webhooks: [{ url: '/w' }] },
    });
    const paths = problems.map((p) => p.path);
    for (const path of [
      '$.baseUrl',
      '$.authentication',
      '$.key',
      '$.scopes[1]',
      '$.apiMigrations.gdpr',
      '$.modules.webhooks[0].event',
    ]) {
      assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
    }
  });

  it('refuses what Veil cannot host: no JWT, no installed callback, callbacks elsewhere', () => {
    const problems = findDescriptorProblems({
      ...aceTemplate,
      authentication: { type: 'none' },
      lifecycle: { uninstalled: 'https://elsewhere.example/uninstalled' },
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      ['$.authentication.type', '$.lifecycle.installed', '$.lifecycle.uninstalled'],
    );
  });

  it('resolves lifecycle paths under the base URL, path included', () => {
    const descriptor = { ...aceTemplate, baseUrl: 'https://apps.example/jira/' } as ConnectDescriptor;
    assert.equal(resolveAppUrl(descriptor, '/installed'), 'https://apps.example/jira/installed');
    assert.equal(resolveAppUrl(descriptor, 'installed?x=1'), 'https://apps.example/jira/installed?x=1');
  });
});
