import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Locks the account's row until the caller's transaction ends: its tokens are counted one change at a time. */
export async function lockAccountRowForTokens(db: Kysely<Database>, accountId: string): Promise<void> {
  await db
    .selectFrom('accounts')
    .select('account_id')
    .where('account_id', '=', accountId)
    .forNoKeyUpdate()
    .execute();
}

/** How many API tokens the account holds. */
export async function countApiTokenRows(db: Kysely<Database>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('tokens'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.tokens);
}

/** One token's newest use, as the use buffer keeps it. */
export interface TokenUseRow {
  token_id: string;
  last_used_at: Date;
}

/** Moves each token's `last_used_at` forward to its newest use (never back; revoked tokens are skipped). */
export async function updateTokenLastUsedRows(
  db: Kysely<Database>,
  uses: readonly TokenUseRow[],
): Promise<void> {
  if (uses.length === 0) return;
  const values = sql.join(uses.map((use) => sql`(${use.token_id}, ${use.last_used_at}::timestamptz)`));
  await sql`
    update api_tokens set last_used_at = uses.used_at
    from (values ${values}) as uses (token_id, used_at)
    where api_tokens.token_id = uses.token_id
      and (api_tokens.last_used_at is null or api_tokens.last_used_at < uses.used_at)`.execute(db);
}
