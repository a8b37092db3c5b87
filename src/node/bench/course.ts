import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createWasmBackend } from '../../backend/wasm/node/loader.js';
import { defaultMnistDir } from '../mnist-files.js';
import { dcnStepMs } from './dcn.js';
import { PYTHON, peerScript, pythonMissing, runPeer } from './python.js';
import type { BenchRow } from './table.js';

/** Options of {@link benchCourse}. */
export interface CourseBenchOptions {
  /** Most threads: each side runs at whichever count from 1 to this is fastest for it. */
  threads: number;
  /** Training steps (the course: 5 500). */
  steps: number;
  /** Evaluate on the first images of each split only (`--eval-limit`; tests). */
  evalLimit?: number;
  log: (line: string) => void;
}

/** What one full run printed at its end. */
interface CourseRun {
  /** "The training takes … second to finish": from the first step to the last evaluation. */
  seconds: number;
  testAccuracy: number;
  /** Seconds of the whole process: start-up and reading MNIST included. */
  wall: number;
  lastLines: string[];
}

const NNLAB_BIN = fileURLToPath(new URL('../../../bin/nnlab.js', import.meta.url));
/** Steps timed per thread count to pick each side's best. */
const PROBE_STEPS = 20;

/**
 * The course's full run on both sides, back to back: `nnlab mnist` (5 500 steps of 50,
 * batch accuracy every 100, validation and test accuracy every 1 100 and at the end),
 * then bench/torch_course.py on the same schedule, each at its fastest thread count
 * (timed first on 20 DCN steps at each count). Their lines stream to `log` as they come; the
 * rows hold each run's time and test accuracy.
 */
export async function benchCourse(o: CourseBenchOptions): Promise<BenchRow[]> {
  const counts = Array.from({ length: o.threads }, (_, i) => i + 1);
  const nnlabTimes: number[] = [];
  for (const threads of counts) {
    const backend = await createWasmBackend({ threads });
    nnlabTimes.push(dcnStepMs(backend, PROBE_STEPS));
    backend.close();
  }
  const nnlabThreads = fastest(counts, nnlabTimes);
  const torchMissing = pythonMissing(['torch', 'numpy']);
  let torchThreads = 1;
  if (torchMissing) o.log(`PyTorch skipped: ${torchMissing} (apt-get install python3-torch)`);
  else {
    const times = counts.map(
      (t) => runPeer<{ ms_per_step: number }>('torch_dcn.py', [String(t), String(PROBE_STEPS)]).ms_per_step,
    );
    torchThreads = fastest(counts, times);
  }
  const steps = String(o.steps);
  const limit = o.evalLimit === undefined ? [] : [String(o.evalLimit)];
  const rows: BenchRow[] = [];
  o.log(`nnlab mnist --threads ${nnlabThreads} --steps ${steps} (its fastest thread count here)`);
  const ours = await streamRun(
    process.execPath,
    [
      NNLAB_BIN,
      'mnist',
      '--threads',
      String(nnlabThreads),
      '--steps',
      steps,
      ...limit.flatMap((l) => ['--eval-limit', l]),
    ],
    'nnlab',
    o.log,
  );
  rows.push(row('nnlab mnist', nnlabThreads, ours));
  if (!torchMissing) {
    o.log(
      `PyTorch, bench/torch_course.py on ${nnlabThreads === torchThreads ? 'the same' : 'its fastest'} thread count (${torchThreads})`,
    );
    const args = [peerScript('torch_course.py'), defaultMnistDir(), String(torchThreads), steps, ...limit];
    const theirs = await streamRun(PYTHON, args, 'torch', o.log);
    rows.push(row('PyTorch (CPU)', torchThreads, theirs));
    o.log(`last lines: nnlab "${ours.lastLines.join('" "')}"; PyTorch "${theirs.lastLines.join('" "')}"`);
    o.log(
      `course run: nnlab ${ours.seconds.toFixed(1)} s, PyTorch ${theirs.seconds.toFixed(1)} s: ${(theirs.seconds / ours.seconds).toFixed(2)}×`,
    );
  }
  return rows;
}

function fastest(counts: number[], ms: number[]): number {
  let best = 0;
  for (let i = 1; i < ms.length; i++) if ((ms[i] as number) < (ms[best] as number)) best = i;
  return counts[best] as number;
}

function row(run: string, threads: number, r: CourseRun): BenchRow {
  return { run, threads, 'training s': r.seconds, 'process s': r.wall, 'test accuracy': String(r.testAccuracy) };
}

/** Runs a command, passing each output line to `log` (prefixed), and reads its closing lines. */
function streamRun(command: string, args: string[], tag: string, log: (line: string) => void): Promise<CourseRun> {
  const start = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    if (!line.startsWith('{')) log(`  ${tag} │ ${line}`);
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const wall = (performance.now() - start) / 1000;
      const seconds = Number(
        /takes ([\d.]+) second/.exec(lines.find((l) => l.includes('second to finish')) ?? '')?.[1],
      );
      const testAccuracy = Number(
        /^test accuracy ([\d.]+)/.exec(lines.findLast((l) => l.startsWith('test accuracy')) ?? '')?.[1],
      );
      if (code !== 0 || Number.isNaN(seconds) || Number.isNaN(testAccuracy)) {
        reject(new Error(`${tag} run failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? lines.at(-1) ?? ''}`));
        return;
      }
      const ends = lines.filter((l) => !l.startsWith('{'));
      resolve({ seconds, testAccuracy, wall, lastLines: ends.slice(-3) });
    });
  });
}
