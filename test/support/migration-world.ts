import { fileURLToPath } from 'node:url';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';

/** The migration scenario (scenarios/migration.json): a legacy site and an enforced one. */
export const migrationScenarioPath = fileURLToPath(
  new URL('../../scenarios/migration.json', import.meta.url),
);

export async function readMigrationScenario(): Promise<Scenario> {
  return (await readScenarioFile(migrationScenarioPath)).scenario;
}

export const migrationIds = {
  pat: '6a1c0e2f3b4d5e6f7a8b9c01',
  olivia: '6a1c0e2f3b4d5e6f7a8b9c02',
  mia: '6a1c0e2f3b4d5e6f7a8b9c03',
  noah: '6a1c0e2f3b4d5e6f7a8b9c04',
  liam: '6a1c0e2f3b4d5e6f7a8b9c05',
  zoe: '6a1c0e2f3b4d5e6f7a8b9c06',
  app: '6a1c0e2f3b4d5e6f7a8b9c07',
} as const;

export type MigrationPerson = Exclude<keyof typeof migrationIds, 'app'>;

const emails: Record<MigrationPerson, string> = {
  pat: 'pat@veil.test',
  olivia: 'olivia@acme.test',
  mia: 'mia@acme.test',
  noah: 'noah@example.com',
  liam: 'liam@acme.test',
  zoe: 'zoe@acme.test',
};

/** Basic credentials of a person of the migration scenario. */
export function migrationPerson(name: MigrationPerson) {
  return { email: emails[name], token: `migration-token-${name}` };
}

/** The legacy identities the scenario declares, per site host. */
export const legacyIdentities: Record<string, Record<string, { username: string; userKey: string }>> = {
  'legacy.localhost': {
    [migrationIds.pat]: { username: 'pat', userKey: 'pat' },
    [migrationIds.olivia]: { username: 'olivia', userKey: 'olivia' },
    [migrationIds.mia]: { username: 'mia', userKey: 'mia' },
    [migrationIds.noah]: { username: 'nbrenner', userKey: 'JIRAUSER10100' },
    [migrationIds.liam]: { username: 'liam', userKey: 'liam' },
    [migrationIds.app]: { username: 'addon_com.example.legacy-app', userKey: 'addon_com.example.legacy-app' },
  },
  'enforced.localhost': {
    [migrationIds.olivia]: { username: 'ochen', userKey: 'ochen' },
    [migrationIds.mia]: { username: 'mkrystof', userKey: 'JIRAUSER10300' },
  },
};
