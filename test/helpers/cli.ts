import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Path of the built command (`npm test` builds first). */
export const BIN = fileURLToPath(new URL('../../bin/nnlab.js', import.meta.url));

/** Result of one `nnlab` run. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `nnlab args…` to completion. */
export function nnlab(args: string[], options: { cwd?: string } = {}): CliResult {
  const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: options.cwd, timeout: 120_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}
