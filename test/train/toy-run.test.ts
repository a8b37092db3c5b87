import { describe, expect, it } from 'vitest';
import { classicWasmModule } from '../../src/classic/wasm/node/loader.js';
import { runToy, type ToyRunConfig } from '../../src/train/toy-run.js';
import { nnlab } from '../helpers/cli.js';
import { fixtureJson } from '../helpers/fixtures.js';

// runToy is `nnlab classic` / `nnlab deep` as a library call: the same lines, the same numbers.
const base: ToyRunConfig = {
  kind: 'classic',
  dataset: 'moons',
  samples: 200,
  noise: 0.2,
  dataSeed: 0,
  activation: 'elu',
  hidden: [3],
  reg: 0.01,
  epsilon: 0.01,
  passes: 20000,
  seed: 0,
  lossEvery: 1000,
};

describe('runToy', () => {
  it("prints numpy's loss table (ELU, from the fixtures) and reports the accuracy it prints", () => {
    const table = fixtureJson<Array<{ dataset: string; activation: string; hidden: number[]; lines: string[] }>>(
      'classic_loss_tables_new_activations.json',
    ).find((t) => t.dataset === 'moons' && t.activation === 'elu');
    const lines: string[] = [];
    const passes: number[] = [];
    const result = runToy(base, { line: (l) => lines.push(l), loss: (pass) => passes.push(pass) });
    expect(lines[0]).toBe('Training 2-3-2 elu network on moons (200 points), 20000 passes');
    expect(lines.slice(1, -1)).toEqual(table?.lines);
    expect(passes).toEqual(Array.from({ length: 20 }, (_, i) => i * 1000));
    expect(lines.at(-1)).toBe(`Training accuracy: ${result.accuracy.toFixed(4)}`);
    expect(result.data.n).toBe(200);
  });

  it('gives the lines of the command line, with or without the WebAssembly kernels', () => {
    const config: ToyRunConfig = { ...base, kind: 'deep', dataset: 'circles', samples: 100, noise: 0.07 };
    const small = { ...config, activation: 'gelu' as const, hidden: [4, 3], passes: 3000 };
    const ts: string[] = [];
    const wasm: string[] = [];
    runToy(small, { line: (l) => ts.push(l) });
    const module = classicWasmModule();
    expect(module).toBeDefined();
    runToy({ ...small, wasm: module }, { line: (l) => wasm.push(l) });
    expect(wasm).toEqual(ts);
    const cli = nnlab(['deep', '--dataset', 'circles', '--activation', 'gelu', '--hidden', '4,3', '--passes', '3000']);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout.trimEnd().split('\n')).toEqual(ts);
  });
});
