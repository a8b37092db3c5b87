import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readEventFile } from '../../src/summary/reader.js';
import { BIN, nnlab } from '../helpers/cli.js';

// An independent reader (Python standard library only) checks what nnlab writes.
const READER = fileURLToPath(new URL('../fixtures/read_events.py', import.meta.url));
interface Independent {
  records: number;
  scalars: Record<string, [number, number][]>;
  histograms: Record<string, [number, number][]>;
  images: Record<string, [number, number, number][]>;
  texts: Record<string, string[]>;
}

function readIndependently(file: string): Independent {
  const run = spawnSync('python3', [READER, file], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as Independent;
}

function onlyFile(dir: string): string {
  const files = readdirSync(dir);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^events\.out\.tfevents\.\d+\.[^.]+\.\d+\.\d+$/);
  return join(dir, files[0] as string);
}

describe('--logdir', () => {
  it('a 200-step mnist run logs loss, accuracies and per-layer weight/bias/input/activation statistics and histograms', () => {
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-logs-'));
    const run = nnlab([
      'mnist',
      '--steps',
      '200',
      '--logdir',
      logdir,
      '--run',
      'relu',
      '--eval-limit',
      '100',
      '--eval-every',
      '100',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const file = onlyFile(join(logdir, 'relu'));
    expect(run.stdout).toContain(`Summaries written to ${file}`);
    const seen = readIndependently(file);
    const layers = ['conv1', 'conv2', 'fc1', 'fc2'];
    const parts = ['weights', 'biases', 'input', 'activation'];
    for (const layer of layers) {
      for (const part of parts) {
        const tag = `${layer}/${part}`;
        expect(
          seen.histograms[tag]?.map(([step]) => step),
          tag,
        ).toEqual([0, 100]);
        for (const stat of ['mean', 'std', 'min', 'max', 'zero_fraction'])
          expect(seen.scalars[`${tag}/${stat}`], `${tag}/${stat}`).toHaveLength(2);
        const zero = seen.scalars[`${tag}/zero_fraction`]!;
        for (const [, fraction] of zero) expect(fraction).toBeGreaterThanOrEqual(0);
      }
    }
    // ReLU zeroes a good share of conv1's activations; its weights have none.
    expect(seen.scalars['conv1/activation/zero_fraction']![1]![1]).toBeGreaterThan(0.1);
    expect(seen.scalars['conv1/weights/zero_fraction']![1]![1]).toBe(0);
    // The input of conv1 is the batch: 50 images of 784 pixels.
    expect(seen.histograms['conv1/input']![0]![1]).toBe(50 * 784);
    expect(seen.scalars.loss?.map(([step]) => step)).toEqual([0, 100]);
    expect(seen.scalars['accuracy/train']?.map(([step]) => step)).toEqual([0, 100]);
    expect(seen.scalars['accuracy/validation']?.map(([step]) => step)).toEqual([0, 100, 200]);
    expect(seen.scalars['accuracy/test']?.map(([step]) => step)).toEqual([0, 100, 200]);
    expect(seen.texts['config/text_summary']?.[0]).toContain('| activation | relu |');
    // nnlab's own reader agrees on every tag.
    const ours = readEventFile(readFileSync(file), file);
    expect([...ours.histograms.keys()].sort()).toEqual(Object.keys(seen.histograms).sort());
    expect([...ours.scalars.keys()].sort()).toEqual(Object.keys(seen.scalars).sort());
  });

  it('classic logs the loss curves, the accuracy, the decision boundary image and its configuration', () => {
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-logs-'));
    const run = nnlab([
      'classic',
      '--passes',
      '3000',
      // Boundaries at loss lines (every 1000 passes): the first at or after each multiple
      // of 1500 — passes 0 and 2000 — and the end.
      '--boundary-every',
      '1500',
      '--logdir',
      logdir,
      '--run',
      'tanh3',
    ]);
    expect(run.code, run.stderr).toBe(0);
    // Logging (and drawing boundaries mid-training) leaves the training untouched.
    const plain = nnlab(['classic', '--passes', '3000']);
    expect(run.stdout.split('\n').filter((l) => l.startsWith('Loss'))).toEqual(
      plain.stdout.split('\n').filter((l) => l.startsWith('Loss')),
    );
    const seen = readIndependently(onlyFile(join(logdir, 'tanh3')));
    expect(seen.scalars['loss/data']?.map(([step]) => step)).toEqual([0, 1000, 2000]);
    expect(seen.scalars['loss/data']?.[0]?.[1]).toBeCloseTo(0.432166, 6);
    expect(seen.scalars['accuracy/train']).toHaveLength(1);
    expect(seen.images.decision_boundary).toEqual([
      [0, 1280, 960],
      [2000, 1280, 960],
      [3000, 1280, 960],
    ]);
    expect(seen.texts['config/text_summary']?.[0]).toContain('| hidden | 3 |');
  });

  it('Ctrl-C during training flushes what was logged and exits with 130', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-logs-'));
    const child = spawn(process.execPath, [
      BIN,
      'mnist',
      '--logdir',
      logdir,
      '--run',
      'stop',
      '--eval-every',
      '100000',
      '--eval-limit',
      '50',
      '--summary-every',
      '1',
    ]);
    const code = await new Promise<number | null>((resolve) => {
      let out = '';
      let sent = false;
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // Let a few steps' summaries accumulate in the buffer, then interrupt (once).
        if (!sent && out.includes('training accuracy')) {
          sent = true;
          setTimeout(() => child.kill('SIGINT'), 1500);
        }
      });
      child.on('exit', (c) => resolve(c));
    });
    expect(code).toBe(130);
    const seen = readIndependently(onlyFile(join(logdir, 'stop')));
    // Ctrl-C is handled between steps, so at least step 0's summaries were buffered, and the flush wrote them.
    expect(seen.scalars.loss?.length).toBeGreaterThanOrEqual(1);
    expect(seen.histograms['conv1/weights']?.[0]?.[0]).toBe(0);
  });

  it('rejects a run name that is not a plain folder name', () => {
    const run = nnlab(['classic', '--passes', '1', '--logdir', tmpdir(), '--run', '../escape']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^nnlab: run name \.\.\/escape must be a plain folder name$/);
  });
});
