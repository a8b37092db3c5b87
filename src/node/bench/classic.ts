import { DeepNeuralNetwork } from '../../classic/deep-neural-network.js';
import { makeMoons } from '../../data/toy.js';
import { RandomState } from '../../random/random-state.js';
import { pythonMissing, runPeer } from './python.js';
import type { BenchRow } from './table.js';

/** Seconds for `passes` passes of the course's tanh/3 network on moons (200 points). */
export function classicSeconds(passes: number): number {
  const data = makeMoons(200, { noise: 0.2, random: new RandomState(0) });
  const net = new DeepNeuralNetwork({ inputs: 2, hidden: [3], outputs: 2, activation: 'tanh' });
  const start = performance.now();
  net.fitModel(data.x, data.y, { numPasses: passes });
  return (performance.now() - start) / 1000;
}

/** nnlab vs numpy running the same algorithm (bench/numpy_classic.py), best of `repeats` each. */
export function benchClassic(passes: number, repeats: number, log: (line: string) => void): BenchRow[] {
  const ours = Math.min(...Array.from({ length: repeats }, () => classicSeconds(passes)));
  const rows: BenchRow[] = [{ run: 'nnlab (float64)', seconds: ours, 'passes/s': passes / ours, 'vs numpy': '-' }];
  const missing = pythonMissing(['numpy', 'sklearn']);
  if (missing) {
    log(`numpy skipped: ${missing} (apt-get install python3-numpy python3-sklearn)`);
    return rows;
  }
  const numpy = Math.min(
    ...Array.from(
      { length: repeats },
      () => runPeer<{ seconds: number }>('numpy_classic.py', ['tanh', '3', String(passes), 'moons', '--quiet']).seconds,
    ),
  );
  (rows[0] as BenchRow)['vs numpy'] = (numpy / ours).toFixed(2);
  rows.push({ run: 'numpy (same algorithm)', seconds: numpy, 'passes/s': passes / numpy, 'vs numpy': '1.00' });
  return rows;
}
