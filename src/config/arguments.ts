import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';

/** What a command line gave: each option's text or flag, by name. */
export type ArgumentValues = Record<string, string | boolean | undefined>;

/**
 * A command line read against its options, strictly (no positionals, no unknown options): a malformed or
 * unknown option becomes a problem, reported with the others, and nothing is read.
 */
export function readArguments<const Options extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: Options,
  problems: string[],
): ArgumentValues {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    problems.push((error as Error).message);
    return {};
  }
}
