import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The Python the reference peers run on (Debian's, where numpy/torch come from apt). */
export const PYTHON = '/usr/bin/python3';

/** Path of a peer script in the package's bench/ folder (this file is two levels below the root). */
export function peerScript(name: string): string {
  return fileURLToPath(new URL(`../../../bench/${name}`, import.meta.url));
}

/** Why a Python peer cannot run (missing interpreter or modules), or undefined when it can. */
export function pythonMissing(modules: string[]): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} is not available`;
  if (probe.status !== 0) return `${PYTHON} lacks ${modules.join('/')}`;
  return undefined;
}

/** Runs a peer script and parses the JSON object on its last output line. */
export function runPeer<T>(script: string, args: string[], env: NodeJS.ProcessEnv = process.env): T {
  const run = spawnSync(PYTHON, [peerScript(script), ...args], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${script} failed: ${run.stderr.trim().split('\n').pop() ?? run.status}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as T;
}
