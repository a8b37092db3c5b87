import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/data-error.js';
import {
  type LoadMnistOptions,
  loadMnistFromUrls,
  MNIST_URL_FOLDER,
  mnistFromFiles,
  type NamedBlob,
} from '../../src/data/mnist/fetch-mnist.js';
import { MNIST_FILE_NAMES, type Mnist, type MnistFiles, parseMnist } from '../../src/data/mnist/mnist.js';
import { defaultMnistDir, loadMnist } from '../../src/node/mnist-files.js';
import { idx } from '../helpers/idx.js';
import { serveStatic } from '../helpers/static-server.js';

type Role = keyof typeof MNIST_FILE_NAMES;
const ROLES = Object.keys(MNIST_FILE_NAMES) as Role[];

// Just over the 5 000 validation images parseMnist holds out, so that a training split remains.
const TRAIN = 5003;
const TEST = 7;

/** `idx`'s file, for many values: its Array.from copy of 47 M values would take seconds. */
function bigIdx(dims: number[], data: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = idx(dims, []);
  const whole = new Uint8Array(out.length + data.length);
  whole.set(out);
  whole.set(data, out.length);
  return whole;
}

function imagesFile(count: number, seed: number): Uint8Array<ArrayBuffer> {
  const data = new Uint8Array(count * 784);
  for (let i = 0; i < data.length; i++) data[i] = (i * 31 + seed) & 0xff;
  return bigIdx([count, 28, 28], data);
}

function labelsFile(count: number, seed: number): Uint8Array<ArrayBuffer> {
  return bigIdx(
    [count],
    Uint8Array.from({ length: count }, (_, i) => (i * 3 + seed) % 10),
  );
}

const RAW: Record<Role, Uint8Array<ArrayBuffer>> = {
  trainImages: imagesFile(TRAIN, 1),
  trainLabels: labelsFile(TRAIN, 2),
  testImages: imagesFile(TEST, 3),
  testLabels: labelsFile(TEST, 4),
};
const GZ = Object.fromEntries(ROLES.map((r) => [r, gzipSync(RAW[r], { level: 1 })])) as Record<
  Role,
  Buffer<ArrayBuffer>
>;
const EXPECTED = parseMnist(
  Object.fromEntries(ROLES.map((r) => [r, { bytes: RAW[r], name: r }])) as unknown as MnistFiles,
);

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);
function expectSame(actual: Mnist, expected: Mnist): void {
  for (const split of ['train', 'validation', 'test'] as const) {
    expect(actual[split].count, split).toBe(expected[split].count);
    expect(same(actual[split].images, expected[split].images), `${split} images`).toBe(true);
    expect(same(actual[split].labels, expected[split].labels), `${split} labels`).toBe(true);
  }
}

/** What `promise` rejects with, which must be a DataError: the one line the user sees. */
async function dataError(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return (error as DataError).message;
}

/** What the test server answers for one path. */
interface Served {
  body: Uint8Array;
  type?: string;
  /** Send Content-Length (default) or stream the body chunked, without a length. */
  length?: boolean;
  encoding?: string;
  status?: number;
}

