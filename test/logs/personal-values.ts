/**
 * The personal values of the test worlds (the scenario files, the pages scenario), and a search of log
 * lines for them and for anyone's data that has a shape of its own (an email address, a SHA-256 digest).
 */
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readScenarioFile } from '../../src/scenarios/scenario.loader.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { pagesScenario } from '../pages/pages-scenario.ts';

/** One personal value and what it is (`fullName of 5f0c…02 in demo.json`). */
export interface PersonalValue {
  readonly value: string;
  readonly what: string;
}

/** Values shorter than this are words more than data ("Pat" is in "Path"): the shapes below still apply. */
const shortestValue = 4;

/** Every personal value of a scenario's people: names, emails, places, titles, tokens and their hashes. */
export function personalValuesOf(scenario: Scenario, source: string): PersonalValue[] {
  const values: PersonalValue[] = [];
  for (const account of scenario.accounts ?? []) {
    if (account.type === 'app') continue;
    const add = (field: string, value: string | null | undefined) => {
      if (value && value.length >= shortestValue)
        values.push({ value, what: `${field} of ${account.accountId ?? account.email} in ${source}` });
    };
    for (const field of ['email', 'fullName', 'publicName', 'location', 'jobTitle', 'department'] as const)
      add(field, account[field]);
    for (const token of account.apiTokens ?? []) {
      add('API token', token);
      add('API token hash', createHash('sha256').update(token).digest('hex'));
    }
    for (const access of Object.values(account.sites ?? {})) {
      add('legacy username', access.username);
      add('legacy userKey', access.userKey);
    }
  }
  return values;
}

/** The personal values of every world the tests run in. */
export async function listWorldValues(): Promise<PersonalValue[]> {
  const folder = fileURLToPath(new URL('../../scenarios/', import.meta.url));
  const files = (await readdir(folder)).filter((name) => name.endsWith('.json'));
  const values: PersonalValue[] = [];
  for (const name of files)
    values.push(...personalValuesOf((await readScenarioFile(`${folder}${name}`)).scenario, name));
  values.push(...personalValuesOf(await pagesScenario(), 'the pages scenario'));
  return values;
}

/** Data of anyone, whatever world it came from: no log line may hold one. */
const shapesOfData = [
  { what: 'an email address', pattern: /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/ },
  { what: 'a SHA-256 digest (a token hash)', pattern: /(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])/ },
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `value` as a whole word (not inside a longer word), in the text as logged (JSON-escaped). */
function wholeWordPattern(value: string): RegExp {
  const logged = JSON.stringify(value).slice(1, -1);
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(logged)}(?![\\p{L}\\p{N}])`, 'u');
}

/** Each line (named by `where`) that holds a personal value or data of anyone, and what it holds. */
export function findPersonalData(
  lines: readonly { where: string; text: string }[],
  values: readonly PersonalValue[],
): string[] {
  const searches = [
    ...values.map((v) => ({ what: v.what, pattern: wholeWordPattern(v.value) })),
    ...shapesOfData,
  ];
  const found: string[] = [];
  for (const line of lines) {
    for (const search of searches)
      if (search.pattern.test(line.text)) found.push(`${line.where}: ${search.what}`);
  }
  return found;
}
