/** The routes the benchmark loads, over a world of `size` accounts, and the probe asked of each first. */
import type { Route } from './measure.ts';
import { benchIssueCount, benchProjectKey } from './world-issues.ts';
import {
  accountIdOf,
  type BenchPerson,
  benchCaller,
  benchObserver,
  createRandom,
  sampleAccountIds,
  samplePrefixes,
} from './world-rows.ts';

export function basicAuthorization(person: BenchPerson = benchCaller): string {
  return `Basic ${Buffer.from(`${person.email}:${person.token}`).toString('base64')}`;
}

export const observerAuthorization = () => basicAuthorization(benchObserver);

const userPath = (id: string) => `/rest/api/3/user?accountId=${id}`;
const searchPath = (prefix: string) => `/rest/api/3/user/search?query=${encodeURIComponent(prefix)}`;

/** Every measured route, by the key `VEIL_BENCH_ROUTES` names it with (`search` stands for both searches). */
export function benchRoutes(size: number, hotAccounts: number): [string, Route][] {
  const auth = { authorization: basicAuthorization() };
  const bulkIds = sampleAccountIds(size, 2000, 13);
  const bulk = Array.from({ length: 100 }, (_, set) => bulkIds.slice(set * 19, set * 19 + 50));
  // A different account every request, anywhere in the world: what the cache does not hold.
  const random = createRandom(29);
  const coldPath = () => userPath(accountIdOf(Math.floor(random() * size)));
  return [
    ['static', { name: 'GET /veil/v1/health (static, no auth)', paths: ['/veil/v1/health'], headers: {} }],
    [
      'user',
      {
        name: `GET /rest/api/3/user, hot (${hotAccounts} accounts)`,
        paths: sampleAccountIds(size, hotAccounts).map(userPath),
        headers: auth,
      },
    ],
    [
      'cold',
      {
        name: 'GET /rest/api/3/user, cold (any account)',
        paths: [coldPath()],
        nextPath: coldPath,
        headers: auth,
      },
    ],
    [
      'bulk',
      {
        name: 'GET /rest/api/3/user/bulk (50 ids)',
        paths: bulk.map(
          (set) => `/rest/api/3/user/bulk?maxResults=50&${set.map((id) => `accountId=${id}`).join('&')}`,
        ),
        headers: auth,
      },
    ],
    [
      'search',
      {
        name: 'GET …/user/search, 1–2 letters',
        paths: samplePrefixes(200, 1, 2).map(searchPath),
        headers: auth,
      },
    ],
    [
      'search',
      {
        name: 'GET …/user/search, 3–6 letters',
        paths: samplePrefixes(400, 3, 6).map(searchPath),
        headers: auth,
      },
    ],
    ...issueRoutes(auth),
  ];
}

/** Reading an issue (about six people embedded) and a `search/jql` page of 50 issues, on the bench project. */
function issueRoutes(auth: Record<string, string>): [string, Route][] {
  const random = createRandom(31);
  const numbers = Array.from({ length: 200 }, () => 1 + Math.floor(random() * (benchIssueCount - 60)));
  const jql = (n: number) =>
    encodeURIComponent(`project = ${benchProjectKey} AND key >= ${benchProjectKey}-${n} ORDER BY key`);
  return [
    [
      'issue',
      {
        name: 'GET /rest/api/3/issue/{key} (about 6 people)',
        paths: numbers.map((n) => `/rest/api/3/issue/${benchProjectKey}-${n}`),
        headers: auth,
      },
    ],
    [
      'jql',
      {
        name: 'GET /rest/api/3/search/jql (50 issues)',
        paths: numbers.map((n) => `/rest/api/3/search/jql?jql=${jql(n)}&maxResults=50&fields=*navigable`),
        headers: auth,
      },
    ],
  ];
}

/** One request of a path: its status and how many users came back (for a list or a page of them). */
export async function probe(url: string, path: string, headers: Record<string, string>) {
  const response = await fetch(`${url}${path}`, { headers });
  const body = (await response.json().catch(() => undefined)) as
    | { values?: unknown[] }
    | unknown[]
    | undefined;
  const users = Array.isArray(body)
    ? body.length
    : Array.isArray(body?.values)
      ? body.values.length
      : undefined;
  return { status: response.status, users };
}

export function describeProbe(answer: { status: number; users: number | undefined }): string {
  return `${answer.status}${answer.users === undefined ? '' : ` (${answer.users} users)`}`;
}

/** The mean number of users a route's paths answer with (for bulk: the accounts rendered per request). */
export async function meanUsers(url: string, route: Route): Promise<number> {
  let total = 0;
  for (const path of route.paths) total += (await probe(url, path, route.headers)).users ?? 0;
  return total / route.paths.length;
}
