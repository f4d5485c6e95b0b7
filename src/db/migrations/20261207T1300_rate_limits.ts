import { type Kysely, sql } from 'kysely';

/** The request budgets scenarios give sites and apps (see src/rate-limits). */
const statements = [
  `create table rate_limits (
    scope text not null check (scope in ('site', 'app')),
    subject text not null,
    max_requests integer not null check (max_requests >= 0),
    window_seconds integer not null check (window_seconds between 1 and 86400),
    primary key (scope, subject)
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
