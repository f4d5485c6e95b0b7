/**
 * How an erasure reaches the disk (`--erasure-rewrite`, `VEIL_ERASURE_REWRITE`). `full`, the default:
 * Veil rewrites the tables an erasure changed (VACUUM FULL, which locks each table while it copies it:
 * about 14 s for a million accounts). `off`: that is left to the operator (a maintenance window,
 * pg_repack), and reports keep `rewrite.completedAt` null. See docs/lifecycle.md, "What stays on disk".
 */
export const erasureRewrites = ['full', 'off'] as const;
export type ErasureRewrite = (typeof erasureRewrites)[number];

/** `--erasure-rewrite` as given (or absent: `full`); anything else is a problem. */
export function parseErasureRewrite(raw: string | undefined, problems: string[]): ErasureRewrite {
  const value = raw?.trim() || 'full';
  if ((erasureRewrites as readonly string[]).includes(value)) return value as ErasureRewrite;
  problems.push(`--erasure-rewrite must be one of ${erasureRewrites.join(', ')}`);
  return 'full';
}
