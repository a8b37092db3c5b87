import { copyFileSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defaultMnistDir, MNIST_FILE_NAMES } from '../../src/node/mnist-files.js';
import { nnlab } from '../helpers/cli.js';

const source = defaultMnistDir();
const QUICK = ['--eval-limit', '40', '--print-every', '1000', '--eval-every', '1000'];

/** A data folder linking the real files, with `change` applied to one copy. */
function dataDir(
  file: keyof typeof MNIST_FILE_NAMES,
  change: (bytes: Buffer) => { name: string; bytes: Uint8Array },
): string {
  const dir = mkdtempSync(join(tmpdir(), 'nnlab-mnist-'));
  for (const [key, base] of Object.entries(MNIST_FILE_NAMES)) {
    if (key === file) {
      const changed = change(readFileSync(join(source, base)));
      writeFileSync(join(dir, changed.name), changed.bytes);
    } else {
      symlinkSync(join(source, base), join(dir, base));
    }
  }
  return dir;
}

function expectOneLineError(args: string[], message: RegExp): void {
  const run = nnlab(args);
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(message);
}

describe('nnlab mnist: bad data gives one clear line and exit code 2', () => {
  it('missing --data-dir', () =>
    expectOneLineError(
      ['mnist', '--data-dir', '/nonexistent/mnist'],
      /data folder \/nonexistent\/mnist does not exist/,
    ));
  it('a folder without the files', () =>
    expectOneLineError(
      ['mnist', '--data-dir', tmpdir()],
      /has no train-images-idx3-ubyte \(nor train-images-idx3-ubyte\.gz\)/,
    ));
  it('truncated images', () => {
    const dir = dataDir('testImages', (b) => ({
      name: MNIST_FILE_NAMES.testImages,
      bytes: b.subarray(0, b.length - 100),
    }));
    expectOneLineError(['mnist', '--data-dir', dir], /t10k-images-idx3-ubyte: truncated/);
  });
  it('corrupt magic number', () => {
    const dir = dataDir('trainLabels', (b) => {
      const c = Buffer.from(b);
      c[3] = 3;
      return { name: MNIST_FILE_NAMES.trainLabels, bytes: c };
    });
    expectOneLineError(
      ['mnist', '--data-dir', dir],
      /train-labels-idx1-ubyte: expected 1 dimensions, the header says 3/,
    );
  });
  it('mislabelled: a label that is not a digit', () => {
    const dir = dataDir('testLabels', (b) => {
      const c = Buffer.from(b);
      c[8 + 17] = 11;
      return { name: MNIST_FILE_NAMES.testLabels, bytes: c };
    });
    expectOneLineError(['mnist', '--data-dir', dir], /label 11 at index 17 is not a digit/);
  });
  it('corrupt gzip', () => {
    const dir = dataDir('testLabels', (b) => ({
      name: `${MNIST_FILE_NAMES.testLabels}.gz`,
      bytes: gzipSync(b).subarray(0, 50),
    }));
    expectOneLineError(['mnist', '--data-dir', dir], /t10k-labels-idx1-ubyte\.gz: cannot decompress/);
  });
  it('bad option values', () => {
    expectOneLineError(['mnist', '--optimizer', 'lbfgs'], /optimizer.*lbfgs/);
    expectOneLineError(['mnist', '--lr', '0'], /lr.*> 0/);
    expectOneLineError(['mnist', '--keep-prob', '0'], /keep-prob.*> 0/);
    expectOneLineError(['mnist', '--keep-prob', '1.5'], /^nnlab: --keep-prob must be at most 1, got 1.5$/);
    expectOneLineError(
      ['mnist', '--load', '/nonexistent/w.safetensors'],
      /cannot read \/nonexistent\/w\.safetensors: ENOENT/,
    );
  });
});

describe('nnlab mnist runs', () => {
  it('reads gzipped files, prints the course lines, saves weights that --load restores', () => {
    const dir = dataDir('testImages', (b) => ({
      name: `${MNIST_FILE_NAMES.testImages}.gz`,
      bytes: gzipSync(b, { level: 1 }),
    }));
    const weights = join(dir, 'w.safetensors');
    const train = nnlab(['mnist', '--steps', '2', '--data-dir', dir, '--save', weights, ...QUICK]);
    expect(train.code, train.stderr).toBe(0);
    expect(train.stdout).toMatch(/^step 0, training accuracy [\d.]+$/m);
    expect(train.stdout).toMatch(/^step 2, test accuracy [\d.]+$/m);
    expect(train.stdout).toMatch(/^The training takes [\d]+\.\d{6} second to finish$/m);
    const accuracy = /^test accuracy ([\d.]+)$/m.exec(train.stdout)?.[1];
    expect(accuracy).toBeDefined();
    const again = nnlab(['mnist', '--steps', '0', '--data-dir', dir, '--load', weights, ...QUICK]);
    expect(again.code, again.stderr).toBe(0);
    expect(/^test accuracy ([\d.]+)$/m.exec(again.stdout)?.[1]).toBe(accuracy);
  });

  it('--keep-prob sets the dropout: 1 (none) trains differently from the default 0.5, and is recorded', () => {
    const quick = ['mnist', '--steps', '3', '--eval-limit', '100', '--print-every', '1', '--eval-every', '1000'];
    const lines = (extra: string[]) =>
      nnlab([...quick, ...extra])
        .stdout.split('\n')
        .filter((l) => l.startsWith('step '));
    const half = lines([]);
    expect(lines(['--keep-prob', '0.5'])).toEqual(half);
    const none = lines(['--keep-prob', '1']);
    expect(none).toHaveLength(half.length);
    expect(none).not.toEqual(half);
    expect(none[0]).toBe(half[0]); // step 0's accuracy is measured before any update
  });

  it('copes with a data folder of copies as well as links', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-copy-'));
    for (const base of Object.values(MNIST_FILE_NAMES)) copyFileSync(join(source, base), join(dir, base));
    const run = nnlab(['mnist', '--steps', '0', '--data-dir', dir, '--eval-limit', '20']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^test accuracy/m);
  });
});
