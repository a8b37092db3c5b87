import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { defaultMnistDir, MNIST_FILE_NAMES } from '../../src/node/mnist-files.js';
import { readEventFile } from '../../src/summary/reader.js';
import { BIN, nnlab } from '../helpers/cli.js';

// Training that survives being killed: a run killed (SIGKILL, at a random moment after
// its first checkpoint; SIGINT) and resumed prints the uninterrupted run's lines from
// the checkpoint on, ends with the same weights (every byte) and leaves one event file
// with the same scalars — also when the second half runs on another thread count.

const RUN = [
  'mnist',
  '--steps',
  '40',
  '--batch',
  '10',
  '--print-every',
  '5',
  '--eval-every',
  '10',
  '--eval-limit',
  '50',
];
const FILTER = (out: string) => out.split('\n').filter((l) => /^(step |test accuracy)/.test(l));

function eventFile(dir: string): string {
  const files = readdirSync(dir).filter((f) => f.includes('tfevents'));
  expect(files, dir).toHaveLength(1);
  return join(dir, files[0] as string);
}

function scalars(dir: string): Record<string, Array<[number, number]>> {
  const path = eventFile(dir);
  const run = readEventFile(readFileSync(path), path);
  return Object.fromEntries([...run.scalars].map(([tag, points]) => [tag, points.map((p) => [p.step, p.value])]));
}

/** Each tensor's bytes as a SHA-256 (comparing 13 MB arrays element by element is slow). */
function weights(path: string): Record<string, string> {
  const { tensors } = decodeSafetensors(readFileSync(path), path);
  return Object.fromEntries(
    [...tensors].map(([name, t]) => [name, createHash('sha256').update(new Float32Array(t.data)).digest('hex')]),
  );
}

/** Starts a run; resolves with its exit once `kill` (given the child) has been called when `ready` holds. */
function runUntil(
  args: string[],
  ready: () => boolean,
  signal: NodeJS.Signals,
  delayMs: number,
): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: 'ignore' });
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      setTimeout(() => child.kill(signal), delayMs);
    }, 20);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve(code);
    });
  });
}

