import { Ajv } from 'ajv';
import { isValidAccountId } from '../accounts/account-id.ts';
import { emailDomainOf, findProfileProblems, normalizeEmail } from '../accounts/profile.rules.ts';
import { findDescriptorProblems } from '../apps/descriptor.validate.ts';
import { parseInstant } from '../clock/instant.ts';
import type { ErrorDetail } from '../errors/veil-error.ts';
import { findScenarioFilterProblems } from '../filters/scenario-filters.service.ts';
import { findScenarioForgeAppProblems } from '../forge/forge.scenario.ts';
import { findUnsafeText, type PathStep } from '../http/input-hygiene.ts';
import { addVeilFormats, explainFormats } from '../http/validation.ts';
import { findScenarioIssueProblems } from '../issues/scenario-issues.service.ts';
import { findOAuthAppProblems } from '../oauth/oauth-apps.service.ts';
import { findScenarioProjectProblems } from '../projects/scenario-projects.service.ts';
import { findLegacyIdentifierProblems, normalizeUsername } from '../sites/legacy-identifiers.ts';
import { findUserFieldProblems } from '../sites/site-migration.service.ts';
import { findScenarioSpaceProblems } from '../wiki/scenario-spaces.service.ts';
import { type Scenario, type ScenarioAccount, type ScenarioApp, ScenarioFile } from './scenario.schemas.ts';

// The API's own formats: names and instants are read as the contracts read them.
const validateShape = addVeilFormats(new Ajv({ allErrors: true, strict: false })).compile(ScenarioFile);

