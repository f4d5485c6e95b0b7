import type { Kysely } from 'kysely';
import type { RateBudget } from '../config/config.ts';
import type { Database } from '../db/schema.ts';
import type { RateLimitPolicies } from './rate-limits.model.ts';

/** Gives a site or an app its own request budget, replacing any it had. */
export async function upsertRateLimit(
  db: Kysely<Database>,
  scope: 'site' | 'app',
  subject: string,
  budget: RateBudget,
): Promise<void> {
  const row = {
    scope,
    subject,
    max_requests: budget.max,
    window_seconds: Math.ceil(budget.windowMs / 1000),
  };
  await db
    .insertInto('rate_limits')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['scope', 'subject'])
        .doUpdateSet({ max_requests: row.max_requests, window_seconds: row.window_seconds }),
    )
    .execute();
}

/** Every site's and app's own budget. */
export async function findRateLimitPolicies(db: Kysely<Database>): Promise<RateLimitPolicies> {
  const rows = await db.selectFrom('rate_limits').selectAll().execute();
  const budgetOf = (row: (typeof rows)[number]) => ({
    max: row.max_requests,
    windowMs: row.window_seconds * 1000,
  });
  return {
    sites: new Map(rows.filter((row) => row.scope === 'site').map((row) => [row.subject, budgetOf(row)])),
    apps: new Map(rows.filter((row) => row.scope === 'app').map((row) => [row.subject, budgetOf(row)])),
  };
}
