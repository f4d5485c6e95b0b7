/** The scenario of the write matrix's world (see `write-world.ts`). */
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';

const id = (n: number) => `5f0c1a9e2b7d4c8e9a1b3d${n.toString(16).padStart(2, '0')}`;

/** The accounts of the world that the demo lacks: each holds exactly one role. */
export const extraIds = { gina: id(1), otto: id(2), sam: id(3), cal: id(4), dora: id(5) } as const;

const bothProducts = ['jira', 'confluence'] as ('jira' | 'confluence')[];

function extraAccount(accountId: string, name: string, email: string, sites: Record<string, object>) {
  const token = `wm-token-${name.toLowerCase()}`;
  return {
    accountId,
    type: 'atlassian' as const,
    email,
    fullName: `${name} Matrix`,
    publicName: name,
    sites,
    apiTokens: [token],
  };
}

/**
 * The demo scenario, changed so that each role has its own holder: Olivia administers the
 * organization only, Sam the site only, Otto the other organization; everyone on acme has both
 * products (so wiki rules do not depend on who was drawn); Cal is on globex only (and a second platform
 * admin); Dora waits for deletion.
 */
export async function writeWorldScenario(): Promise<Scenario> {
  const scenario = structuredClone((await readScenarioFile(demoScenarioPath)).scenario);
  const acmeSite = scenario.sites?.find((site) => site.id === 'acme');
  const globexOrg = scenario.organizations?.find((org) => org.id === 'globex');
  if (!acmeSite || !globexOrg)
    throw new Error('the demo scenario changed: no acme site or globex organization');
  acmeSite.admins = [extraIds.sam];
  globexOrg.admins = [extraIds.otto];
  // A second platform admin, whom the first may demote (no one may demote themselves).
  scenario.platformAdmins = [...(scenario.platformAdmins ?? []), extraIds.cal];
  const onBoth = { acme: { products: bothProducts }, globex: { products: ['jira' as const] } };
  scenario.accounts?.push(
    extraAccount(extraIds.gina, 'Gina', 'gina@globex.test', onBoth),
    extraAccount(extraIds.otto, 'Otto', 'otto@globex.test', onBoth),
    extraAccount(extraIds.sam, 'Sam', 'sam@example.net', { acme: { products: bothProducts } }),
    extraAccount(extraIds.cal, 'Cal', 'cal@example.net', { globex: { products: ['jira' as const] } }),
    // Managed by acme and waiting for deletion: what the deletion's admin routes act on.
    {
      ...extraAccount(extraIds.dora, 'Dora', 'dora@acme.test', { acme: { products: bothProducts } }),
      status: 'deletion-requested' as const,
    },
  );
  for (const account of scenario.accounts ?? []) {
    const acme = (account as { sites?: Record<string, { products?: string[] }> }).sites?.acme;
    if (acme && account.type === 'atlassian') acme.products = [...bothProducts];
  }
  return scenario;
}
