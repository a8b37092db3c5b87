import { DataError } from '../data-error.js';
import { type IdxArray, parseIdx } from './idx.js';

/** Side of an MNIST image in pixels. */
export const MNIST_SIDE = 28;
/** Pixels per image. */
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE;
/** Number of classes (digits). */
export const MNIST_CLASSES = 10;
/** Training images held out for validation, as TensorFlow's classic reader. */
export const VALIDATION_SIZE = 5000;

/** The standard MNIST file names (each may also be gzipped, with `.gz`), by the role of each file. */
export const MNIST_FILE_NAMES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

/** Images (bytes 0–255, `count × 784`) with their digit labels. */
export interface MnistSplit {
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

/** The three splits: 55 000 training, 5 000 validation (the first training images), 10 000 test. */
export interface Mnist {
  readonly train: MnistSplit;
  readonly validation: MnistSplit;
  readonly test: MnistSplit;
}

/** The four raw IDX files (already decompressed) and the names to report them by. */
export interface MnistFiles {
  trainImages: { bytes: Uint8Array; name: string };
  trainLabels: { bytes: Uint8Array; name: string };
  testImages: { bytes: Uint8Array; name: string };
  testLabels: { bytes: Uint8Array; name: string };
}

/**
 * Parses and checks the four MNIST files (28×28 images, labels 0–9, as many labels as
 * images) and splits them as TensorFlow's `read_data_sets` does.
 */
export function parseMnist(files: MnistFiles, validationSize = VALIDATION_SIZE): Mnist {
  const train = split(files.trainImages, files.trainLabels);
  const test = split(files.testImages, files.testLabels);
  if (!(validationSize >= 0 && validationSize < train.count)) {
    throw new DataError(`validation size ${validationSize} must be below the ${train.count} training images`);
  }
  return {
    validation: slice(train, 0, validationSize),
    train: slice(train, validationSize, train.count),
    test,
  };
}

function split(images: { bytes: Uint8Array; name: string }, labels: { bytes: Uint8Array; name: string }): MnistSplit {
  const img: IdxArray = parseIdx(images.bytes, images.name, 3);
  const lab: IdxArray = parseIdx(labels.bytes, labels.name, 1);
  const [count, rows, cols] = img.dims as [number, number, number];
  if (rows !== MNIST_SIDE || cols !== MNIST_SIDE) {
    throw new DataError(`${images.name}: images are ${rows}×${cols}, MNIST's are 28×28`);
  }
  if (lab.dims[0] !== count) {
    throw new DataError(`${labels.name}: ${lab.dims[0]} labels for the ${count} images of ${images.name}`);
  }
  const bad = lab.data.findIndex((l) => l >= MNIST_CLASSES);
  if (bad >= 0) throw new DataError(`${labels.name}: label ${lab.data[bad]} at index ${bad} is not a digit 0–9`);
  return { images: img.data, labels: lab.data, count };
}

function slice(s: MnistSplit, from: number, to: number): MnistSplit {
  return {
    images: s.images.subarray(from * MNIST_PIXELS, to * MNIST_PIXELS),
    labels: s.labels.subarray(from, to),
    count: to - from,
  };
}
