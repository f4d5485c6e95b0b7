/**
 * The summary at the end of a run: each figure issue 13 sets a target for, the target beside it, and
 * whether this run met it. A figure not measured in the run (its route left out, or it needs
 * PostgreSQL) says so instead of a verdict.
 */
import { percentile } from './measure.ts';

export interface SummaryRow {
  readonly figure: string;
  readonly value: string;
  readonly target: string;
  /** `met`, `missed`, or why there is no verdict. */
  readonly verdict: string;
}

export function verdict(met: boolean): string {
  return met ? 'met' : 'missed';
}

/** p50 and p99 of a list of milliseconds, as text. */
export function p50p99(values: readonly number[]): { p50: number; p99: number; text: string } {
  const sorted = Float64Array.from(values).sort();
  const p50 = percentile(sorted, 0.5);
  const p99 = percentile(sorted, 0.99);
  return { p50, p99, text: `p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms` };
}

export const megabytes = (bytes: number | undefined) =>
  bytes === undefined ? '?' : `${(bytes / 2 ** 20).toFixed(0)} MB`;

export function formatSummary(rows: readonly SummaryRow[]): string {
  const header: SummaryRow = { figure: 'figure', value: 'this run', target: 'target', verdict: '' };
  const all = [header, ...rows];
  const width = (key: keyof SummaryRow) => Math.max(...all.map((row) => row[key].length));
  const line = (row: SummaryRow) =>
    [
      row.figure.padEnd(width('figure')),
      row.value.padEnd(width('value')),
      row.target.padEnd(width('target')),
      row.verdict,
    ]
      .join('  ')
      .trimEnd();
  const rule = ['figure', 'value', 'target', 'verdict'].map((key) =>
    '-'.repeat(width(key as keyof SummaryRow)),
  );
  return [line(header), rule.join('  '), ...rows.map(line)].join('\n');
}
