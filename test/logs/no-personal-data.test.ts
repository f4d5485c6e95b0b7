/**
 * Logs carry no personal data, ever (issue 11). scripts/test.ts runs this file last, alone, after every
 * Veil of the run logged at info level into VEIL_TEST_LOG_DIR: it reads all of it and finds no personal
 * value of the test worlds, and no email address or token hash of anyone.
 */
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { testLogDir, testLogDirVariable } from '../support/test-log.ts';
import { findPersonalData, listWorldValues } from './personal-values.ts';

/** Every line every Veil of this run logged, named by file and line number. */
async function readRunLogs(dir: string): Promise<{ where: string; text: string }[]> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.log'));
  const lines: { where: string; text: string }[] = [];
  for (const file of files) {
    const text = await readFile(join(dir, file), 'utf8');
    text.split('\n').forEach((line, i) => {
      if (line.trim() !== '') lines.push({ where: `${file}:${i + 1}`, text: line });
    });
  }
  return lines;
}

describe('the logs of the whole test run', () => {
  it('hold no personal value of any test world, nor anyone’s email address or token hash', async () => {
    const dir = testLogDir();
    assert.ok(
      dir,
      `${testLogDirVariable} is not set: run this file through scripts/test.ts, after the others`,
    );
    const lines = await readRunLogs(dir);
    // Not vacuous: the run logged requests and errors, so there was something to find.
    assert.ok(lines.length > 0, `the run logged nothing into ${dir}`);
    assert.ok(
      lines.some((line) => line.text.includes('"incoming request"')),
      'the Veils of the run logged their requests at info level',
    );
    const values = await listWorldValues();
    assert.ok(values.length > 50, `the worlds have ${values.length} personal values`);
    const found = findPersonalData(lines, values);
    assert.deepEqual(found.slice(0, 20), [], `${found.length} log lines hold personal data`);
  });

  it('would find a personal value if one were logged', async () => {
    const values = await listWorldValues();
    const mia = values.find((v) => v.value === 'mia@acme.test');
    assert.ok(mia, 'the demo world has mia@acme.test');
    const fullName = values.find((v) => v.what.startsWith('fullName'));
    assert.ok(fullName);
    const planted = [
      {
        where: 'planted:1',
        text: JSON.stringify({ level: 50, err: { detail: `Key (email)=(${mia.value})` } }),
      },
      { where: 'planted:2', text: JSON.stringify({ level: 30, msg: `renamed ${fullName.value}` }) },
      { where: 'planted:3', text: JSON.stringify({ level: 30, msg: 'an address: someone@example.org' }) },
      {
        where: 'planted:4',
        text: JSON.stringify({ level: 30, msg: 'incoming request', path: '/veil/v1/me' }),
      },
    ];
    const flagged = new Set(findPersonalData(planted, values).map((finding) => finding.split(': ')[0]));
    assert.deepEqual([...flagged].sort(), ['planted:1', 'planted:2', 'planted:3']);
  });
});
