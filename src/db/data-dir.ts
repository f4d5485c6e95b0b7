/**
 * The PGlite data folder is its owner's alone: the folder and every folder in it 0700, every file 0600.
 * PGlite unpacks its initial files world-writable (0666) whatever the umask, and an older Veil left them
 * so; the files PostgreSQL itself creates later are 0600 already.
 */
import { chmod, lstat, mkdir, readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';

/** The mode of the data folder and every folder in it. */
export const dataDirMode = 0o700;
/** The mode of every file in the data folder. */
export const dataFileMode = 0o600;

/** Creates the folder if need be, and takes every permission but the owner's from it and its contents. */
export async function secureDataDir(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: dataDirMode });
  // `--data` may name a link to the folder (a mount elsewhere): the folder it names is the one to close.
  await restrict(await realpath(path));
}

/** Links inside the folder are not followed: what they point at is not the folder's. */
async function restrict(path: string): Promise<void> {
  const stats = await lstat(path);
  if (stats.isSymbolicLink()) return;
  const mode = stats.isDirectory() ? dataDirMode : dataFileMode;
  if ((stats.mode & 0o777) !== mode) await chmod(path, mode);
  if (!stats.isDirectory()) return;
  for (const entry of await readdir(path)) await restrict(join(path, entry));
}
