import { type Static, Type } from 'typebox';
import { AccountIdString } from '../http/contracts.ts';

const Instant = Type.String({ format: 'date-time' });

/** An erasure report: what was done, where the scan looked, who was told. No personal data. */
export const ErasureReportView = Type.Object(
  {
    accountId: AccountIdString,
    clean: Type.Boolean({
      description: 'The scan found none of the erased values and every table has a policy',
    }),
    requestedAt: Instant,
    requestedBy: Type.Object({
      role: Type.String(),
      accountId: Type.Union([AccountIdString, Type.Null()]),
    }),
    dueAt: Instant,
    startedAt: Instant,
    completedAt: Instant,
    attempts: Type.Integer({ description: 'Attempts begun; more than one means earlier ones were cut off' }),
    tables: Type.Array(
      Type.Object({
        table: Type.String(),
        action: Type.Union([
          Type.Literal('scrubbed'),
          Type.Literal('deleted'),
          Type.Literal('rewritten'),
          Type.Literal('kept'),
        ]),
        rows: Type.Integer(),
        reason: Type.Optional(Type.String()),
      }),
    ),
    unreviewedTables: Type.Array(Type.String()),
    scan: Type.Object({
      tables: Type.Integer(),
      columns: Type.Integer({ description: 'Columns that can hold text, all searched' }),
      valuesSearched: Type.Integer(),
      matches: Type.Array(Type.Object({ table: Type.String(), column: Type.String(), rows: Type.Integer() })),
    }),
    rewrite: Type.Object(
      {
        tables: Type.Array(Type.String(), { description: 'The tables the erasure changed' }),
        completedAt: Type.Union([Instant, Type.Null()], {
          description:
            'When those tables and their indexes were rewritten on disk (VACUUM FULL), so the old rows are ' +
            'gone from the data files; null until then (within about a minute), and for as long as Veil ' +
            'runs with --erasure-rewrite off (the rewrite left to its operator). Write-ahead logs and ' +
            'backups keep them until they are recycled',
        }),
      },
      { description: 'The erasure on disk' },
    ),
    appsNotified: Type.Array(Type.Object({ appKey: Type.String(), siteId: Type.String() })),
    appsAnsweredClosed: Type.Array(Type.Object({ appKey: Type.String(), answeredAt: Instant })),
  },
  { $id: 'ErasureReport' },
);
export type ErasureReportView = Static<typeof ErasureReportView>;

export const ErasureReportPage = Type.Object({
  startAt: Type.Integer(),
  maxResults: Type.Integer(),
  total: Type.Integer(),
  values: Type.Array(ErasureReportView),
});
