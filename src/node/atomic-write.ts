import { randomBytes } from 'node:crypto';
import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the data goes to a temporary file beside the target,
 * which is then renamed over it, so a crash or an error never leaves a half-written
 * file under the target's name.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/**
 * Throws a one-line error unless `path` could be written: its folder exists and is
 * writable, and the path itself is not a folder. Checked before long work starts.
 */
export function assertWritable(path: string): void {
  const dir = dirname(path);
  let dirStat: ReturnType<typeof statSync>;
  try {
    dirStat = statSync(dir);
  } catch {
    throw new Error(`cannot write ${path}: folder ${dir} does not exist`);
  }
  if (!dirStat.isDirectory()) throw new Error(`cannot write ${path}: ${dir} is not a folder`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new Error(`cannot write ${path}: folder ${dir} is not writable`);
  }
  try {
    if (statSync(path).isDirectory()) throw new Error(`cannot write ${path}: it is a folder`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
