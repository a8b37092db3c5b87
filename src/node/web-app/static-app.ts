import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

// What the board and the playground servers share: both serve a Vite build from one
// folder on a local address, and nothing else from the disk.

/** Content types of what a built web app holds; anything else goes out as octet-stream. */
export const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  // Browsers compile a streamed module only when it is served as application/wasm.
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Headers by name. */
export type ResponseHeaders = Readonly<Record<string, string>>;

/** The headers of every response of a local web app: no type sniffing, no referrer, `csp` as its Content-Security-Policy. */
export function securityHeaders(csp: string): ResponseHeaders {
  return { 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': csp, 'Referrer-Policy': 'no-referrer' };
}

/** A web app's folder without its index.html: `npm run build` has not made it yet. */
export class AppNotBuiltError extends Error {
  override readonly name = 'AppNotBuiltError';
}

/**
 * The app's folder, resolved and ending in a separator (so that a prefix check cannot
 * accept a sibling such as `board-old/`), once its index.html is known to exist; `whose`
 * names the app in the error ("the dashboard's").
 */
export async function appFolder(dir: string, whose: string): Promise<string> {
  const resolved = resolve(dir);
  const root = resolved.endsWith(sep) ? resolved : resolved + sep;
  try {
    await stat(join(root, 'index.html'));
  } catch {
    throw new AppNotBuiltError(`${whose} web app is not built (${root}index.html is missing): run npm run build`);
  }
  return root;
}

/**
 * A request's path, %-decoded, without its query; or the status that refuses it: 400 for
 * malformed %-escapes, 403 for a `..` segment or a NUL. Dot segments are refused as sent,
 * plain or %-encoded, with `/` or `\`: a URL parser would quietly resolve them.
 */
export function requestPath(url: string | undefined): { path: string } | { refused: 400 | 403 } {
  const raw = (url ?? '/').split('?')[0] ?? '/';
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return { refused: 400 };
  }
  if (path.includes('\0') || path.split(/[/\\]/).some((segment) => segment === '..')) return { refused: 403 };
  return { path };
}

/** Answers with `body` as JSON, never cached. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: ResponseHeaders): void {
  res.writeHead(status, { ...headers, 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
  res.end(JSON.stringify(body));
}

/**
 * Answers with a file of the app folder `root` (from {@link appFolder}): `/` is
 * index.html; `/assets/` (Vite's content-hashed names) is cached for good, the rest is
 * checked again each time; a missing file is a 404.
 */
export async function sendAppFile(
  res: ServerResponse,
  root: string,
  path: string,
  headers: ResponseHeaders,
): Promise<void> {
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root)) return sendJson(res, 403, { error: 'refused' }, headers);
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      ...headers,
      'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'Cache-Control': path.startsWith('/assets/') ? 'max-age=31536000, immutable' : 'no-cache',
    });
    res.end(body);
  } catch {
    sendJson(res, 404, { error: 'not found' }, headers);
  }
}

/** An HTTP server running `handle` for each request; a failure it throws becomes a 500 (or ends a started response). */
export function createAppServer(
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  headers: ResponseHeaders,
): Server {
  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: (error as Error).message }, headers);
      else res.end();
    });
  });
}

/**
 * Listens on `host`:`port` (0: a free port) and returns the server's URL, without a
 * trailing slash; a server on every IPv4 interface is shown at 127.0.0.1. Rejects with
 * the listen error (its `code`: EADDRINUSE, EACCES, …).
 */
export async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${bound}`;
}

/** Stops listening and drops the open connections (kept-alive ones would hold `close` back). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
