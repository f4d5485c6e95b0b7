/**
 * The browser tests drive Debian's Chromium (playwright-core cannot download a browser here). Before they
 * run: where it is missing and this is root with apt, install it; otherwise stop and say how. Never a
 * silent skip.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const chromiumPath = process.env.VEIL_CHROMIUM ?? '/usr/bin/chromium';

function run(command: string, args: string[]): boolean {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return result.status === 0;
}

/** Makes sure Chromium is at `VEIL_CHROMIUM` (default /usr/bin/chromium), or exits with instructions. */
export function ensureChromium(): void {
  if (existsSync(chromiumPath)) return;
  const canInstall = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get') && !process.env.VEIL_CHROMIUM;
  if (canInstall) {
    process.stdout.write('Chromium is missing; installing it from Debian (apt-get install chromium)…\n');
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) {
      if (existsSync(chromiumPath)) return;
    }
  }
  process.stderr.write(
    [
      '',
      `The browser tests need Chromium at ${chromiumPath}, and it is not there.`,
      'Install it, then run the tests again:',
      '  Debian/Ubuntu:  sudo apt-get install -y chromium',
      '  elsewhere:      install Chromium or Chrome and set VEIL_CHROMIUM=/path/to/the/binary',
      '',
    ].join('\n'),
  );
  process.exit(1);
}
