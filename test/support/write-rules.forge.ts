/**
 * The rules of Forge-style apps on a site: a site (or platform) admin installs or upgrades one from its
 * manifest, consenting to its scopes, and consents to a pending upgrade. Nobody else, and never an app.
 */
import { siteAdmins, type WriteRule } from './write-rules.shared.ts';

function manifest(n: number) {
  const uuid = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  return {
    app: { id: `ari:cloud:ecosystem::app/${uuid}`, name: `Matrix Forge app ${n}` },
    permissions: { scopes: ['read:jira-user'] },
    remotes: [{ key: 'remote', baseUrl: 'https://forge-remote.example' }],
  };
}

export const forgeRules: WriteRule[] = [
  {
    method: 'POST',
    route: '/veil/v1/sites/:siteId/forge-apps',
    allowed: siteAdmins,
    request: (_w, _k, n) => ({ url: '/veil/v1/sites/acme/forge-apps', body: { manifest: manifest(n) } }),
  },
  {
    method: 'POST',
    route: '/veil/v1/sites/:siteId/forge-apps/:installationId/consent',
    variant: 'an installation that does not exist (a 404 for everyone allowed)',
    allowed: siteAdmins,
    request: () => ({
      url: '/veil/v1/sites/acme/forge-apps/00000000-0000-4000-8000-000000000000/consent',
    }),
  },
];
