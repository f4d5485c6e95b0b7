/**
 * Checks the layers in .dependency-cruiser.cjs against every module under src/ (tests aside): no folder
 * cycles, plumbing that knows no product, pure cores without I/O. Run by `npm test` (in `npm run check`).
 * dependency-cruiser is given the files themselves, since it lists only the extensions it can parse
 * (TypeScript 7 has no compiler API for it; it reads the imports with its own parser).
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';
import { join } from 'node:path';

/** Runs dependency-cruiser with Veil's rules over the modules under `root`/src; its exit status and report. */
export function checkArchitecture(root: string): { status: number; report: string } {
  const files = globSync('src/**/*.ts', { cwd: root }).filter((file) => !file.endsWith('.test.ts'));
  const cruiser = join(
    import.meta.dirname,
    '..',
    'node_modules',
    'dependency-cruiser',
    'bin',
    'dependency-cruise.mjs',
  );
  const config = join(import.meta.dirname, '..', '.dependency-cruiser.cjs');
  const result = spawnSync(
    process.execPath,
    [cruiser, '--config', config, '--output-type', 'err', ...files],
    {
      cwd: root,
      encoding: 'utf8',
    },
  );
  return { status: result.status ?? 1, report: `${result.stdout}${result.stderr}` };
}

if (import.meta.main) {
  const { status, report } = checkArchitecture(process.cwd());
  process.stdout.write(report);
  process.exit(status);
}
