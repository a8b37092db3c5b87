/**
 * Classic network benchmark: 20 000 full-batch passes of the course's tanh/3 network
 * on moons (200 points), nnlab vs numpy running the same algorithm
 * (bench/numpy_classic.py), measured in the same run. Best of `--repeats` runs each.
 * Usage: npm run bench [-- --repeats 3 --passes 20000 --json out.json]
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeepNeuralNetwork, makeMoons, RandomState } from '../src/index.js';
import { type BenchRow, printTable } from './table.js';

const PYTHON = '/usr/bin/python3';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '3' },
    passes: { type: 'string', default: '20000' },
    json: { type: 'string' },
  },
});
const repeats = Number(values.repeats);
const passes = Number(values.passes);

function nnlabSeconds(): number {
  const data = makeMoons(200, { noise: 0.2, random: new RandomState(0) });
  const net = new DeepNeuralNetwork({ inputs: 2, hidden: [3], outputs: 2, activation: 'tanh' });
  const start = performance.now();
  net.fitModel(data.x, data.y, { numPasses: passes });
  return (performance.now() - start) / 1000;
}

function numpySeconds(): number | string {
  const probe = spawnSync(PYTHON, ['-c', 'import numpy, sklearn'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `skipped: ${PYTHON} lacks numpy/scikit-learn (apt-get install python3-numpy python3-sklearn)`;
  const script = fileURLToPath(new URL('./numpy_classic.py', import.meta.url));
  const run = spawnSync(PYTHON, [script, 'tanh', '3', String(passes), 'moons', '--quiet'], { encoding: 'utf8' });
  if (run.status !== 0) return `skipped: numpy run failed: ${run.stderr.trim().split('\n').pop()}`;
  return (JSON.parse(run.stdout.trim().split('\n').pop() as string) as { seconds: number }).seconds;
}

const best = (runs: number[]) => Math.min(...runs);
const ours = best(Array.from({ length: repeats }, nnlabSeconds));
const theirs: Array<number | string> = Array.from({ length: repeats }, numpySeconds);
const numpyRuns = theirs.filter((t): t is number => typeof t === 'number');

const rows: BenchRow[] = [
  { name: 'nnlab (TypeScript, float64)', seconds: ours, 'passes/s': passes / ours, 'speed vs numpy': '' },
];
if (numpyRuns.length > 0) {
  const np = best(numpyRuns);
  rows.push({ name: 'numpy (same algorithm)', seconds: np, 'passes/s': passes / np, 'speed vs numpy': '1.000' });
  (rows[0] as BenchRow)['speed vs numpy'] = (np / ours).toFixed(3);
}
console.log(`classic tanh/3 network, moons 200 points, ${passes} passes, best of ${repeats}`);
printTable(rows);
if (numpyRuns.length === 0) console.log(String(theirs[0]));
if (values.json)
  writeFileSync(values.json, `${JSON.stringify({ benchmark: 'classic-tanh-3', passes, rows }, null, 2)}\n`);
