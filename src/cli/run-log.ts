import { join } from 'node:path';
import type { Command } from 'commander';
import { EventFile } from '../node/event-file.js';
import { asUsageError, UsageError } from './usage-error.js';

/** Options every training command takes for summaries. */
export interface LogOptions {
  logdir?: string;
  run?: string;
}

/** Adds `--logdir` and `--run` to a command. */
export function addLogOptions(command: Command): Command {
  return command
    .option('--logdir <dir>', 'write TensorBoard summaries (event files) to a run folder under DIR')
    .option('--run <name>', 'name of the run folder (default: from the options and the time)');
}

/**
 * Opens the run's event file when `--logdir` is given, and logs the configuration as
 * a Markdown table of options (TensorBoard's Text tab).
 */
export function openRunLog(o: LogOptions, defaultName: string, config: Record<string, unknown>): EventFile | undefined {
  const { logdir } = o;
  if (logdir === undefined) return undefined;
  const name =
    o.run ?? `${defaultName}-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
  if (name.includes('/') || name.includes('\\') || name === '..')
    throw new UsageError(`run name ${name} must be a plain folder name`);
  const file = asUsageError(() => new EventFile(join(logdir, name)));
  const rows = Object.entries(config)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `| ${k} | ${Array.isArray(v) ? v.join(', ') : String(v)} |`);
  file.writer.text('config', ['| option | value |', '| --- | --- |', ...rows].join('\n'), 0);
  return file;
}
