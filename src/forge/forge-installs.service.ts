/**
 * Installing a Forge app on a site: the site admin who installs it consents to its scopes. An upgrade
 * whose scopes grow waits, stored as pending, until a site admin consents; until then the app runs
 * with the old manifest and grant. An upgrade that keeps or narrows the scopes applies at once.
 */
import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { StoreDeps } from '../db/schema.ts';
import type { ForgeInstallationsTable } from '../db/tables/forge.table.ts';
import { VeilError } from '../errors/veil-error.ts';
import { joinScopes, splitScopes } from '../oauth/oauth.model.ts';
import { type ForgeManifest, readForgeManifest } from './forge.manifest.ts';
import { enqueueForgeEvent } from './forge-events.jobs.ts';
import {
  findForgeInstallation,
  findForgeInstallationOfApp,
  insertForgeInstallation,
  listForgeInstallations,
  siteExists,
  updateForgeInstallation,
} from './forge-installs.repository.ts';

export type ForgeInstallationRow = Selectable<ForgeInstallationsTable>;

export interface ForgeInstallOutcome {
  readonly installation: ForgeInstallationRow;
  /** `installed` the first time, `upgraded` when in force, `pending` when waiting for consent. */
  readonly outcome: 'installed' | 'upgraded' | 'pending';
}

/** Installs or upgrades the app the manifest describes; a bad manifest changes nothing. */
export async function installForgeApp(
  deps: StoreDeps,
  siteId: string,
  source: unknown,
): Promise<ForgeInstallOutcome> {
  const manifest = readForgeManifest(source);
  if (Array.isArray(manifest))
    throw new VeilError(
      'request.invalid',
      manifest.map((p) => `${p.path} ${p.message}`).join('; '),
      manifest,
    );
  if (!(await siteExists(deps.db, siteId))) throw new VeilError('site.not_found', `No site ${siteId}.`);
  const now = deps.clock.now();
  const inserted = await insertForgeInstallation(deps.db, {
    installation_id: randomUUID(),
    site_id: siteId,
    app_id: manifest.appId,
    version: 1,
    manifest,
    scopes: joinScopes(manifest.scopes),
    installed_at: now,
    updated_at: now,
  });
  if (!inserted) return upgradeForgeApp(deps, siteId, manifest);
  const installation = await reread(deps, siteId, manifest.appId);
  await tell(deps, installation, 'avi:forge:installed:app');
  return { installation, outcome: 'installed' };
}

async function upgradeForgeApp(
  deps: StoreDeps,
  siteId: string,
  manifest: ForgeManifest,
): Promise<ForgeInstallOutcome> {
  const current = await reread(deps, siteId, manifest.appId);
  const granted = splitScopes(current.scopes);
  const grows = manifest.scopes.some((scope) => !granted.includes(scope));
  const now = deps.clock.now();
  if (grows) {
    const pending = {
      pending_manifest: manifest,
      pending_scopes: joinScopes(manifest.scopes),
      updated_at: now,
    };
    await updateForgeInstallation(deps.db, current.installation_id, pending);
  } else {
    await updateForgeInstallation(deps.db, current.installation_id, inForce(current, manifest, now));
  }
  return {
    installation: await reread(deps, siteId, manifest.appId),
    outcome: grows ? 'pending' : 'upgraded',
  };
}

function inForce(current: ForgeInstallationRow, manifest: ForgeManifest, now: Date) {
  return {
    manifest,
    scopes: joinScopes(manifest.scopes),
    version: current.version + 1,
    pending_manifest: null,
    pending_scopes: null,
    updated_at: now,
  };
}

/** A site admin's consent to the pending upgrade: it comes into force with its scopes. */
export async function consentToForgeUpgrade(
  deps: StoreDeps,
  siteId: string,
  installationId: string,
): Promise<ForgeInstallationRow> {
  const current = await findForgeInstallation(deps.db, siteId, installationId);
  if (!current)
    throw new VeilError(
      'forge.installation_not_found',
      `No Forge installation ${installationId} on ${siteId}.`,
    );
  if (current.pending_manifest === null)
    throw new VeilError('forge.nothing_pending', 'No upgrade of this app waits for consent.');
  const manifest = current.pending_manifest as ForgeManifest;
  await updateForgeInstallation(deps.db, installationId, inForce(current, manifest, deps.clock.now()));
  await tell(deps, current, 'avi:forge:upgraded:app');
  return reread(deps, siteId, current.app_id);
}

export async function listForgeApps(deps: StoreDeps, siteId: string): Promise<ForgeInstallationRow[]> {
  return listForgeInstallations(deps.db, siteId);
}

async function reread(deps: StoreDeps, siteId: string, appId: string): Promise<ForgeInstallationRow> {
  const row = await findForgeInstallationOfApp(deps.db, siteId, appId);
  if (!row) throw new VeilError('request.conflict', 'The installation changed meanwhile; try again.');
  return row;
}

/** A lifecycle event for the app's remote (sent by the job queue, with the manifest then in force). */
async function tell(deps: StoreDeps, installation: ForgeInstallationRow, eventType: string) {
  const { installation_id: installationId, app_id: appId } = installation;
  await enqueueForgeEvent(deps.db, deps.clock, { installationId, eventType, subject: { appId } });
}