describe('loadMnistFromUrls and mnistFromFiles', () => {
  // A local server of `files` by path (everything else a 404), logging the paths asked for.
  let files = new Map<string, Served>();
  const asked: string[] = [];
  const server = createServer((req, res) => {
    asked.push(req.url ?? '');
    const file = files.get(req.url ?? '');
    if (!file) return void res.writeHead(404).end();
    const headers: Record<string, string> = { 'Content-Type': file.type ?? 'application/octet-stream' };
    if (file.length !== false) headers['Content-Length'] = String(file.body.length);
    if (file.encoding) headers['Content-Encoding'] = file.encoding;
    res.writeHead(file.status ?? 200, headers);
    // In pieces, so that the client sees several chunks even on a fast local connection.
    for (let i = 0; i < file.body.length; i += 1 << 16) res.write(file.body.subarray(i, i + (1 << 16)));
    res.end();
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${MNIST_URL_FOLDER}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  /** Serves `by` (role → how), at the role's name plus `suffix`; forgets what was served before. */
  function serve(by: Partial<Record<Role, Served>>, suffix = ''): void {
    files = new Map();
    asked.length = 0;
    for (const [role, served] of Object.entries(by)) {
      files.set(`/${MNIST_URL_FOLDER}${MNIST_FILE_NAMES[role as Role]}${suffix}`, served);
    }
  }
  const byRole = (make: (role: Role) => Served) =>
    Object.fromEntries(ROLES.map((r) => [r, make(r)])) as Record<Role, Served>;

  /** The progress calls of one load, by file. */
  function recorder(): { calls: Map<string, Array<[number, number | undefined]>>; options: LoadMnistOptions } {
    const calls = new Map<string, Array<[number, number | undefined]>>();
    const onProgress = (loaded: number, total: number | undefined, file: string) => {
      if (!calls.has(file)) calls.set(file, []);
      calls.get(file)?.push([loaded, total]);
    };
    return { calls, options: { onProgress } };
  }
  function expectProgress(calls: Array<[number, number | undefined]> | undefined, size: number, known: boolean): void {
    expect(calls?.length).toBeGreaterThan(1);
    const list = calls ?? [];
    expect(list[0]?.[0]).toBe(0);
    for (let i = 1; i < list.length; i++) expect(list[i]?.[0]).toBeGreaterThanOrEqual(list[i - 1]?.[0] ?? 0);
    for (const [, total] of list.slice(0, -1)) expect(total).toBe(known ? size : undefined);
    expect(list.at(-1)).toEqual([size, size]);
  }

  it('reads the gzipped copies when the raw files are a 404, with progress over the compressed bytes', async () => {
    serve(
      byRole((r) => ({ body: GZ[r], type: 'application/gzip' })),
      '.gz',
    );
    const { calls, options } = recorder();
    expectSame(await loadMnistFromUrls(base, options), EXPECTED);
    expect([...calls.keys()].sort()).toEqual(ROLES.map((r) => `${MNIST_FILE_NAMES[r]}.gz`).sort());
    for (const r of ROLES) expectProgress(calls.get(`${MNIST_FILE_NAMES[r]}.gz`), GZ[r].length, true);
    // The raw name first, then the .gz: one call for either kind of server.
    const path = `/${MNIST_URL_FOLDER}${MNIST_FILE_NAMES.trainImages}`;
    expect(asked.filter((p) => p.startsWith(path))).toEqual([path, `${path}.gz`]);
  });

  it('reads raw files sent without a length, the total known only at the end; a base without its slash', async () => {
    serve(byRole((r) => ({ body: RAW[r], length: false })));
    const { calls, options } = recorder();
    expectSame(await loadMnistFromUrls(base.slice(0, -1), options), EXPECTED);
    for (const r of ROLES) expectProgress(calls.get(MNIST_FILE_NAMES[r]), RAW[r].length, false);
    expect(calls.get(MNIST_FILE_NAMES.trainImages)?.length).toBeGreaterThan(10);
    expect(asked.some((p) => p.endsWith('.gz'))).toBe(false);
  });

  it('reads files the server gzips on the way (Content-Encoding), the length then being no total', async () => {
    serve(byRole((r) => ({ body: GZ[r], encoding: 'gzip' })));
    const { calls, options } = recorder();
    expectSame(await loadMnistFromUrls(new URL(base), options), EXPECTED);
    expectProgress(calls.get(MNIST_FILE_NAMES.trainImages), RAW.trainImages.length, false);
  });

  it('takes a host’s fallback web page for a missing file', async () => {
    serve(
      byRole((r) => ({ body: GZ[r] })),
      '.gz',
    );
    const html = Buffer.from('<!doctype html><title>app</title>');
    for (const r of ROLES) files.set(`/${MNIST_URL_FOLDER}${MNIST_FILE_NAMES[r]}`, { body: html, type: 'text/html' });
    expectSame(await loadMnistFromUrls(base), EXPECTED);
    files.delete(`/${MNIST_URL_FOLDER}${MNIST_FILE_NAMES.testLabels}.gz`);
    expect(await dataError(loadMnistFromUrls(base))).toBe(
      `${base}t10k-labels-idx1-ubyte: not found (a web page), nor t10k-labels-idx1-ubyte.gz (HTTP 404)`,
    );
  });

  it('names the file in one line: missing, HTTP errors, corrupt gzip, labels for images, truncated', async () => {
    const cases: Array<[Partial<Record<Role, Served>>, string]> = [
      [
        { trainImages: undefined },
        'train-images-idx3-ubyte: not found (HTTP 404), nor train-images-idx3-ubyte.gz (HTTP 404)',
      ],
      [
        { trainLabels: { body: RAW.trainLabels, status: 500 } },
        'train-labels-idx1-ubyte: HTTP 500 Internal Server Error',
      ],
      [
        { testImages: { body: GZ.testImages.subarray(0, 200) } },
        't10k-images-idx3-ubyte: cannot decompress: truncated or corrupt gzip data',
      ],
      [
        { trainImages: { body: RAW.trainLabels } },
        'train-images-idx3-ubyte: holds labels, where the training images are expected',
      ],
      [
        { testLabels: { body: RAW.testImages } },
        't10k-labels-idx1-ubyte: holds images, where the test labels are expected',
      ],
      [
        { testImages: { body: RAW.testImages.subarray(0, -1) } },
        't10k-images-idx3-ubyte: truncated: dimensions 7×28×28 need 5488 bytes of data, found 5487',
      ],
      [
        { testLabels: { body: Buffer.from('not mnist at all') } },
        't10k-labels-idx1-ubyte: not an IDX file of unsigned bytes (magic number 0x6e6f7420)',
      ],
    ];
    for (const [changes, message] of cases) {
      const by: Partial<Record<Role, Served>> = byRole((r) => ({ body: RAW[r] }));
      for (const [role, served] of Object.entries(changes)) {
        if (served) by[role as Role] = served;
        else delete by[role as Role];
      }
      serve(by);
      expect(await dataError(loadMnistFromUrls(base)), message).toBe(base + message);
    }
  });

  it('turns network failures into one line, and stops the other downloads', async () => {
    const signals: AbortSignal[] = [];
    const failing: typeof fetch = async (input, init) => {
      if (init?.signal) signals.push(init.signal);
      if (String(input).endsWith(MNIST_FILE_NAMES.testLabels)) throw new TypeError('Failed to fetch');
      return new Promise<Response>(() => {});
    };
    expect(await dataError(loadMnistFromUrls('/data/', { fetch: failing }))).toBe(
      '/data/t10k-labels-idx1-ubyte: cannot fetch (Failed to fetch)',
    );
    expect(signals).toHaveLength(4);
    expect(signals.every((s) => s.aborted)).toBe(true);

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await dataError(loadMnistFromUrls(`http://127.0.0.1:${port}/mnist/`))).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/mnist\/[a-z0-9-]+: cannot fetch \(fetch failed: connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
    );
  });

  const PACKAGE = Object.fromEntries(
    ROLES.map((r) => [r, readFileSync(join(defaultMnistDir(), MNIST_FILE_NAMES[r]))]),
  ) as Record<Role, Buffer<ArrayBuffer>>;
  const named = (bytes: Uint8Array<ArrayBuffer>, name: string): NamedBlob => Object.assign(new Blob([bytes]), { name });

  it('reads the picked package files, in any order, as loadMnist does', async () => {
    const picked = [...ROLES].reverse().map((r) => new File([PACKAGE[r]], MNIST_FILE_NAMES[r]));
    expectSame(await mnistFromFiles(picked), loadMnist());
  });

  it('reads Fashion-MNIST-like files, gzipped, under any names, told apart by their headers', async () => {
    const fashion: Record<Role, Uint8Array<ArrayBuffer>> = {
      trainImages: imagesFile(60000, 11),
      trainLabels: labelsFile(60000, 12),
      testImages: imagesFile(10000, 13),
      testLabels: labelsFile(10000, 14),
    };
    const picked = ROLES.map((r, i) => named(gzipSync(fashion[r], { level: 1 }), `fashion-${i}.gz`));
    const expected = parseMnist(
      Object.fromEntries(ROLES.map((r) => [r, { bytes: fashion[r], name: r }])) as unknown as MnistFiles,
    );
    expectSame(await mnistFromFiles([picked[2], picked[0], picked[3], picked[1]] as NamedBlob[]), expected);
  });

  it('says in one line what is wrong with the picked files', async () => {
    const real = (r: Role) => named(PACKAGE[r], MNIST_FILE_NAMES[r]);
    const others = (r: Role) => ROLES.filter((o) => o !== r).map(real);
    const badImages = Buffer.from(PACKAGE.testImages);
    // As many pixels per image, in another shape.
    badImages.writeUInt32BE(16, 8);
    badImages.writeUInt32BE(49, 12);
    const cases: Array<[NamedBlob[], string]> = [
      [
        [...others('testLabels'), named(gzipSync('hello, world'), 't10k-labels.gz')],
        't10k-labels.gz: not an IDX file of unsigned bytes (magic number 0x68656c6c)',
      ],
      [others('trainImages'), 'missing the training images'],
      [others('trainImages').slice(1), 'missing the training images and the training labels'],
      [[], 'missing the training images, the training labels, the test images and the test labels'],
      [
        [...ROLES.map(real), named(PACKAGE.testLabels, 'copy')],
        't10k-labels-idx1-ubyte and copy are both the test labels',
      ],
      [
        [...others('testImages'), named(PACKAGE.testImages.subarray(0, -3), 'test.idx')],
        'test.idx: truncated: dimensions 10000×28×28 need 7840000 bytes of data, found 7839997',
      ],
      [
        [...others('testLabels'), named(labelsFile(5, 0), 'five')],
        'five: 5 labels, where MNIST has 60000 (training) or 10000 (test)',
      ],
      [[...others('testImages'), named(badImages, 'wide')], "wide: images are 16×49, MNIST's are 28×28"],
      [
        [...others('testImages'), named(gzipSync(PACKAGE.testImages).subarray(0, 5000), 'cut.gz')],
        'cut.gz: cannot decompress: truncated or corrupt gzip data',
      ],
      [[...others('trainLabels'), named(new Uint8Array(2), 'tiny')], 'tiny: too short to be an IDX file (2 bytes)'],
    ];
    for (const [picked, message] of cases) {
      expect(await dataError(mnistFromFiles(picked)), message).toBe(message);
    }
  });

  // `npm run build:playground` makes it; a `vitest run` without that build skips the test.
  const build = fileURLToPath(new URL('../../dist/web/playground', import.meta.url));
  const built = join(build, MNIST_URL_FOLDER);
  it.skipIf(!existsSync(built))(
    'the static build’s .gz copies are the package’s files, and load as MNIST',
    async () => {
      const copies = Object.fromEntries(
        ROLES.map((r) => [r, readFileSync(join(built, `${MNIST_FILE_NAMES[r]}.gz`))]),
      ) as Record<Role, Buffer<ArrayBuffer>>;
      for (const r of ROLES) expect(gunzipSync(copies[r]).equals(PACKAGE[r]), r).toBe(true);
      // The whole build, as a static host serves it: the raw names are 404s there.
      const host = await serveStatic(build);
      try {
        expectSame(await loadMnistFromUrls(`${host.url}/${MNIST_URL_FOLDER}`), loadMnist());
      } finally {
        await host.close();
      }
    },
  );
});
