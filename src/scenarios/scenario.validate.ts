import { Ajv } from 'ajv';
import { isValidAccountId } from '../accounts/account-id.ts';
import { emailDomainOf, findProfileProblems, normalizeEmail } from '../accounts/profile.rules.ts';
import type { ErrorDetail } from '../errors/veil-error.ts';
import { type Scenario, type ScenarioAccount, ScenarioFile } from './scenario.schemas.ts';

const validateShape = new Ajv({ allErrors: true, strict: false }).compile(ScenarioFile);

/** `/accounts/0/visibility` → `$.accounts[0].visibility`. */
function toJsonPath(pointer: string, extra?: string): string {
  const parts = [...pointer.split('/').slice(1), ...(extra ? [extra] : [])];
  return `$${parts.map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('')}`;
}

/**
 * Every problem in a parsed scenario file, each with its JSON path: the shape first, then what the
 * shape cannot see (references, uniqueness, managed-only settings). Empty when the file can load.
 */
export function findScenarioProblems(input: unknown): ErrorDetail[] {
  if (!validateShape(input)) {
    return (validateShape.errors ?? []).map((error) => {
      const extra = (error.params as { additionalProperty?: string; missingProperty?: string }) ?? {};
      const name = extra.additionalProperty ?? extra.missingProperty;
      const message = extra.additionalProperty ? 'is not a known key' : (error.message ?? 'is not valid');
      return { path: toJsonPath(error.instancePath, name), message };
    });
  }
  return findReferenceProblems(input as Scenario);
}

function findReferenceProblems(scenario: Scenario): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const accounts = scenario.accounts ?? [];
  const sites = scenario.sites ?? [];
  const organizations = scenario.organizations ?? [];
  const declaredIds = new Set(accounts.flatMap((a) => (a.accountId ? [a.accountId] : [])));
  const requireAccount = (path: string, id: string) => {
    if (!declaredIds.has(id)) add(path, `names the account ${id}, which the file does not declare`);
  };

  findDuplicates(organizations.map((o) => o.id)).forEach((i) => add(`$.organizations[${i}].id`, 'is used twice'));
  findDuplicates(sites.map((s) => s.id)).forEach((i) => add(`$.sites[${i}].id`, 'is used twice'));
  const domainOwners = new Map<string, string>();
  organizations.forEach((organization, o) => {
    (organization.verifiedDomains ?? []).forEach((domain, d) => {
      const key = domain.toLowerCase();
      if (domainOwners.has(key)) add(`$.organizations[${o}].verifiedDomains[${d}]`, `is already verified by ${domainOwners.get(key)}`);
      domainOwners.set(key, organization.id);
    });
    (organization.admins ?? []).forEach((id, i) => requireAccount(`$.organizations[${o}].admins[${i}]`, id));
  });
  if (sites.filter((s) => s.default).length > 1) add('$.sites', 'only one site can be the default');
  const hosts = new Map<string, string>();
  sites.forEach((site, s) => {
    (site.hosts ?? []).forEach((host, h) => {
      const key = host.toLowerCase().replace(/:\d+$/, '');
      if (hosts.has(key)) add(`$.sites[${s}].hosts[${h}]`, `already answers for the site ${hosts.get(key)}`);
      hosts.set(key, site.id);
    });
    findDuplicates((site.groups ?? []).map((g) => g.toLowerCase())).forEach((i) => add(`$.sites[${s}].groups[${i}]`, 'is used twice'));
    findDuplicates((site.projects ?? []).map((p) => p.key)).forEach((i) => add(`$.sites[${s}].projects[${i}].key`, 'is used twice'));
    (site.admins ?? []).forEach((id, i) => requireAccount(`$.sites[${s}].admins[${i}]`, id));
    (site.projects ?? []).forEach((p, i) => p.lead && requireAccount(`$.sites[${s}].projects[${i}].lead`, p.lead));
  });
  (scenario.platformAdmins ?? []).forEach((id, i) => requireAccount(`$.platformAdmins[${i}]`, id));
  findDuplicates(accounts.map((a) => a.accountId ?? null)).forEach((i) => add(`$.accounts[${i}].accountId`, 'is used twice'));
  findDuplicates(accounts.map(emailIdentity)).forEach((i) => add(`$.accounts[${i}].email`, 'is already used by another account'));
  findDuplicates(accounts.map((a) => (a.type === 'app' ? (a.appKey ?? null) : null))).forEach((i) =>
    add(`$.accounts[${i}].appKey`, 'already has an app account'),
  );
  accounts.forEach((account, a) => {
    for (const problem of findAccountProblems(account, sites, domainOwners)) add(`$.accounts[${a}]${problem.path}`, problem.message);
  });
  return problems;
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
  if (account.accountId !== undefined && !isValidAccountId(account.accountId)) add('.accountId', 'is not an accountId');
  if (account.type !== 'app' && !account.email) add('.email', `is required for ${account.type} accounts`);
  if (account.type === 'app' && !account.appKey) add('.appKey', 'is required for app accounts');
  if (account.type !== 'app' && account.appKey) add('.appKey', 'belongs to app accounts only');
  if (account.type === 'customer' && !account.site) add('.site', 'is required for customer accounts');
  if (account.type !== 'customer' && account.site) add('.site', 'belongs to customer accounts only');
  if (account.site && !sites.some((s) => s.id === account.site)) add('.site', `names the site ${account.site}, which the file does not declare`);
  const managed = account.type === 'atlassian' && !!account.email && domainOwners.has(emailDomainOf(account.email));
  for (const [field, visibility] of Object.entries(account.visibility ?? {})) {
    if (visibility === 'organization' && !managed) add(`.visibility.${field}`, '"organization" needs an account that an organization manages');
  }
  if ((account.locked ?? []).length > 0 && !managed) add('.locked', 'only an organization can lock settings, and none manages this account');
  for (const [siteId, access] of Object.entries(account.sites ?? {})) {
    const site = sites.find((s) => s.id === siteId);
    if (!site) {
      add(`.sites.${siteId}`, `names the site ${siteId}, which the file does not declare`);
      continue;
    }
    if (account.type === 'customer' && account.site !== siteId) add(`.sites.${siteId}`, 'a customer belongs to its own site only');
    (access.products ?? []).forEach((product, p) => {
      if (!(site.products ?? ['jira']).includes(product)) add(`.sites.${siteId}.products[${p}]`, `the site ${siteId} has no ${product}`);
    });
    (access.groups ?? []).forEach((group, g) => {
      if (!(site.groups ?? []).some((name) => name.toLowerCase() === group.toLowerCase())) {
        add(`.sites.${siteId}.groups[${g}]`, `the site ${siteId} has no group ${group}`);
      }
    });
  }
  return problems;
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
