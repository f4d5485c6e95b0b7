import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

/** How far the movable clock was put ahead, in milliseconds; 0 when it never was. */
export async function findClockOffset(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('movable_clock').select('offset_ms').executeTakeFirst();
  return Number(row?.offset_ms ?? 0);
}

/** Keeps the offset (never a smaller one: the clock does not go back, whoever moved it last). */
export async function saveClockOffset(db: Kysely<Database>, offsetMs: number, movedAt: Date): Promise<void> {
  await db
    .insertInto('movable_clock')
    .values({ id: true, offset_ms: offsetMs, moved_at: movedAt })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        offset_ms: sql`greatest(movable_clock.offset_ms, excluded.offset_ms)`,
        moved_at: movedAt,
      }),
    )
    .execute();
}
