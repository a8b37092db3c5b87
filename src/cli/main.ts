import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { DataError } from '../data/data-error.js';
import { registerBenchCommand } from './bench-command.js';
import { registerBoardCommand } from './board-command.js';
import { registerMnistCommand } from './mnist-command.js';
import { registerPlaygroundCommand } from './playground-command.js';
import { registerSweepCommand } from './sweep-command.js';
import { registerToyCommands } from './toy-commands.js';
import { ExitError, UsageError } from './usage-error.js';

/** Exit code for bad input (usage, values, data). */
export const EXIT_USAGE = 2;

/** Builds the `nnlab` program; `write` receives each line of normal output. */
export function buildProgram(write: (line: string) => void): Command {
  const program = new Command('nnlab')
    .description('Build, train and look inside small neural networks.')
    .version(PACKAGE_VERSION, '-V, --version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // Commander may add a suggestion on a second line: keep every error to one line.
      outputError: (message, out) =>
        out(
          `nnlab: ${message
            .replace(/^error: /, '')
            .replace(/\s*\n\s*/g, ' ')
            .trim()}\n`,
        ),
    });
  registerToyCommands(program, write);
  registerMnistCommand(program, write);
  registerSweepCommand(program, write);
  registerBoardCommand(program, write);
  registerPlaygroundCommand(program, write);
  registerBenchCommand(program, write);
  for (const sub of program.commands) sub.exitOverride();
  return program;
}

// dist/cli/main.js and src/cli/main.ts both sit two folders below package.json.
const PACKAGE_VERSION = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

/**
 * Runs the command line and returns the exit code: 0 on success, 2 for bad input
 * (one line on stderr), 1 for an unexpected failure (one line; the stack with NNLAB_DEBUG=1).
 */
export async function main(argv: readonly string[]): Promise<number> {
  // Output piped into a reader that stops early (`nnlab classic | head`): stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram((line) => process.stdout.write(`${line}\n`));
  if (argv.length <= 2) {
    process.stderr.write(program.helpInformation());
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof ExitError) {
      process.stderr.write(`nnlab: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof UsageError || error instanceof DataError) {
      process.stderr.write(`nnlab: ${error.message}\n`);
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`nnlab: internal error: ${message}\n`);
    if (process.env.NNLAB_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
