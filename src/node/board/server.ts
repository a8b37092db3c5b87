import { createReadStream } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import type { PointLimits } from '../../board/run-series.js';
import { DataError } from '../../data/data-error.js';
import { hostAllowed } from '../web-app/host-check.js';
import {
  appFolder,
  closeServer,
  createAppServer,
  listen,
  requestPath,
  securityHeaders,
  sendAppFile,
  sendJson as sendJsonWith,
} from '../web-app/static-app.js';
import { apiResponse } from './api-routes.js';
import { LogdirStore } from './logdir-store.js';

/** Where `npm run build` puts the web app (dist/web/board), from src/ and dist/ alike. */
const APP_ROOT = fileURLToPath(new URL('../../../dist/web/board/', import.meta.url));

const SECURITY_HEADERS = securityHeaders(
  "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; connect-src 'self'",
);

/** Options of {@link startBoard}. */
export interface BoardOptions {
  logdir: string;
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** How often the log directory is read for new runs and records. */
  pollMs?: number;
  /** Most histograms and images kept per tag (default: 1000 and 200); beyond that, series are thinned evenly. */
  keep?: PointLimits;
  /** The web app's folder (default: the built one in dist/web/board). */
  appRoot?: string;
}

/** A running board. */
export interface Board {
  url: string;
  store: LogdirStore;
  close(): Promise<void>;
}

/**
 * Serves the dashboard: the web app, a JSON API over the runs under `logdir`, live
 * change notices (server-sent events), and the raw event files — nothing else: paths
 * are checked against the app folder and the list of known event files, so `../` and
 * other files are refused. The log directory is read again every `pollMs`.
 */
export async function startBoard(options: BoardOptions): Promise<Board> {
  const appRoot = await appFolder(options.appRoot ?? APP_ROOT, "the dashboard's");
  let store: LogdirStore;
  try {
    store = await LogdirStore.open(options.logdir, options.keep);
  } catch (error) {
    throw new DataError(`cannot open log directory ${options.logdir}: ${(error as Error).message}`);
  }
  const host = options.host ?? '127.0.0.1';
  const clients = new Set<ServerResponse>();
  let announced = store.version;
  /** Reads the log directory again and tells every open page when anything changed, whoever asked. */
  const refresh = async () => {
    await store.refresh();
    if (store.version === announced) return;
    announced = store.version;
    for (const res of clients) res.write(`data: ${JSON.stringify({ version: announced })}\n\n`);
  };

  const server: Server = createAppServer(handle, SECURITY_HEADERS);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req.headers.host, host)) return sendJson(res, 403, { error: 'unexpected Host header' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'only GET is served' });
    const checked = requestPath(req.url);
    if ('refused' in checked)
      return checked.refused === 400
        ? sendJson(res, 400, { error: 'malformed path' })
        : sendJson(res, 403, { error: 'paths outside the log directory are refused' });
    const { path } = checked;
    const url = new URL(req.url ?? '/', 'http://board');

    if (path === '/api/events') return openEvents(res);
    if (path.startsWith('/api/')) {
      // The run list is read fresh; series are served as of it (pages ask for the list first,
      // then for the series of the versions it names), so a page's many card requests do not
      // each walk the log directory again.
      if (path === '/api/runs') await refresh();
      const answer = apiResponse(store, path, url.searchParams);
      if (answer.kind === 'json') return sendJson(res, answer.status, answer.body);
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': answer.type, 'Cache-Control': 'no-cache' });
      res.end(answer.bytes);
      return;
    }
    if (path.startsWith('/logdir/')) return sendEventFile(res, path.slice('/logdir/'.length));
    return sendAppFile(res, appRoot, path, SECURITY_HEADERS);
  }

  function openEvents(res: ServerResponse): void {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    res.write(`retry: 2000\ndata: ${JSON.stringify({ version: store.version })}\n\n`);
    clients.add(res);
    res.on('close', () => clients.delete(res));
  }

  async function sendEventFile(res: ServerResponse, rel: string): Promise<void> {
    const file = await store.eventFilePath(rel);
    if (!file) return sendJson(res, 404, { error: 'not an event file of this log directory' });
    const stream = createReadStream(file);
    // Open first, so a file gone since the last walk is a 404 rather than a broken response.
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    }).then(
      () => {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/octet-stream' });
        // pipeline closes the file when the client goes away mid-download.
        pipeline(stream, res).catch(() => {});
      },
      () => sendJson(res, 404, { error: 'the event file is gone' }),
    );
  }

  const url = await listen(server, options.port ?? 6006, host);
  const timer = setInterval(() => {
    refresh().catch(() => {
      // A folder vanishing mid-walk: the next refresh sees the new state.
    });
  }, options.pollMs ?? 1000);
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': keep-alive\n\n');
  }, 15_000);
  return {
    url,
    store,
    close: () => {
      clearInterval(timer);
      clearInterval(heartbeat);
      for (const res of clients) res.end();
      return closeServer(server);
    },
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  sendJsonWith(res, status, body, SECURITY_HEADERS);
}
