import { AppNotBuiltError } from '../node/web-app/static-app.js';
import { UsageError } from './usage-error.js';

// What `nnlab board` and `nnlab playground` share: checking --port/--host, turning a
// failed start into one line, and serving until Ctrl-C.

/** Where a server is asked to listen: the commands' `--port` and `--host`. */
export interface ServeAddress {
  port: number;
  host: string;
}

/** Refuses a port above 65535 and an empty host, before anything starts. */
export function checkServeAddress({ port, host }: ServeAddress): void {
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  // An empty host would make Node listen on every interface.
  if (host.trim() === '') throw new UsageError('--host must name an address (127.0.0.1, 0.0.0.0, …)');
}

/**
 * The error to throw for a server that failed to start: a {@link UsageError} for what
 * the user can fix (a port in use or forbidden, an address that is not here, an app not
 * built), anything else unchanged. Use as `.catch((e) => { throw serveError(e, address); })`.
 */
export function serveError(error: unknown, { port, host }: ServeAddress): unknown {
  if (error instanceof AppNotBuiltError) return new UsageError(error.message);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new UsageError(`port ${port} is in use: pick another with --port`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new UsageError(`cannot listen on ${host}: no such address here`);
  if (code === 'EACCES') return new UsageError(`no permission to listen on port ${port}`);
  return error;
}

/** Resolves once SIGINT or SIGTERM came and `close` has finished (or failed: the process is ending anyway). */
export function serveUntilStopped(close: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
