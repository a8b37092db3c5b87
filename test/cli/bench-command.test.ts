import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { benchCourse } from '../../src/node/bench/course.js';
import { bestVsBest } from '../../src/node/bench/dcn.js';
import { DCN_GEMMS } from '../../src/node/bench/gemm.js';
import { pythonMissing } from '../../src/node/bench/python.js';
import { formatTable } from '../../src/node/bench/table.js';
import { nnlab } from '../helpers/cli.js';

const torchMissing = pythonMissing(['torch', 'numpy']);

describe('nnlab bench', () => {
  it('prints the GEMM table for every DCN shape and writes the same rows as JSON', () => {
    const json = join(mkdtempSync(join(tmpdir(), 'nnlab-bench-')), 'bench.json');
    const run = nnlab(['bench', '--only', 'gemm', '--repeats', '1', '--threads', '2', '--json', json]);
    expect(run.code, run.stderr).toBe(0);
    for (const [name] of DCN_GEMMS) expect(run.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    const written = JSON.parse(readFileSync(json, 'utf8')) as {
      results: { gemm: Array<Record<string, number | string>> };
    };
    expect(written.results.gemm).toHaveLength(DCN_GEMMS.length);
    for (const row of written.results.gemm) {
      expect(row['GFLOPS 1 thread']).toBeGreaterThan(0);
      expect(row['GFLOPS 2 threads']).toBeGreaterThan(0);
    }
  });

  it('tells how to add TensorFlow.js when the package is not there', async () => {
    const { loadTfjs } = await import('../../src/node/bench/tfjs.js');
    expect(await loadTfjs('@tensorflow/not-a-package')).toBe(
      '@tensorflow/not-a-package is not installed (npm i --no-save @tensorflow/not-a-package; 294 MB)',
    );
  });

  it('rejects an unknown suite with one line and exit code 2', () => {
    const run = nnlab(['bench', '--only', 'dcn,fft']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      'nnlab: unknown suite fft (expected dcn, breakdown, gemm, summaries, classic, course)',
    );
  });

  it('rejects an unknown convolution algorithm with one line and exit code 2', () => {
    const run = nnlab(['bench', '--only', 'dcn', '--conv', 'winograd,fft']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('nnlab: unknown convolution algorithm fft (expected auto, direct, winograd)');
  });

  // PyTorch is a reference, not a test dependency: where Debian's python3-torch is
  // missing (CI), the run says so and the nnlab side is checked alone.
  it('course: runs nnlab mnist and the PyTorch script on the same schedule of lines, and reads both ends', async () => {
    const lines: string[] = [];
    const rows = await benchCourse({ threads: 1, steps: 3, evalLimit: 200, log: (l) => lines.push(l) });
    const schedule = (tag: string) =>
      lines.filter((l) => l.startsWith(`  ${tag} │ step`)).map((l) => l.replace(/^.*│ (step \d+, \w+).*$/, '$1'));
    expect(schedule('nnlab')).toEqual([
      'step 0, training',
      'step 0, validation',
      'step 0, test',
      'step 3, validation',
      'step 3, test',
    ]);
    const tags = torchMissing ? ['nnlab'] : ['nnlab', 'torch'];
    expect(rows.map((r) => r.run)).toEqual(['nnlab mnist', 'PyTorch (CPU)'].slice(0, tags.length));
    for (const [i, tag] of tags.entries()) {
      const printed = lines.findLast((l) => l.startsWith(`  ${tag} │ test accuracy`));
      expect(printed).toBe(`  ${tag} │ test accuracy ${rows[i]?.['test accuracy']}`);
      expect(rows[i]?.['training s']).toBeGreaterThan(0);
      expect(rows[i]?.['process s'] as number).toBeGreaterThan(rows[i]?.['training s'] as number);
    }
    if (torchMissing) {
      expect(lines).toContain(`PyTorch skipped: ${torchMissing} (apt-get install python3-torch)`);
    } else {
      expect(schedule('torch')).toEqual(schedule('nnlab'));
      expect(lines.at(-1)).toMatch(/^course run: nnlab [\d.]+ s, PyTorch [\d.]+ s: [\d.]+×$/);
    }
  }, 120_000);

  it('compares each side at its own best thread count', () => {
    const rows = [
      { run: 'nnlab wasm-relaxed-simd', threads: 1, 'ms/step': 110 },
      { run: 'PyTorch (CPU)', threads: 1, 'ms/step': 35 },
      { run: 'nnlab wasm-relaxed-simd×2', threads: 2, 'ms/step': 50 },
      { run: 'PyTorch (CPU)', threads: 2, 'ms/step': 55 },
    ];
    expect(bestVsBest(rows)).toBe('best vs best: nnlab 50.0 ms (2 threads), PyTorch 35.0 ms (1 thread): 0.70×');
    expect(bestVsBest(rows.filter((r) => !r.run.startsWith('PyTorch')))).toBeUndefined();
  });

  it('formats aligned tables', () => {
    expect(
      formatTable([
        { run: 'a', ms: 1.23456, n: 2 },
        { run: 'longer', ms: 123.456, n: 10 },
      ]).split('\n'),
    ).toEqual(['run     ms     n', '------  -----  --', 'a       1.23   2', 'longer  123.5  10']);
  });
});
