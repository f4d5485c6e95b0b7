/** Contracts of Forge apps on a site: the manifest in, the installation out. */
import { Type } from 'typebox';
import { Slug } from '../http/contracts.ts';

const Instant = Type.String({ format: 'date-time' });

export const ForgeInstallBody = Type.Object(
  {
    manifest: Type.Union(
      [
        Type.String({ minLength: 1, maxLength: 65536, description: '`manifest.yml` as text (YAML or JSON)' }),
        Type.Object({}, { additionalProperties: true, description: 'The manifest as JSON' }),
      ],
      { description: 'The manifest: `app.id`, `permissions.scopes`, `remotes`, `modules.trigger`' },
    ),
  },
  { additionalProperties: false },
);

export const ForgeInstallationParams = Type.Object({
  siteId: Slug,
  installationId: Type.String({ format: 'uuid' }),
});

export const ForgeInstallationView = Type.Object({
  installationId: Type.String(),
  siteId: Type.String(),
  appId: Type.String({ description: 'The app ARI, `ari:cloud:ecosystem::app/<uuid>`' }),
  name: Type.String(),
  version: Type.Integer({ description: 'Counts the manifests in force on this site, the first being 1' }),
  scopes: Type.Array(Type.String(), { description: 'The scopes a site admin consented to: in force' }),
  pendingScopes: Type.Union([Type.Array(Type.String()), Type.Null()], {
    description: 'An upgrade whose scopes grow, waiting for a site admin’s consent',
  }),
  remotes: Type.Array(Type.Object({ key: Type.String(), baseUrl: Type.String() })),
  installedAt: Instant,
  updatedAt: Instant,
});

export const ForgeInstallOutcomeView = Type.Object({
  ...ForgeInstallationView.properties,
  outcome: Type.Union([Type.Literal('installed'), Type.Literal('upgraded'), Type.Literal('pending')]),
});
