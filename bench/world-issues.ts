/**
 * The bench world's issues: a project `BENCH` on the bench site with a few thousand issues, each with a
 * reporter (the bench caller), an assignee, a creator and two watchers among the world's accounts, so
 * `GET /issue/{key}` embeds about six people and `search/jql` renders 50 issues a page. Small and quick
 * to write; added to a reused world that lacks them.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { accountIdOf, benchCaller, benchSiteId } from './world-rows.ts';

/** How many issues the bench project holds. */
export const benchIssueCount = 3000;
export const benchProjectKey = 'BENCH';
const chunk = 500;

/** Writes the bench project and its issues, unless they are there already. */
export async function ensureBenchIssues(db: Kysely<Database>, accounts: number): Promise<void> {
  const existing = await db
    .selectFrom('issues')
    .select('issue_id')
    .where('site_id', '=', benchSiteId)
    .limit(1)
    .execute();
  if (existing.length > 0) return;
  await sql`insert into issue_types (site_id, type_id, name) values (${benchSiteId}, '10001', 'Task')
    on conflict do nothing`.execute(db);
  await sql`insert into projects (site_id, project_key, name, lead_account_id)
    values (${benchSiteId}, ${benchProjectKey}, 'Bench', ${benchCaller.accountId}) on conflict do nothing`.execute(
    db,
  );
  await sql`insert into issue_projects (site_id, project_key, project_id)
    values (${benchSiteId}, ${benchProjectKey}, nextval('issue_project_ids')::text)
    on conflict do nothing`.execute(db);
  const person = (n: number) => accountIdOf((n * 7919) % accounts);
  const start = Date.UTC(2026, 0, 1);
  for (let from = 1; from <= benchIssueCount; from += chunk) {
    const numbers = Array.from({ length: Math.min(chunk, benchIssueCount - from + 1) }, (_, i) => from + i);
    const inserted = await db
      .insertInto('issues')
      .values(
        numbers.map((n) => ({
          site_id: benchSiteId,
          project_key: benchProjectKey,
          issue_number: n,
          type_id: '10001',
          summary: `Bench issue ${n}`,
          description: `Raised for [~accountid:${person(n + 3)}]`,
          description_format: 'wiki' as const,
          status: (['To Do', 'In Progress', 'Done'] as const)[n % 3] as 'To Do',
          priority: 'Medium',
          labels: n % 2 === 0 ? 'even' : '',
          reporter_id: benchCaller.accountId,
          assignee_id: person(n),
          creator_id: person(n + 1),
          created_at: new Date(start + n * 60_000),
          updated_at: new Date(start + n * 60_000),
        })),
      )
      .returning(['issue_id', 'issue_number'])
      .execute();
    await db
      .insertInto('issue_watchers')
      .values(
        inserted.flatMap((row) => [
          { issue_id: row.issue_id, account_id: person(row.issue_number + 2) },
          { issue_id: row.issue_id, account_id: benchCaller.accountId },
        ]),
      )
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  await sql`update issue_projects set last_number = ${benchIssueCount}
    where site_id = ${benchSiteId} and project_key = ${benchProjectKey}`.execute(db);
}
