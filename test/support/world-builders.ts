/**
 * Small worlds for tests that need one account or two, not the demo world: builders of the scenario's
 * parts, loaded by the scenario loader as the demo is. The people keep the demo's ids, emails and tokens
 * (`demoIds`, `demoPerson`), so a test moves to a small world without changing who it signs in as.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Config } from '../../src/config/config.ts';
import type { Scenario, ScenarioAccount } from '../../src/scenarios/scenario.schemas.ts';
import type { TestBackend } from './backends.ts';
import { demoIds, demoPerson, startTestVeil, type TestVeil } from './test-veil.ts';

type ScenarioSite = NonNullable<Scenario['sites']>[number];
type ScenarioOrganization = NonNullable<Scenario['organizations']>[number];
type DemoName = Parameters<typeof demoPerson>[0];

/** The parts of a small world; the accounts of `platformAdmins` are platform admins. */
export interface WorldParts {
  /** Acme (`createSite()`) when left out. */
  readonly sites?: readonly ScenarioSite[];
  readonly organizations?: readonly ScenarioOrganization[];
  readonly platformAdmins?: readonly ScenarioAccount[];
  readonly accounts?: readonly ScenarioAccount[];
}

/** A scenario of only the given parts. */
export function buildWorld(parts: WorldParts): Scenario {
  const { sites = [createSite()], organizations = [], platformAdmins = [], accounts = [] } = parts;
  return {
    description: 'A small world of a test',
    platformAdmins: platformAdmins.map((admin) => admin.accountId ?? ''),
    organizations: [...organizations],
    sites: [...sites],
    accounts: [...platformAdmins, ...accounts],
  };
}

/** `startTestVeil` on a small world of `parts`. */
export function startSmallWorldVeil(
  backend: TestBackend,
  parts: WorldParts,
  config: Partial<Config> = {},
): Promise<TestVeil> {
  return startTestVeil(backend, buildWorld(parts), config);
}

/**
 * Pat, the platform admin, and Noah, a person of his own (the one a test erases or turns away), with
 * what `more` adds.
 */
export function createPatAndNoahWorld(more: WorldParts = {}): WorldParts {
  const { platformAdmins = [], accounts = [] } = more;
  return {
    ...more,
    platformAdmins: [createPlatformAdmin(), ...platformAdmins],
    accounts: [createPersonalAccount('noah'), ...accounts],
  };
}

/** A site: the default one, acme at http://127.0.0.1:8080 with Jira and Confluence, unless told. */
export function createSite(overrides: Partial<ScenarioSite> = {}): ScenarioSite {
  return {
    id: 'acme',
    baseUrl: 'http://127.0.0.1:8080',
    default: true,
    products: ['jira', 'confluence'],
    groups: ['jira-users', 'confluence-users', 'site-admins'],
    ...overrides,
  };
}

/** An organization that holds a verified domain: Acme and acme.test unless told. */
export function createOrganization(overrides: Partial<ScenarioOrganization> = {}): ScenarioOrganization {
  return { id: 'acme', name: 'Acme', verifiedDomains: ['acme.test'], ...overrides };
}

/** The demo's people as a small world has them: the full name, and the sites they use. */
const demoNames: Partial<Record<DemoName, string>> = {
  pat: 'Pat Platform',
  mia: 'Mia Krystof',
  noah: 'Noah Brenner',
  ava: 'Ava Lindqvist',
  liam: 'Liam Okafor',
};

/** An account of the demo person `name` (id, email, API token), with Jira and Confluence on acme. */
function createDemoAccount(name: DemoName, overrides: Partial<ScenarioAccount>): ScenarioAccount {
  const { email, token } = demoPerson(name);
  return {
    accountId: demoIds[name],
    type: 'atlassian',
    email,
    fullName: demoNames[name] ?? name,
    sites: { acme: { products: ['jira', 'confluence'], groups: ['jira-users', 'confluence-users'] } },
    apiTokens: [token],
    ...overrides,
  };
}

/**
 * An account an organization manages (its email at the organization's domain; give the world
 * `createOrganization()`): Mia unless told.
 */
export function createManagedAccount(
  name: DemoName = 'mia',
  overrides: Partial<ScenarioAccount> = {},
): ScenarioAccount {
  return createDemoAccount(name, { organization: 'Acme', ...overrides });
}

/** An account of a person of their own, at a domain no organization holds: Noah unless told. */
export function createPersonalAccount(
  name: DemoName = 'noah',
  overrides: Partial<ScenarioAccount> = {},
): ScenarioAccount {
  return createDemoAccount(name, overrides);
}

/** A platform admin (for `platformAdmins`): Pat unless told. */
export function createPlatformAdmin(
  name: DemoName = 'pat',
  overrides: Partial<ScenarioAccount> = {},
): ScenarioAccount {
  return createDemoAccount(name, overrides);
}

/**
 * Creates an account through the management API (POST /veil/v1/accounts, by Pat unless `as`), as the
 * tests that need a person the world does not hold do; the answer, for the test to check.
 */
export function createAccountThroughApi(
  veil: Pick<TestVeil, 'request'>,
  account: { readonly email: string; readonly fullName: string },
  as: { email: string; token: string } = demoPerson('pat'),
): Promise<LightMyRequestResponse> {
  return veil.request({
    method: 'POST',
    url: '/veil/v1/accounts',
    as,
    body: { type: 'atlassian', ...account },
  });
}
