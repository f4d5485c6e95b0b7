import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigError } from '../config/config.ts';
import {
  type MigrateIdsConfig,
  migrateIdsUsage,
  parseMigrateIdsConfig,
} from '../config/migrate-ids.config.ts';
import { formatCsvField } from '../migrate-ids/id-table.ts';
import { MigrateIdsError, type MigrateIdsSummary, runMigrateIds } from '../migrate-ids/migrate-ids.run.ts';
import { ProgressBar } from '../migrate-ids/progress.ts';
import { LookupError, SiteLookup } from '../migrate-ids/site-lookup.ts';

const shownUnmapped = 20;

/** `veil migrate-ids …`: runs the mapping, reports the unmapped rows, and exits (130 when interrupted). */
export async function runMigrateIdsCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<never> {
  const err = process.stderr;
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${migrateIdsUsage}\n`);
    process.exit(0);
  }
  const config = readConfigOrExit(argv, env);
  let stopping = false;
  process.on('SIGINT', () => {
    if (stopping) process.exit(130);
    stopping = true;
    err.write('\nStopping once the batches under way are recorded (press Ctrl-C again to quit at once)\n');
  });
  const lookup = new SiteLookup({ ...config, sleep: (ms) => sleep(ms).then(() => {}) });
  try {
    const summary = await runMigrateIds({
      config,
      lookup,
      progress: (total) => new ProgressBar(err, total, () => performance.now()),
      stopping: () => stopping,
      log: (line) => err.write(`${line}\n`),
    });
    if (summary.interrupted) {
      err.write(
        `Interrupted with ${summary.resumedFrom + summary.lookedUp} of ${summary.rows} rows done (${config.journalFile}); run the same command again to resume.\n`,
      );
      process.exit(130);
    }
    process.stdout.write(`${(await reportSummary(config, summary)).join('\n')}\n`);
    process.exit(0);
  } catch (error) {
    if (error instanceof MigrateIdsError || error instanceof LookupError) {
      err.write(`veil migrate-ids: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** The options, or their problems and the usage on stderr and exit code 2. */
function readConfigOrExit(argv: readonly string[], env: NodeJS.ProcessEnv): MigrateIdsConfig {
  try {
    return parseMigrateIdsConfig(argv, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(
      `${error.problems.map((p) => `veil migrate-ids: ${p}`).join('\n')}\n\n${migrateIdsUsage}\n`,
    );
    process.exit(2);
  }
}

/** The lines that report a finished run; the unmapped rows, if any, are also written to a CSV file. */
async function reportSummary(config: MigrateIdsConfig, summary: MigrateIdsSummary): Promise<string[]> {
  const lines = [
    `Mapped ${summary.mapped} of ${summary.rows} rows to accountIds in ${config.outputFile} (${summary.lookedUp} rows looked up in this run, ${summary.resumedFrom} done before).`,
  ];
  if (summary.unmapped.length > 0) {
    const listFile = `${config.outputFile}.unmapped.csv`;
    const csv = ['row,value', ...summary.unmapped.map((u) => `${u.row},${formatCsvField(u.value)}`)].join(
      '\n',
    );
    await writeFile(listFile, `${csv}\n`, 'utf8');
    lines.push(`${summary.unmapped.length} rows could not be mapped (all in ${listFile}):`);
    for (const u of summary.unmapped.slice(0, shownUnmapped))
      lines.push(`  row ${u.row}: ${u.value || '(empty)'}`);
    if (summary.unmapped.length > shownUnmapped)
      lines.push(`  … and ${summary.unmapped.length - shownUnmapped} more`);
  }
  return lines;
}
