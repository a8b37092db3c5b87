import type { Command } from 'commander';
import { startBoard } from '../node/board/server.js';
import { integerAtLeast, numberAtLeast } from './parsers.js';
import { checkServeAddress, serveError, serveUntilStopped } from './serving.js';
import { UsageError } from './usage-error.js';

interface BoardCommandOptions {
  logdir: string;
  port: number;
  host: string;
  reloadInterval: number;
}

/** Adds `board`: the dashboard over a log directory. */
export function registerBoardCommand(program: Command, write: (line: string) => void): void {
  program
    .command('board')
    .description(
      'serve the dashboard: scalars, distributions, histograms, images and configs of the runs in a log directory',
    )
    .option('--logdir <dir>', 'folder of runs (event files of nnlab, TensorBoard or PyTorch)', 'runs')
    .option('--port <n>', 'port to listen on (0: a free port chosen by the system)', integerAtLeast(0), 6006)
    .option('--host <address>', 'address to bind (0.0.0.0 shares the board with your network)', '127.0.0.1')
    .option('--reload-interval <seconds>', 'how often to look for new runs and records', numberAtLeast(0.1), 1)
    .addHelpText(
      'after',
      '\nExample:\n  nnlab mnist --logdir runs --run relu & nnlab board --logdir runs\n  then open http://127.0.0.1:6006 (new runs and records appear without reloading).',
    )
    .action((o: BoardCommandOptions) => runBoard(o, write));
}

async function runBoard(o: BoardCommandOptions, write: (line: string) => void): Promise<void> {
  checkServeAddress(o);
  if (o.reloadInterval > 86400)
    throw new UsageError(`--reload-interval must be at most 86400 seconds, got ${o.reloadInterval}`);
  const board = await startBoard({
    logdir: o.logdir,
    port: o.port,
    host: o.host,
    pollMs: o.reloadInterval * 1000,
  }).catch((error: unknown) => {
    throw serveError(error, o);
  });
  const runs = board.store.runs.size;
  write(
    board.store.exists
      ? `nnlab board: ${runs} run${runs === 1 ? '' : 's'} in ${board.store.root}`
      : `nnlab board: ${board.store.root} does not exist yet; runs will appear as they are written`,
  );
  write(`serving at ${board.url}/ (Ctrl-C to stop)`);
  await serveUntilStopped(() => board.close());
}
