import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { accountToProfileSubject } from '../accounts/accounts.model.ts';
import { insertPlatformAdmin } from '../accounts/accounts.repository.ts';
import { createAccount, getAccount } from '../accounts/accounts.service.ts';
import { upsertVisibilitySetting } from '../accounts/visibility-settings.repository.ts';
import type { Clock } from '../clock/clock.ts';
import { parseInstant } from '../clock/instant.ts';
import { createInstallJob } from '../connect/install-jobs.ts';
import { addApiToken } from '../credentials/credentials.service.ts';
import type { Database } from '../db/schema.ts';
import { requestDeletion } from '../deletion/deletion.service.ts';
import { eraseAccount } from '../erasure/erasure.service.ts';
import { VeilError } from '../errors/veil-error.ts';
import { writeScenarioFilters } from '../filters/scenario-filters.service.ts';
import { installForgeApp } from '../forge/forge-installs.service.ts';
import { writeScenarioIssues } from '../issues/scenario-issues.service.ts';
import { writeScenarioOAuthApps } from '../oauth/oauth-apps.service.ts';
import { addOrganizationAdmin, createOrganization } from '../organizations/organizations.service.ts';
import { writeScenarioProjectParts } from '../projects/scenario-projects.service.ts';
import { upsertRateLimit } from '../rate-limits/rate-limits.repository.ts';
import { addSiteAdmin } from '../sites/site-admins.service.ts';
import { linkAccount } from '../sites/site-links.service.ts';
import { createProject } from '../sites/site-projects.service.ts';
import { createSite } from '../sites/site-settings.service.ts';
import { effectiveVisibility, formerUser, type ProfileField } from '../visibility/visibility.ts';
import { writeScenarioSpaces } from '../wiki/scenario-spaces.service.ts';
import type { Scenario, ScenarioAccount, ScenarioRateLimits } from './scenario.schemas.ts';
import { findScenarioProblems } from './scenario.validate.ts';

export interface LoadedAccount {
  readonly accountId: string;
  readonly type: string;
  readonly publicName: string;
}

export interface ScenarioLoadOptions {
  /** How long the accounts declared `deletion-requested` wait (the configured grace period, `P14D`). */
  readonly deletionGracePeriod?: string;
}

export interface ScenarioLoadResult {
  /** False when the store already held this very scenario. */
  readonly loaded: boolean;
  readonly accounts: readonly LoadedAccount[];
}

/** Parses and validates scenario text; throws `scenario.invalid` with every problem. */
export function parseScenario(text: string): Scenario {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new VeilError('scenario.invalid', 'The scenario file is not valid JSON', [
      { path: '$', message: (error as Error).message },
    ]);
  }
  const problems = findScenarioProblems(parsed);
  if (problems.length > 0) {
    throw new VeilError('scenario.invalid', `The scenario file has ${problems.length} problem(s)`, problems);
  }
  return parsed as Scenario;
}

export async function readScenarioFile(path: string): Promise<{ scenario: Scenario; text: string }> {
  const text = await readFile(path, 'utf8');
  return { scenario: parseScenario(text), text };
}

function scenarioHash(scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex');
}

