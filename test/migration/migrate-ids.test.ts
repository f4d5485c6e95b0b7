import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseCsv } from '../../src/migrate-ids/id-table.ts';
import type { Scenario } from '../../src/scenarios/scenario.schemas.ts';
import { testBackends } from '../support/backends.ts';
import { startTestVeil, type TestVeil } from '../support/test-veil.ts';

const mainPath = fileURLToPath(new URL('../../src/cli/veil.ts', import.meta.url));
const people = 200;
const pad = (n: number) => String(n).padStart(4, '0');
const accountIdOf = (n: number) => `7b7b7b7b7b7b7b7b7b7b${pad(n)}`;

/** A site whose 200 people have usernames user0001… and keys KEY0001…, and a caller. */
function idsScenario(): Scenario {
  const accounts: NonNullable<Scenario['accounts']> = Array.from({ length: people }, (_, i) => ({
    accountId: accountIdOf(i + 1),
    type: 'atlassian' as const,
    email: `user${pad(i + 1)}@ids.test`,
    fullName: `User ${pad(i + 1)}`,
    sites: {
      ids: { products: ['jira' as const], username: `user${pad(i + 1)}`, userKey: `KEY${pad(i + 1)}` },
    },
  }));
  accounts.push(
    {
      accountId: 'caller00000000000000000',
      type: 'atlassian',
      email: 'caller@ids.test',
      fullName: 'The Caller',
      sites: { ids: { products: ['jira'] } },
      apiTokens: ['ids-caller-token'],
    },
    {
      accountId: 'visible0000000000000000',
      type: 'atlassian',
      email: 'visible@ids.test',
      fullName: 'Visible Email',
      visibility: { email: 'anyone' },
      sites: { ids: { products: ['jira'] } },
    },
  );
  return {
    sites: [{ id: 'ids', baseUrl: 'http://ids.localhost', migration: { stage: 'enforced' } }],
    accounts,
  };
}