describe('nnlab mnist --checkpoint-every / --resume', () => {
  const root = mkdtempSync(join(tmpdir(), 'nnlab-resume-'));
  const full = nnlab([...RUN, '--logdir', root, '--run', 'full', '--save', join(root, 'full.safetensors')]);
  const fullLines = FILTER(full.stdout);

  for (const [signal, threads] of [
    ['SIGKILL', '1'],
    ['SIGKILL', '2'],
    ['SIGINT', '1'],
  ] as const) {
    it(`${signal}, then resumed on ${threads} thread(s): the same lines, weights and scalars`, async () => {
      expect(full.code, full.stderr).toBe(0);
      const name = `${signal}-${threads}`;
      const dir = join(root, name);
      const first = [...RUN, '--threads', '2', '--logdir', root, '--run', name, '--checkpoint-every', '5'];
      const hasCheckpoint = () => existsSync(dir) && readdirSync(dir).some((f) => /^step-\d+\.safetensors$/.test(f));
      // SIGKILL: a random moment after the first checkpoint (sometimes while the next one is
      // written); SIGINT soon after it, well before the run would end by itself.
      const delay = signal === 'SIGKILL' ? Math.floor(Math.random() * 1000) : 100;
      const code = await runUntil(first, hasCheckpoint, signal, delay);
      if (signal === 'SIGINT') expect(code).toBe(130);
      const resumed = nnlab([
        ...RUN,
        '--threads',
        threads,
        '--resume',
        dir,
        '--save',
        join(root, `${name}.safetensors`),
      ]);
      expect(resumed.code, resumed.stderr).toBe(0);
      const from = Number(/resuming from .* \(step (\d+)\)/.exec(resumed.stderr)?.[1]);
      expect(from).toBeGreaterThanOrEqual(5);
      // The resumed run prints what the whole run printed from its checkpoint's step on.
      const expected = fullLines.filter((l) => !l.startsWith('step ') || Number(/^step (\d+)/.exec(l)?.[1]) >= from);
      expect(FILTER(resumed.stdout)).toEqual(expected);
      expect(weights(join(root, `${name}.safetensors`))).toEqual(weights(join(root, 'full.safetensors')));
      expect(scalars(dir)).toEqual(scalars(join(root, 'full')));
    });
  }

  describe('refuses a checkpoint that does not fit: one line, exit 2, nothing written', () => {
    const dir = join(root, 'base');
    const make = () => nnlab([...RUN, '--steps', '20', '--logdir', root, '--run', 'base', '--checkpoint-every', '10']);
    const listing = () => readdirSync(dir).map((f) => `${f}:${statSync(join(dir, f)).size}`);
    const refuses = (args: string[], message: RegExp) => {
      if (!existsSync(dir)) expect(make().code).toBe(0);
      const before = listing();
      const run = nnlab([...RUN, '--steps', '20', ...args]);
      expect(run.code).toBe(2);
      const lines = run.stderr
        .trimEnd()
        .split('\n')
        .filter((l) => !l.startsWith('nnlab: skipping'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(listing()).toEqual(before);
    };
    it('another activation', () =>
      refuses(
        ['--resume', dir, '--activation', 'tanh'],
        /step-00000020\.safetensors: saved with activation relu, this run has tanh$/,
      ));
    it('another dropout keep probability', () =>
      refuses(['--resume', dir, '--keep-prob', '0.7'], /saved with keepProb 0\.5, this run has 0\.7$/));
    it('another batch size', () =>
      refuses(['--resume', dir, '--batch', '20'], /saved with batch 10, this run has 20$/));
    it('another optimizer', () =>
      refuses(['--resume', dir, '--optimizer', 'sgd'], /saved with the adam optimizer, this run uses sgd$/));
    it('resuming past --steps', () =>
      refuses(['--resume', dir, '--steps', '15'], /was saved after 20 steps, past --steps 15$/));
    it('a truncated checkpoint (the folder falls back to the one before; a file says where)', () => {
      if (!existsSync(dir)) expect(make().code).toBe(0);
      const file = join(dir, 'step-00000020.safetensors');
      const cut = join(root, 'cut.safetensors');
      writeFileSync(cut, readFileSync(file).subarray(0, 5000));
      refuses(['--resume', cut], /cut\.safetensors: not a valid safetensors file: /);
    });
    it('another data set', () => {
      const data = mkdtempSync(join(tmpdir(), 'nnlab-data-'));
      for (const [key, base] of Object.entries(MNIST_FILE_NAMES)) {
        if (key !== 'trainLabels') symlinkSync(join(defaultMnistDir(), base), join(data, base));
      }
      const labels = Buffer.from(readFileSync(join(defaultMnistDir(), MNIST_FILE_NAMES.trainLabels)));
      labels[8 + 30_000] = ((labels[8 + 30_000] as number) + 1) % 10;
      writeFileSync(join(data, MNIST_FILE_NAMES.trainLabels), labels);
      refuses(
        ['--resume', dir, '--data-dir', data],
        /saved with dataset 55000\/5000\/10000:\w+, this run has 55000\/5000\/10000:\w+$/,
      );
    });
    it('a damaged newest checkpoint in a folder: the one before is taken, with a note', () => {
      if (!existsSync(dir)) expect(make().code).toBe(0);
      const copy = mkdtempSync(join(tmpdir(), 'nnlab-ck-'));
      for (const f of readdirSync(dir).filter((n) => n.startsWith('step-'))) copyFileSync(join(dir, f), join(copy, f));
      writeFileSync(
        join(copy, 'step-00000020.safetensors'),
        readFileSync(join(dir, 'step-00000020.safetensors')).subarray(0, 999),
      );
      const run = nnlab([...RUN, '--steps', '20', '--resume', copy]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/^nnlab: skipping .*step-00000020\.safetensors: .*not a valid safetensors file/m);
      expect(run.stderr).toMatch(/resuming from .*step-00000010\.safetensors \(step 10\)/);
    });
    it('a damaged training state (the check reads it all before the event file is touched)', () => {
      if (!existsSync(dir)) expect(make().code).toBe(0);
      const file = join(dir, 'step-00000010.safetensors');
      const { tensors, metadata } = decodeSafetensors(readFileSync(file), file);
      const sampler = JSON.parse(metadata.sampler as string) as { order: string };
      const broken = { ...metadata, sampler: JSON.stringify({ ...sampler, order: sampler.order.slice(0, 400) }) };
      const bad = join(root, 'bad-sampler.safetensors');
      writeFileSync(bad, encodeSafetensors([...tensors.values()], broken));
      refuses(
        ['--resume', bad],
        /bad-sampler\.safetensors: its training state is damaged: the sampler state orders 75 examples, this split has 55000/,
      );
    });
    it('a weights-only file', () => {
      const run = nnlab([...RUN, '--steps', '20', '--resume', join(root, 'full.safetensors')]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(/full\.safetensors: not an nnlab training state/);
    });
  });

  it('an early-stopped run says so in one line, and its best.safetensors evaluates to the accuracy it recorded', () => {
    const dir = join(root, 'early');
    // A learning rate too small to change the argmax: no evaluation after the first is better.
    const args = [
      ...RUN,
      '--lr',
      '1e-12',
      '--eval-every',
      '5',
      '--checkpoint-dir',
      dir,
      '--keep-best',
      '--early-stop',
      '2',
    ];
    const run = nnlab(args);
    expect(run.code, run.stderr).toBe(0);
    const stops = run.stdout.split('\n').filter((l) => l.startsWith('Early stop'));
    expect(stops).toEqual([
      expect.stringMatching(
        /^Early stop at step 10: no better validation accuracy in 2 evaluations \(best [\d.]+ at step 0\)$/,
      ),
    ]);
    // The run ends at the next step boundary, with the final evaluation, instead of at step 60.
    expect(run.stdout).toMatch(/^step 11, test accuracy [\d.]+$/m);
    const best = join(dir, 'best.safetensors');
    const { metadata } = decodeSafetensors(readFileSync(best), best);
    expect(metadata.step).toBe('0');
    const evaluated = nnlab(['mnist', '--load', best, '--steps', '0', '--eval-limit', '50']);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const accuracy = Number(/^test accuracy ([\d.]+)$/m.exec(evaluated.stdout)?.[1]);
    expect(accuracy).toBeCloseTo(Number(metadata.testAccuracy), 6);
  });
});