/** Whether the store holds this scenario (loaded into it at some start). */
export async function holdsScenario(db: Kysely<Database>, scenario: Scenario): Promise<boolean> {
  const row = await db
    .selectFrom('scenario_loads')
    .select('scenario_hash')
    .where('scenario_hash', '=', scenarioHash(scenario))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Loads a scenario in one transaction: all of it or nothing. A store that already holds the same
 * scenario is left as it is; one that holds another refuses with `scenario.conflict`.
 */
export async function loadScenario(
  db: Kysely<Database>,
  clock: Clock,
  scenario: Scenario,
  options: ScenarioLoadOptions = {},
): Promise<ScenarioLoadResult> {
  const hash = scenarioHash(scenario);
  return db.transaction().execute(async (trx) => {
    const previous = await trx.selectFrom('scenario_loads').select('scenario_hash').execute();
    if (previous.some((row) => row.scenario_hash === hash)) return { loaded: false, accounts: [] };
    if (previous.length > 0) {
      throw new VeilError(
        'scenario.conflict',
        'The store already holds another scenario; start with --memory or an empty --data folder',
      );
    }
    const accounts = await writeScenario(trx, clock, scenario);
    await applyScenarioDeletions(trx, clock, scenario, accounts, options.deletionGracePeriod ?? 'P14D');
    await trx.insertInto('scenario_loads').values({ scenario_hash: hash, loaded_at: clock.now() }).execute();
    return { loaded: true, accounts };
  });
}

async function writeScenario(
  db: Kysely<Database>,
  clock: Clock,
  scenario: Scenario,
): Promise<LoadedAccount[]> {
  const sites = scenario.sites ?? [];
  const hasDefault = sites.some((site) => site.default);
  for (const [index, site] of sites.entries()) {
    await createSite(db, clock, {
      id: site.id,
      baseUrl: site.baseUrl,
      hosts: site.hosts ?? [],
      isDefault: site.default ?? (!hasDefault && index === 0),
      products: site.products ?? ['jira'],
      anonymousAccess: site.anonymousAccess ?? false,
      groups: site.groups ?? [],
      ...(site.migration ? { migration: scenarioMigration(site.migration) } : {}),
      ...(site.userFields ? { userFields: site.userFields } : {}),
    });
  }
  for (const organization of scenario.organizations ?? []) {
    await createOrganization(db, clock, {
      id: organization.id,
      name: organization.name,
      verifiedDomains: organization.verifiedDomains ?? [],
    });
  }
  const loaded: LoadedAccount[] = [];
  for (const account of scenario.accounts ?? []) loaded.push(await writeAccount(db, clock, account));
  for (const organization of scenario.organizations ?? []) {
    for (const accountId of organization.admins ?? [])
      await addOrganizationAdmin(db, organization.id, accountId);
  }
  for (const site of sites) {
    for (const accountId of site.admins ?? []) await addSiteAdmin(db, site.id, accountId);
    for (const project of site.projects ?? []) {
      await createProject(db, site.id, project);
      await writeScenarioProjectParts(db, site.id, project);
    }
    await writeScenarioIssues(db, site, clock.now());
    await writeScenarioSpaces(db, site, clock.now());
    await writeScenarioFilters(db, site, clock.now());
  }
  for (const accountId of scenario.platformAdmins ?? []) await insertPlatformAdmin(db, accountId);
  await writeRateLimits(db, scenario);
  await queueAppInstalls(db, clock, scenario.apps ?? []);
  await writeScenarioOAuthApps({ db, clock }, scenario.oauthApps ?? []);
  for (const forgeApp of scenario.forgeApps ?? [])
    await installForgeApp({ db, clock }, forgeApp.siteId, forgeApp.manifest);
  return loaded;
}

/**
 * Accounts the file declares `deletion-requested` wait for their deadline (the grace period from the
 * load); those declared `deleted` are erased in the load itself, with their report, so a former user is
 * one line of a scenario.
 */
async function applyScenarioDeletions(
  db: Kysely<Database>,
  clock: Clock,
  scenario: Scenario,
  loaded: LoadedAccount[],
  gracePeriod: string,
): Promise<void> {
  const actor = { role: 'scenario', accountId: null } as const;
  for (const [index, input] of (scenario.accounts ?? []).entries()) {
    const entry = loaded[index];
    if (!entry || (input.status !== 'deletion-requested' && input.status !== 'deleted')) continue;
    const account = await getAccount(db, entry.accountId);
    if (input.status === 'deletion-requested') {
      await requestDeletion(db, clock, gracePeriod, account, actor);
      continue;
    }
    const now = { gracePeriod: 'PT0S', confirm: account.accountId };
    const deletion = await requestDeletion(db, clock, gracePeriod, account, actor, now);
    await eraseAccount(db, clock, deletion, { notifyApps: async () => [] });
    loaded[index] = { ...entry, publicName: formerUser.displayName };
  }
}

/** The request budgets the file gives sites and apps (validation made sure each app's key is known). */
async function writeRateLimits(db: Kysely<Database>, scenario: Scenario): Promise<void> {
  const budgetOf = (limits: ScenarioRateLimits) => ({
    max: limits.requests,
    windowMs: (limits.windowSeconds ?? 60) * 1000,
  });
  for (const site of scenario.sites ?? []) {
    if (site.rateLimits) await upsertRateLimit(db, 'site', site.id, budgetOf(site.rateLimits));
  }
  for (const app of scenario.apps ?? []) {
    const key = app.appKey ?? (app.descriptor as { key?: string } | undefined)?.key;
    if (app.rateLimits && key) await upsertRateLimit(db, 'app', key, budgetOf(app.rateLimits));
  }
}

/**
 * Apps are installed after the load, not in it: an install calls the app, which must not happen while
 * this transaction is open (nor need the app be up yet). Each install is queued here, in the same
 * transaction, and Veil's job runner carries it out once Veil listens, retrying while the app
 * cannot be reached.
 */
async function queueAppInstalls(db: Kysely<Database>, clock: Clock, apps: NonNullable<Scenario['apps']>) {
  for (const app of apps) {
    const source =
      app.descriptorUrl !== undefined ? { descriptorUrl: app.descriptorUrl } : { descriptor: app.descriptor };
    for (const siteId of app.installOn) {
      await createInstallJob(db, clock, {
        origin: 'scenario',
        siteId,
        source,
        ...(app.product ? { productType: app.product } : {}),
        ...(app.emailApi ? { emailApiStatus: app.emailApi } : {}),
      });
    }
  }
}

function scenarioMigration(migration: NonNullable<NonNullable<Scenario['sites']>[number]['migration']>) {
  const ends = migration.deprecationEnds;
  // Validation has checked the instant already.
  return {
    stage: migration.stage,
    deprecationEnds: ends === undefined ? null : (parseInstant(ends) ?? null),
  };
}

async function writeAccount(
  db: Kysely<Database>,
  clock: Clock,
  input: ScenarioAccount,
): Promise<LoadedAccount> {
  const { visibility, locked, sites, apiTokens, site, type, ...profile } = input;
  const { status, ...rest } = profile;
  // Deletions are asked for once everything else is written (their erasure removes roles given later).
  const created = await createAccount(db, clock, {
    ...rest,
    ...(status === 'deactivated' ? { status } : {}),
    type,
    ...(site !== undefined ? { customerSiteId: site } : {}),
  });
  for (const [field, choice] of Object.entries(visibility ?? {})) {
    if (choice)
      await upsertVisibilitySetting(db, created.accountId, field as ProfileField, {
        visibility: choice,
        lockedByOrganizationId: null,
      });
  }
  const account = await getAccount(db, created.accountId);
  for (const field of locked ?? []) {
    await upsertVisibilitySetting(db, account.accountId, field, {
      visibility: effectiveVisibility(accountToProfileSubject(account), field),
      lockedByOrganizationId: account.managingOrganizationId,
    });
  }
  const links: NonNullable<ScenarioAccount['sites']> = {
    ...(type === 'customer' && site !== undefined ? { [site]: {} } : {}),
    ...sites,
  };
  for (const [siteId, access] of Object.entries(links)) {
    await linkAccount(db, clock, siteId, account.accountId, {
      products: access.products ?? [],
      groups: access.groups ?? [],
      ...(access.username !== undefined ? { username: access.username } : {}),
      ...(access.userKey !== undefined ? { userKey: access.userKey } : {}),
    });
  }
  for (const [index, token] of (apiTokens ?? []).entries()) {
    await addApiToken(db, clock, account.accountId, token, `scenario token ${index + 1}`);
  }
  return { accountId: account.accountId, type, publicName: account.profile.publicName };
}
