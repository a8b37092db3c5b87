import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { BIN } from './cli.js';

/** A long-running `nnlab` server started as a child process. */
export interface ServingChild {
  child: ChildProcessWithoutNullStreams;
  /** The URL it printed after "serving at", without the trailing slash. */
  url: string;
  /** Its standard output up to that line. */
  out: string;
}

/** Starts `nnlab args…` and resolves once it prints `serving at http://127.0.0.1:PORT/`; rejects if it exits first. */
export function startServing(args: string[]): Promise<ServingChild> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /serving at (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], out });
    });
    child.on('exit', () => reject(new Error(`nnlab ${args.join(' ')} exited: ${out}${err}`)));
  });
}

/** Sends `signal` and resolves with the exit code (at once if it has already exited). */
export function stopChild(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.on('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

/** A port held by a listener on 127.0.0.1, to test "port in use"; close it when done. */
export async function takenPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, server };
}
