import type { Command } from 'commander';
import { startPlayground } from '../node/playground/server.js';
import { integerAtLeast } from './parsers.js';
import { checkServeAddress, serveError, serveUntilStopped } from './serving.js';

interface PlaygroundCommandOptions {
  port: number;
  host: string;
}

/** Adds `playground`: the browser app that trains the course's toy networks live. */
export function registerPlaygroundCommand(program: Command, write: (line: string) => void): void {
  program
    .command('playground')
    .description("serve the playground: train the course's toy networks live in the browser, on nnlab's exact engine")
    .option('--port <n>', 'port to listen on (0: a free port chosen by the system)', integerAtLeast(0), 6007)
    .option('--host <address>', 'address to bind (0.0.0.0 shares the playground with your network)', '127.0.0.1')
    .addHelpText('after', '\nExample:\n  nnlab playground\n  then open http://127.0.0.1:6007 in a browser.')
    .action((o: PlaygroundCommandOptions) => runPlayground(o, write));
}

async function runPlayground(o: PlaygroundCommandOptions, write: (line: string) => void): Promise<void> {
  checkServeAddress(o);
  const playground = await startPlayground({ port: o.port, host: o.host }).catch((error: unknown) => {
    throw serveError(error, o);
  });
  write(`nnlab playground: serving at ${playground.url}/ (Ctrl-C to stop)`);
  await serveUntilStopped(() => playground.close());
}
