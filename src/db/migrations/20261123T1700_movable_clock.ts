import { type Kysely, sql } from 'kysely';

/**
 * How far a movable clock (`--movable-clock`) was put ahead of the wall clock, so that a restart does not
 * send Veil's time back (jobs due at the moved time stay due). One row at most.
 */
const statements = [
  `create table movable_clock (
    id boolean primary key default true check (id),
    offset_ms bigint not null check (offset_ms >= 0),
    moved_at timestamptz not null
  )`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
