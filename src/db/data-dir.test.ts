import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { secureDataDir } from './data-dir.ts';

/** The permission bits of a path. */
async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

describe('secureDataDir', () => {
  let parent: string;
  before(async () => {
    parent = await mkdtemp(join(tmpdir(), 'veil-data-dir-'));
  });
  after(() => rm(parent, { recursive: true, force: true }));

  /** A folder as PGlite unpacks it: everything open to everyone. */
  async function looseFolder(name: string): Promise<string> {
    const folder = join(parent, name);
    await mkdir(join(folder, 'base'), { recursive: true });
    await writeFile(join(folder, 'base', '1'), 'rows');
    await chmod(join(folder, 'base', '1'), 0o666);
    await chmod(join(folder, 'base'), 0o777);
    await chmod(folder, 0o755);
    return folder;
  }

  it('closes the folder and everything in it to all but the owner', async () => {
    const folder = await looseFolder('data');
    await secureDataDir(folder);
    assert.equal(await modeOf(folder), 0o700);
    assert.equal(await modeOf(join(folder, 'base')), 0o700);
    assert.equal(await modeOf(join(folder, 'base', '1')), 0o600);
  });

  it('closes the folder a link names, and leaves what links inside it point at', async () => {
    const folder = await looseFolder('real');
    const link = join(parent, 'link');
    await symlink(folder, link);
    const outside = join(parent, 'outside');
    await writeFile(outside, 'not the store');
    await chmod(outside, 0o644);
    await symlink(outside, join(folder, 'elsewhere'));
    await secureDataDir(link);
    assert.equal(await modeOf(folder), 0o700);
    assert.equal(await modeOf(join(folder, 'base', '1')), 0o600);
    assert.equal(await modeOf(outside), 0o644);
  });
});
