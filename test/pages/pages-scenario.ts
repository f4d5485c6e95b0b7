/** The world the browser tests run in: the demo scenario, plus accounts that test the edges of the pages. */
import { demoScenarioPath } from '../../src/cli/start.ts';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';

/** Text that would run as script if a page ever put a name into HTML unescaped. */
export const hostileName = '<img src=x onerror="window.__veilPwned=1">Mallory';
export const hostileTitle = '<script>window.__veilPwned=2</script>';

export const pagesPeople = {
  mallory: { id: '5f0c1a9e2b7d4c8e9a1b3d01', email: 'mallory@acme.test', token: 'pages-token-mallory' },
  zoe: { id: '5f0c1a9e2b7d4c8e9a1b3d02', email: 'zoe@initech.test', token: 'pages-token-zoe' },
} as const;

/** The demo world with Mallory (script in her name, managed by Acme) and Zoe (in a domain nobody verified). */
export async function pagesScenario(): Promise<Scenario> {
  const { scenario } = await readScenarioFile(demoScenarioPath);
  const accounts = [
    ...(scenario.accounts ?? []),
    {
      accountId: pagesPeople.mallory.id,
      type: 'atlassian' as const,
      email: pagesPeople.mallory.email,
      fullName: hostileName,
      publicName: 'Mallory',
      jobTitle: hostileTitle,
      sites: { acme: { products: ['jira' as const], groups: ['jira-users'] } },
      apiTokens: [pagesPeople.mallory.token],
    },
    {
      accountId: pagesPeople.zoe.id,
      type: 'atlassian' as const,
      email: pagesPeople.zoe.email,
      fullName: 'Zoe Initech',
      publicName: 'Zoe',
      sites: { globex: { products: ['jira' as const], groups: ['jira-users'] } },
      apiTokens: [pagesPeople.zoe.token],
    },
  ];
  return { ...scenario, accounts } as Scenario;
}
