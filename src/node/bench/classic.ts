import { DeepNeuralNetwork } from '../../classic/deep-neural-network.js';
import { classicWasmModule } from '../../classic/wasm/node/loader.js';
import { makeMoons } from '../../data/toy.js';
import { RandomState } from '../../random/random-state.js';
import { pythonMissing, runPeer } from './python.js';
import type { BenchRow } from './table.js';

/**
 * Seconds for `passes` passes of the course's tanh/3 network on moons (200 points),
 * with the WebAssembly kernels when `wasm` is given, else in TypeScript.
 */
export function classicSeconds(passes: number, wasm?: WebAssembly.Module): number {
  const data = makeMoons(200, { noise: 0.2, random: new RandomState(0) });
  const net = new DeepNeuralNetwork({
    inputs: 2,
    hidden: [3],
    outputs: 2,
    activation: 'tanh',
    ...(wasm ? { wasm } : {}),
  });
  const start = performance.now();
  net.fitModel(data.x, data.y, { numPasses: passes });
  return (performance.now() - start) / 1000;
}

/** nnlab (WebAssembly and TypeScript) vs numpy running the same algorithm (bench/numpy_classic.py), best of `repeats` each. */
export function benchClassic(passes: number, repeats: number, log: (line: string) => void): BenchRow[] {
  const best = (run: () => number) => Math.min(...Array.from({ length: repeats }, run));
  const module = classicWasmModule();
  const ts = best(() => classicSeconds(passes));
  const rows: BenchRow[] = [
    { run: 'nnlab (float64, TypeScript)', seconds: ts, 'passes/s': passes / ts, 'vs numpy': '-' },
  ];
  if (module) {
    const wasm = best(() => classicSeconds(passes, module));
    rows.unshift({ run: 'nnlab (float64, wasm)', seconds: wasm, 'passes/s': passes / wasm, 'vs numpy': '-' });
  } else log('nnlab wasm skipped: this runtime lacks WebAssembly SIMD');
  const missing = pythonMissing(['numpy', 'sklearn']);
  if (missing) {
    log(`numpy skipped: ${missing} (apt-get install python3-numpy python3-sklearn)`);
    return rows;
  }
  const numpy = best(
    () => runPeer<{ seconds: number }>('numpy_classic.py', ['tanh', '3', String(passes), 'moons', '--quiet']).seconds,
  );
  for (const row of rows) row['vs numpy'] = (numpy / (row.seconds as number)).toFixed(2);
  rows.push({ run: 'numpy (same algorithm)', seconds: numpy, 'passes/s': passes / numpy, 'vs numpy': '1.00' });
  return rows;
}