/** `/accounts/0/visibility` → `$.accounts[0].visibility`. */
function toJsonPath(pointer: string, extra?: string): string {
  const parts = [...pointer.split('/').slice(1), ...(extra ? [extra] : [])];
  return `$${parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
}

/** `['accounts', 0, 'fullName']` → `$.accounts[0].fullName`. */
function stepsToJsonPath(steps: readonly PathStep[]): string {
  return `$${steps.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('')}`;
}

/**
 * Every problem in a parsed scenario file, each with its JSON path: text no store can hold (U+0000,
 * unpaired surrogates) and the shape first, then what the shape cannot see (references, uniqueness,
 * managed-only settings). Empty when the file can load.
 */
export function findScenarioProblems(input: unknown): ErrorDetail[] {
  const unsafe = findUnsafeText(input, stepsToJsonPath);
  if (!validateShape(input)) {
    return [...unsafe, ...findShapeProblems()];
  }
  return unsafe.length > 0 ? unsafe : findReferenceProblems(input as Scenario);
}

/** The problems the last shape check found, each with its JSON path. */
function findShapeProblems(): ErrorDetail[] {
  return explainFormats(validateShape.errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string; missingProperty?: string }) ?? {};
    const name = extra.additionalProperty ?? extra.missingProperty;
    const message = extra.additionalProperty ? 'is not a known key' : (error.message ?? 'is not valid');
    return { path: toJsonPath(error.instancePath, name), message };
  });
}

type AddProblem = (path: string, message: string) => void;

function findReferenceProblems(scenario: Scenario): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add: AddProblem = (path, message) => problems.push({ path, message });
  const accounts = scenario.accounts ?? [];
  const declaredIds = new Set(accounts.flatMap((a) => (a.accountId ? [a.accountId] : [])));
  const requireAccount = (path: string, id: string) => {
    if (!declaredIds.has(id)) add(path, `names the account ${id}, which the file does not declare`);
  };
  const domainOwners = findOrganizationProblems(scenario.organizations ?? [], add, requireAccount);
  findSiteProblems(scenario.sites ?? [], add, requireAccount);
  for (const [i, id] of (scenario.platformAdmins ?? []).entries())
    requireAccount(`$.platformAdmins[${i}]`, id);
  for (const i of findDuplicates(accounts.map((a) => a.accountId ?? null)))
    add(`$.accounts[${i}].accountId`, 'is used twice');
  for (const i of findDuplicates(accounts.map(emailIdentity)))
    add(`$.accounts[${i}].email`, 'is already used by another account');
  for (const i of findDuplicates(accounts.map((a) => (a.type === 'app' ? (a.appKey ?? null) : null)))) {
    add(`$.accounts[${i}].appKey`, 'already has an app account');
  }
  for (const [a, account] of accounts.entries()) {
    for (const problem of findAccountProblems(account, scenario.sites ?? [], domainOwners)) {
      add(`$.accounts[${a}]${problem.path}`, problem.message);
    }
  }
  findAppProblems(scenario.apps ?? [], scenario.sites ?? [], add);
  findOAuthAppsProblems(scenario.oauthApps ?? [], add);
  const siteIds = (scenario.sites ?? []).map((site) => site.id);
  for (const p of findScenarioForgeAppProblems(scenario.forgeApps ?? [], siteIds)) add(p.path, p.message);
  findLegacyIdentityProblems(accounts, add);
  return problems;
}

/**
 * Legacy usernames and userKeys: well formed, and unique per site (usernames case-insensitively), as
 * the tracker knew them. The same name on two sites is two people's, or one person's twice: both fine.
 */
function findLegacyIdentityProblems(accounts: readonly ScenarioAccount[], add: AddProblem): void {
  const taken = new Map<string, string>();
  for (const [a, account] of accounts.entries()) {
    for (const [siteId, access] of Object.entries(account.sites ?? {})) {
      const path = `$.accounts[${a}].sites.${siteId}`;
      const identifiers = [
        ['username', access.username, (value: string) => `username\n${siteId}\n${normalizeUsername(value)}`],
        ['userKey', access.userKey, (value: string) => `key\n${siteId}\n${value}`],
      ] as const;
      for (const [name, value, keyOf] of identifiers) {
        if (value === undefined) continue;
        const problems = findLegacyIdentifierProblems(value, `${path}.${name}`);
        for (const problem of problems) add(problem.path, problem.message);
        if (problems.length > 0) continue;
        const owner = taken.get(keyOf(value));
        if (owner !== undefined) add(`${path}.${name}`, `is already used on the site ${siteId} by ${owner}`);
        else taken.set(keyOf(value), `$.accounts[${a}]`);
      }
    }
  }
}

/**
 * Problems of the Connect apps: one descriptor source each, declared sites that host the product, and
 * (for inline descriptors) the descriptor's own problems. A descriptor URL is fetched only at install.
 */
function findAppProblems(
  apps: readonly ScenarioApp[],
  sites: NonNullable<Scenario['sites']>,
  add: AddProblem,
): void {
  const inlineInstalls = new Set<string>();
  for (const [i, app] of apps.entries()) {
    const path = `$.apps[${i}]`;
    if ((app.descriptorUrl === undefined) === (app.descriptor === undefined))
      add(path, 'needs exactly one of descriptorUrl and descriptor');
    if (app.descriptor !== undefined) {
      for (const problem of findDescriptorProblems(app.descriptor, `${path}.descriptor`))
        add(problem.path, problem.message);
    }
    findAppKeyProblems(app, path, add);
    for (const d of findDuplicates(app.installOn)) add(`${path}.installOn[${d}]`, 'is used twice');
    for (const [s, siteId] of app.installOn.entries()) {
      const site = sites.find((candidate) => candidate.id === siteId);
      const products = site?.products ?? ['jira'];
      if (!site) add(`${path}.installOn[${s}]`, `names the site ${siteId}, which the file does not declare`);
      else if (app.product && !products.includes(app.product))
        add(`${path}.product`, `the site ${siteId} has no ${app.product}`);
      else if (!app.product && !products.includes('jira') && !products.includes('confluence'))
        add(`${path}.installOn[${s}]`, `the site ${siteId} hosts neither jira nor confluence`);
      const key = (app.descriptor as { key?: unknown } | undefined)?.key;
      if (typeof key !== 'string') continue;
      if (inlineInstalls.has(`${siteId}\n${key}`))
        add(
          `${path}.installOn[${s}]`,
          `the app ${key} is already installed on ${siteId} by an earlier entry`,
        );
      inlineInstalls.add(`${siteId}\n${key}`);
    }
  }
}

/** Problems of the organizations; returns which organization owns each verified domain. */
function findOrganizationProblems(
  organizations: NonNullable<Scenario['organizations']>,
  add: AddProblem,
  requireAccount: (path: string, id: string) => void,
): Map<string, string> {
  for (const i of findDuplicates(organizations.map((o) => o.id)))
    add(`$.organizations[${i}].id`, 'is used twice');
  const domainOwners = new Map<string, string>();
  for (const [o, organization] of organizations.entries()) {
    for (const [d, domain] of (organization.verifiedDomains ?? []).entries()) {
      const key = domain.toLowerCase();
      const owner = domainOwners.get(key);
      if (owner) add(`$.organizations[${o}].verifiedDomains[${d}]`, `is already verified by ${owner}`);
      domainOwners.set(key, organization.id);
    }
    for (const [i, id] of (organization.admins ?? []).entries())
      requireAccount(`$.organizations[${o}].admins[${i}]`, id);
  }
  return domainOwners;
}

function findSiteProblems(
  sites: NonNullable<Scenario['sites']>,
  add: AddProblem,
  requireAccount: (path: string, id: string) => void,
): void {
  for (const i of findDuplicates(sites.map((s) => s.id))) add(`$.sites[${i}].id`, 'is used twice');
  if (sites.filter((s) => s.default).length > 1) add('$.sites', 'only one site can be the default');
  const hosts = new Map<string, string>();
  for (const [s, site] of sites.entries()) {
    for (const [h, host] of (site.hosts ?? []).entries()) {
      const key = host.toLowerCase().replace(/:\d+$/, '');
      const owner = hosts.get(key);
      if (owner) add(`$.sites[${s}].hosts[${h}]`, `already answers for the site ${owner}`);
      hosts.set(key, site.id);
    }
    const groups = (site.groups ?? []).map((g) => g.toLowerCase());
    for (const i of findDuplicates(groups)) add(`$.sites[${s}].groups[${i}]`, 'is used twice');
    for (const i of findDuplicates((site.projects ?? []).map((p) => p.key)))
      add(`$.sites[${s}].projects[${i}].key`, 'is used twice');
    for (const [i, id] of (site.admins ?? []).entries()) requireAccount(`$.sites[${s}].admins[${i}]`, id);
    for (const [i, project] of (site.projects ?? []).entries()) {
      if (project.lead) requireAccount(`$.sites[${s}].projects[${i}].lead`, project.lead);
      findScenarioProjectProblems(
        project,
        site.groups ?? [],
        `$.sites[${s}].projects[${i}]`,
        add,
        requireAccount,
      );
    }
    const ends = site.migration?.deprecationEnds;
    if (ends !== undefined && parseInstant(ends) === undefined)
      add(
        `$.sites[${s}].migration.deprecationEnds`,
        'is not an ISO 8601 instant with an offset, such as 2027-01-01T00:00:00Z',
      );
    for (const problem of findUserFieldProblems(site.userFields ?? [], `$.sites[${s}].userFields`))
      add(problem.path, problem.message);
    findScenarioIssueProblems(site, `$.sites[${s}]`, add, requireAccount);
    findScenarioSpaceProblems(site, `$.sites[${s}]`, add, requireAccount);
    findScenarioFilterProblems(site, `$.sites[${s}]`, add, requireAccount);
  }
}

/** Global emails are unique everywhere; a customer's only on its site. */
function emailIdentity(account: ScenarioAccount): string | null {
  if (!account.email || account.type === 'app') return null;
  const email = normalizeEmail(account.email);
  return account.type === 'customer' ? `${account.site}/${email}` : email;
}

function findAccountProblems(
  account: ScenarioAccount,
  sites: NonNullable<Scenario['sites']>,
  domainOwners: Map<string, string>,
): ErrorDetail[] {
  const problems: ErrorDetail[] = findProfileProblems(account, '.');
  const add = (path: string, message: string) => problems.push({ path, message });
  if (account.accountId !== undefined && !isValidAccountId(account.accountId))
    add('.accountId', 'is not an accountId');
  if (account.type !== 'app' && !account.email) add('.email', `is required for ${account.type} accounts`);
  if (account.type === 'app' && !account.appKey) add('.appKey', 'is required for app accounts');
  if (account.type !== 'app' && account.appKey) add('.appKey', 'belongs to app accounts only');
  if (account.type === 'app' && (account.status === 'deletion-requested' || account.status === 'deleted'))
    add('.status', "an app's account is not deleted: it goes when the app is uninstalled");
  if (account.type === 'customer' && !account.site) add('.site', 'is required for customer accounts');
  if (account.type !== 'customer' && account.site) add('.site', 'belongs to customer accounts only');
  if (account.site && !sites.some((s) => s.id === account.site))
    add('.site', `names the site ${account.site}, which the file does not declare`);
  const managed =
    account.type === 'atlassian' && !!account.email && domainOwners.has(emailDomainOf(account.email));
  for (const [field, visibility] of Object.entries(account.visibility ?? {})) {
    if (visibility === 'organization' && !managed)
      add(`.visibility.${field}`, '"organization" needs an account that an organization manages');
  }
  if ((account.locked ?? []).length > 0 && !managed)
    add('.locked', 'only an organization can lock settings, and none manages this account');
  for (const [siteId, access] of Object.entries(account.sites ?? {})) {
    const site = sites.find((s) => s.id === siteId);
    if (!site) {
      add(`.sites.${siteId}`, `names the site ${siteId}, which the file does not declare`);
      continue;
    }
    if (account.type === 'customer' && account.site !== siteId)
      add(`.sites.${siteId}`, 'a customer belongs to its own site only');
    (access.products ?? []).forEach((product, p) => {
      if (!(site.products ?? ['jira']).includes(product))
        add(`.sites.${siteId}.products[${p}]`, `the site ${siteId} has no ${product}`);
    });
    (access.groups ?? []).forEach((group, g) => {
      if (!(site.groups ?? []).some((name) => name.toLowerCase() === group.toLowerCase())) {
        add(`.sites.${siteId}.groups[${g}]`, `the site ${siteId} has no group ${group}`);
      }
    });
  }
  return problems;
}

/** The key an app's rate limits are kept by: the inline descriptor's, or `appKey`, which must agree. */
function findAppKeyProblems(app: ScenarioApp, path: string, add: AddProblem): void {
  const inlineKey = (app.descriptor as { key?: unknown } | undefined)?.key;
  if (app.appKey !== undefined && typeof inlineKey === 'string' && inlineKey !== app.appKey)
    add(`${path}.appKey`, `is not the descriptor's key ${inlineKey}`);
  if (app.rateLimits !== undefined && app.appKey === undefined && typeof inlineKey !== 'string')
    add(`${path}.rateLimits`, 'needs the app key: give appKey (the descriptor comes from a URL)');
}

/** Indexes of the entries that repeat an earlier one (nulls never repeat). */
function findDuplicates(values: readonly (string | null)[]): number[] {
  const seen = new Set<string>();
  const duplicates: number[] = [];
  values.forEach((value, index) => {
    if (value === null) return;
    if (seen.has(value)) duplicates.push(index);
    seen.add(value);
  });
  return duplicates;
}

/** OAuth apps: a callback URL, scopes Veil knows, and a client id of their own. */
function findOAuthAppsProblems(apps: NonNullable<Scenario['oauthApps']>, add: AddProblem): void {
  for (const [i, app] of apps.entries()) {
    for (const problem of findOAuthAppProblems(app, `$.oauthApps[${i}]`)) add(problem.path, problem.message);
  }
  for (const i of findDuplicates(apps.map((app) => app.clientId)))
    add(`$.oauthApps[${i}].clientId`, 'is used twice');
}
