import type { Selectable } from 'kysely';
import { type ConnectScope, normalizeScopes } from '../auth/app-scopes.ts';
import type { ConnectAppsTable, ConnectInstallsTable } from '../db/tables/apps.table.ts';
import type { ConnectDescriptor } from './descriptor.validate.ts';

export type ProductType = 'jira' | 'confluence';
export type EmailApiStatus = 'pending' | 'approved' | 'rejected';

/** A Connect app as the services use it: one per app key, whatever the sites it is installed on. */
export interface ConnectApp {
  readonly appKey: string;
  /** The name of its newest install's descriptor. */
  readonly name: string;
  /** The app's own account (`accountType: app`), the same on every site. */
  readonly accountId: string;
  readonly emailApiStatus: EmailApiStatus | null;
}

/**
 * An app's installation on a site, with the descriptor it was made from (its base URL and scopes hold
 * for this site only); the shared secret never leaves the services in this shape.
 */
export interface Install {
  readonly clientKey: string;
  readonly siteId: string;
  readonly appKey: string;
  readonly baseUrl: string;
  readonly descriptor: ConnectDescriptor;
  readonly scopes: readonly ConnectScope[];
  readonly oauthClientId: string;
  readonly productType: ProductType;
  readonly installed: boolean;
  readonly enabled: boolean;
  readonly installedAt: Date;
}

/** An installed app with its install, as lists and views show it. */
export interface InstalledApp {
  readonly app: ConnectApp;
  readonly install: Install;
}

/** Maps a stored app row to the domain app. */
export function appRowToApp(row: Selectable<ConnectAppsTable>): ConnectApp {
  return {
    appKey: row.app_key,
    name: row.name,
    accountId: row.account_id,
    emailApiStatus: row.email_api_status,
  };
}

/** Maps a stored install row to the domain install (without its sealed secret). */
export function installRowToInstall(row: Selectable<ConnectInstallsTable>): Install {
  return {
    clientKey: row.client_key,
    siteId: row.site_id,
    appKey: row.app_key,
    baseUrl: row.base_url,
    descriptor: JSON.parse(row.descriptor) as ConnectDescriptor,
    scopes: normalizeScopes(row.scopes.split(' ').filter(Boolean)),
    oauthClientId: row.oauth_client_id,
    productType: row.product_type,
    installed: row.status === 'installed',
    enabled: row.enabled,
    installedAt: row.installed_at,
  };
}