/** Real HTTP in front of the Veil under test, counting the bulk-migration requests it serves. */
async function serveOverHttp(
  veil: TestVeil,
): Promise<{ server: Server; url: string; lookups: () => number }> {
  let lookups = 0;
  const server = createServer(async (request, response) => {
    if (request.url?.includes('/user/bulk/migration')) lookups++;
    const answer = await veil.app.inject({
      method: request.method as 'GET',
      url: request.url ?? '/',
      headers: request.headers as Record<string, string>,
    });
    response.writeHead(answer.statusCode, {
      'content-type': String(answer.headers['content-type'] ?? 'application/json'),
    });
    response.end(answer.rawPayload);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, lookups: () => lookups };
}

interface CliRun {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<number | null>;
}

function runCli(args: readonly string[], onStderr?: (text: string, child: ChildProcess) => void): CliRun {
  const child = spawn(process.execPath, [mainPath, 'migrate-ids', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => (stdout += chunk));
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
    onStderr?.(stderr, child);
  });
  const exit = once(child, 'exit').then(([code]) => code as number | null);
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

// The kit is an HTTP client: what it exercises of Veil is the bulk migration and search operations,
// which their own suites run on every backend. It runs here on the first backend (PGlite) only, as
// 100,000 rows through a child process on each backend would add minutes and nothing more.
for (const backend of testBackends().slice(0, 1)) {
  describe(`veil migrate-ids on ${backend.name}`, () => {
    let veil: TestVeil;
    let site: Awaited<ReturnType<typeof serveOverHttp>>;
    let folder: string;
    before(async () => {
      veil = await startTestVeil(backend, idsScenario());
      site = await serveOverHttp(veil);
      folder = await mkdtemp(join(tmpdir(), 'veil-migrate-ids-'));
    });
    after(async () => {
      site.server.close();
      await veil.close();
      await rm(folder, { recursive: true, force: true });
    });

    const credentials = () => [
      '--site',
      site.url,
      '--email',
      'caller@ids.test',
      '--token',
      'ids-caller-token',
    ];

    it('maps a 100,000-row file with a progress bar, and resumes an interrupted run without redoing rows', async () => {
      const input = join(folder, 'users.csv');
      const output = join(folder, 'users.out.csv');
      const rows = 100_000;
      // 210 names cycle through the rows: 200 people, and 10 names nobody has.
      const nameOf = (row: number) => `user${pad((row % 210) + 1)}`;
      const lines = ['id,username'];
      for (let row = 0; row < rows; row++) lines.push(`${row},${nameOf(row)}`);
      await writeFile(input, `${lines.join('\n')}\n`);
      const args = [...credentials(), '--input', input, '--output', output, '--batch', '200'];

      // Interrupted once a third of the rows is done (the progress says so), as a person presses Ctrl-C.
      let interrupted = false;
      const first = runCli(args, (stderr, child) => {
        const shares = [...stderr.matchAll(/progress: (\d+)\/100000/g)].map((m) => Number(m[1]));
        if (!interrupted && shares.some((done) => done >= 30_000)) {
          interrupted = true;
          child.kill('SIGINT');
        }
      });
      assert.equal(await first.exit, 130, first.stderr());
      assert.match(first.stderr(), /run the same command again to resume/);
      assert.equal(existsSync(output), false, 'no output until every row is done');
      const doneBefore = site.lookups();
      assert.ok(doneBefore >= 150 && doneBefore < 500, `${doneBefore} batches before the interruption`);

      const second = runCli(args);
      assert.equal(await second.exit, 0, second.stderr());
      assert.match(second.stderr(), /resuming: \d+ of 500 batches were done/);
      assert.equal(
        site.lookups(),
        500,
        'every batch of 200 rows was looked up exactly once across both runs',
      );
      const done = /\((\d+) rows looked up in this run, (\d+) done before\)/.exec(second.stdout());
      assert.equal(Number(done?.[1]) + Number(done?.[2]), rows);
      assert.equal(Number(done?.[2]), doneBefore * 200);
      // Of every 210 rows, 200 name someone: 476 full cycles and 40 rows more.
      assert.match(second.stdout(), new RegExp(`^Mapped ${476 * 200 + 40} of ${rows} rows`));

      const [header, ...mapped] = parseCsv(await readFile(output, 'utf8'));
      assert.deepEqual(header, ['id', 'username', 'accountId']);
      assert.equal(mapped.length, rows);
      for (const row of [0, 1, 199, 200, 209, 210, 54_321, 99_999]) {
        const n = (row % 210) + 1;
        assert.deepEqual(mapped[row], [String(row), nameOf(row), n <= people ? accountIdOf(n) : '']);
      }
      const unmapped = parseCsv(await readFile(`${output}.unmapped.csv`, 'utf8')).slice(1);
      assert.equal(unmapped.length, mapped.filter((row) => row[2] === '').length);
      assert.deepEqual(unmapped[0], ['201', 'user0201']);
      assert.equal(existsSync(`${output}.journal`), false, 'the journal goes once the output is written');
    });

    it('maps emails only where the caller may see them, and JSON with values of every kind', async () => {
      const input = join(folder, 'mixed.json');
      const output = join(folder, 'mixed.out.json');
      await writeFile(
        input,
        JSON.stringify([
          'user0001',
          'KEY0002',
          'visible@ids.test',
          'caller@ids.test',
          'user0003@ids.test',
          'nobody',
        ]),
      );
      const run = runCli([...credentials(), '--input', input, '--output', output]);
      assert.equal(await run.exit, 0, run.stderr());
      assert.deepEqual(JSON.parse(await readFile(output, 'utf8')), [
        { value: 'user0001', accountId: accountIdOf(1) },
        { value: 'KEY0002', accountId: accountIdOf(2) },
        { value: 'visible@ids.test', accountId: 'visible0000000000000000' },
        { value: 'caller@ids.test', accountId: 'caller00000000000000000' },
        // User 3 keeps their email to themself: looking it up finds nobody.
        { value: 'user0003@ids.test', accountId: null },
        { value: 'nobody', accountId: null },
      ]);
      assert.match(run.stdout(), /2 rows could not be mapped/);
      assert.match(run.stdout(), /row 5: user0003@ids\.test/);
    });

    it('says what is wrong with bad arguments, bad credentials and a journal of another input', async () => {
      const missing = runCli(['--input', 'x.csv']);
      assert.equal(await missing.exit, 2);
      assert.match(missing.stderr(), /--site \(or VEIL_SITE_URL\) is required/);
      const input = join(folder, 'one.csv');
      await writeFile(input, 'key\nKEY0001\n');
      const refused = runCli([
        '--site',
        site.url,
        '--email',
        'caller@ids.test',
        '--token',
        'wrong-token',
        '--input',
        input,
        '--output',
        join(folder, 'one.out.csv'),
      ]);
      assert.equal(await refused.exit, 1);
      assert.match(refused.stderr(), /401/);
      const output = join(folder, 'other.out.csv');
      await writeFile(
        `${output}.journal`,
        `${JSON.stringify({ version: 1, input: 'elsewhere', site: site.url, rows: 1, batchSize: 100 })}\n`,
      );
      const other = runCli([...credentials(), '--input', input, '--output', output]);
      assert.equal(await other.exit, 1);
      assert.match(other.stderr(), /belongs to another input/);
      const restarted = runCli([...credentials(), '--input', input, '--output', output, '--restart']);
      assert.equal(await restarted.exit, 0, restarted.stderr());
      assert.deepEqual(parseCsv(await readFile(output, 'utf8')), [
        ['key', 'accountId'],
        ['KEY0001', accountIdOf(1)],
      ]);
    });
  });
}
