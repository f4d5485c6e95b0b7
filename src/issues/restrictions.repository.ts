/** The SQL of restricted comments and worklogs: which rows a reader sees (as `maySeeRestricted` decides). */
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RestrictionReader } from './restrictions.ts';

/** A condition on `visibility_type`, `visibility_value` and `author_id` of comments or worklogs. */
export function visibleToReader(reader: RestrictionReader): RawBuilder<SqlBool> {
  const groups = [...reader.groups];
  const parts = [sql`visibility_type is null`];
  if (reader.accountId !== null) parts.push(sql`author_id = ${reader.accountId}`);
  if (groups.length > 0)
    parts.push(
      sql`(visibility_type = 'group' and lower(visibility_value) in (${sql.join(groups.map((g) => sql`${g}`))}))`,
    );
  if (reader.seesRoles) parts.push(sql`visibility_type = 'role'`);
  return sql<SqlBool>`(${sql.join(parts, sql` or `)})`;
}
