import { randomBytes } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a file atomically: the data goes to a temporary file beside the target,
 * which is then renamed over it, so a crash or an error never leaves a half-written
 * file under the target's name. With `durable`, the data and then the folder entry
 * are fsynced, so the file survives a power cut too (checkpoints).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, durable = false): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    if (durable) {
      const fd = openSync(tmp, 'w');
      try {
        writeFileSync(fd, data);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } else {
      writeFileSync(tmp, data);
    }
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  if (durable) syncFolder(dirname(path));
}

/** fsync a file or folder by its path: what was written to it reaches the disk. */
export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** fsync a folder (its entries); platforms that cannot open folders skip it. */
function syncFolder(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // Windows cannot open a folder: the rename is as durable as it gets there.
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
