/**
 * Times one page of user search per prefix on a generated world (a copy: this opens the folder), and
 * prints the plans of the statements a page runs: `node bench/search-plans.ts <pglite folder> [prefix...]`.
 * With `--reindex` it empties the search tables and builds them again first.
 */
import { sql } from 'kysely';
import { openStore } from '../src/db/store.ts';
import { Directory } from '../src/directory/directory.ts';
import { indexEveryAccount } from '../src/directory/search-bulk-index.ts';
import {
  orderedPageQuery,
  prefixCandidatesQuery,
  type SearchScope,
  startingWith,
} from '../src/tracker/user-search.repository.ts';
import { findSiteUsers, normalizeQuery } from '../src/tracker/user-search.ts';
import { benchSiteId } from './world-rows.ts';

const args = process.argv.slice(2);
const reindex = args.includes('--reindex');
const explain = args.includes('--explain');
/** `--audience=2`: the plans of the Email API's rows (emails are among their terms). */
const audience = Number(args.find((arg) => arg.startsWith('--audience='))?.slice(11) ?? 1);
const [dataDir, ...rest] = args.filter((arg) => !arg.startsWith('--'));
const prefixes = rest.length > 0 ? rest : ['zo', 'm', 'ma', 'mar', 'a', 'lindq', 'marian'];
const store = await openStore({ kind: 'pglite', dataDir: dataDir! });
if (reindex) {
  const started = performance.now();
  await sql`truncate account_search_names, account_search_terms`.execute(store.db);
  // A world generated before the terms carried their sort key (the migration was changed in place).
  await sql`alter table account_search_terms add column if not exists sort_key text collate "C" not null`.execute(
    store.db,
  );
  await sql`alter table account_search_terms add column if not exists lead smallint not null`.execute(
    store.db,
  );
  await sql`drop index if exists account_search_terms_prefix`.execute(store.db);
  await sql`create index account_search_terms_prefix on account_search_terms (lead, term)`.execute(store.db);
  const count = await indexEveryAccount(store.db, { batchSize: 2000 });
  console.log(`reindexed ${count} accounts in ${Math.round(performance.now() - started)} ms`);
}
const directory = await Directory.open(store.db, store.listen);
const site = directory.site(benchSiteId)!;
for (const prefix of prefixes) {
  for (const startAt of [0, 200]) {
    const started = performance.now();
    const page = await findSiteUsers(directory, {
      site,
      viewer: { kind: 'anonymous' },
      criterion: { kind: 'prefix', query: normalizeQuery(prefix) },
      startAt,
      maxResults: 50,
    });
    const ms = (performance.now() - started).toFixed(1);
    console.log(`${prefix} startAt=${startAt}: ${page.length} found in ${ms} ms`);
  }
}
if (explain) for (const prefix of prefixes) await printPlans(normalizeQuery(prefix));
await directory.close();
await store.close();

/** `explain analyze` of what the first page of a prefix runs, for the stranger's audience. */
async function printPlans(query: string): Promise<void> {
  const scope: SearchScope = {
    siteId: benchSiteId,
    audience,
    organization: { except: [] },
    exceptAccountId: null,
    query,
  };
  const leads = Array.from(Array.from(query), (_, lead) => lead);
  const queries = [
    ...leads.map(
      (lead) =>
        [`candidates of lead ${lead}`, prefixCandidatesQuery({ ...scope, query }, 1001, lead)] as const,
    ),
    [
      'the range of the prefix',
      orderedPageQuery(scope, { range: startingWith(query), after: null, limit: 66, among: null }),
    ] as const,
  ];
  for (const [name, built] of queries) {
    const compiled = built.compile(store.db);
    const plan = await store.db.executeQuery({ ...compiled, sql: `explain analyze ${compiled.sql}` });
    console.log(`--- ${query}: ${name}`);
    for (const row of plan.rows) console.log(Object.values(row as object).join(' '));
  }
}
