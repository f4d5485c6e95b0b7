import { type Static, Type } from 'typebox';
import { Slug, VeilErrorBody, veilErrors } from '../http/contracts.ts';
import type { InstalledApp } from './apps.model.ts';

const closed = { additionalProperties: false } as const;

export const AppKey = Type.String({
  pattern: '^[a-zA-Z0-9._-]{1,80}$',
  description: 'The app key of the descriptor',
});
export const ProductTypeName = Type.Union([Type.Literal('jira'), Type.Literal('confluence')], {
  description: 'The product the app is installed into: the tracker (jira) or the wiki (confluence)',
});
export const EmailApiStatusName = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
]);

export const SiteParams = Type.Object({ siteId: Slug }, closed);
export const SiteAppParams = Type.Object({ siteId: Slug, appKey: AppKey }, closed);

export const InstallAppBody = Type.Object(
  {
    descriptorUrl: Type.Optional(
      Type.String({
        pattern: '^https?://',
        maxLength: 2000,
        description: 'Where Veil fetches the descriptor',
      }),
    ),
    descriptor: Type.Optional(
      Type.Object({}, { additionalProperties: true, description: 'The descriptor itself' }),
    ),
    product: Type.Optional(ProductTypeName),
  },
  { ...closed, description: 'Either `descriptorUrl` or `descriptor`' },
);

export const AppStateBody = Type.Object({ enabled: Type.Boolean() }, closed);

/** An app installed on a site; the shared secret is never part of it. */
export const InstalledAppView = Type.Object(
  {
    appKey: Type.String(),
    name: Type.String(),
    baseUrl: Type.String(),
    siteId: Type.String(),
    productType: ProductTypeName,
    clientKey: Type.String(),
    oauthClientId: Type.String(),
    accountId: Type.String({ description: "The app's own account, the same on every site" }),
    scopes: Type.Array(Type.String()),
    enabled: Type.Boolean(),
    installedAt: Type.String({ format: 'date-time' }),
    emailApi: Type.Union([EmailApiStatusName, Type.Null()]),
  },
  { $id: 'InstalledApp' },
);
export type InstalledAppView = Static<typeof InstalledAppView>;

export const appErrors = { ...veilErrors, 502: VeilErrorBody } as const;

/** The wire view of an installed app. */
export function renderInstalledApp({ app, install }: InstalledApp) {
  return {
    appKey: app.appKey,
    name: app.name,
    baseUrl: install.baseUrl,
    siteId: install.siteId,
    productType: install.productType,
    clientKey: install.clientKey,
    oauthClientId: install.oauthClientId,
    accountId: app.accountId,
    scopes: [...install.scopes],
    enabled: install.enabled,
    installedAt: install.installedAt.toISOString(),
    emailApi: app.emailApiStatus,
  };
}
