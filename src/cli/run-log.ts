import { join } from 'node:path';
import type { Command } from 'commander';
import { EventFile } from '../node/event-file.js';
import type { HParamValue, SessionStatus } from '../summary/hparams.js';
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

/** The hparam that names a repeat of a configuration rather than another configuration. */
export const SEED_HPARAM = 'seed';

/**
 * The session group of a run (TensorBoard's `group_name`): its hyperparameters but the
 * seed, as `name=value` pairs in order, so runs that differ only in seed share a group.
 */
export function sessionGroup(hparams: Record<string, HParamValue>): string {
  return Object.entries(hparams)
    .filter(([name]) => name !== SEED_HPARAM)
    .map(([name, value]) => `${name}=${value}`)
    .join(',');
}

/**
 * Opens the run's event file when `--logdir` is given, logs the configuration as a
 * Markdown table of options (TensorBoard's Text tab) and the run's hyperparameters as
 * an hparams session start (TensorBoard's HPARAMS tab, the board's Experiments view).
 */
export function openRunLog(
  o: LogOptions,
  defaultName: string,
  config: Record<string, unknown>,
  hparams: Record<string, HParamValue>,
): EventFile | undefined {
  const { logdir } = o;
  if (logdir === undefined) return undefined;
  const name =
    o.run ?? `${defaultName}-${new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}`;
  if (name.includes('/') || name.includes('\\') || name === '..' || name === '.')
    throw new UsageError(`run name ${name} must be a plain folder name`);
  const file = asUsageError(() => new EventFile(join(logdir, name)));
  const rows = Object.entries(config)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `| ${k} | ${Array.isArray(v) ? v.join(', ') : String(v)} |`);
  file.writer.text('config', ['| option | value |', '| --- | --- |', ...rows].join('\n'), 0);
  file.writer.hparams({
    kind: 'sessionStart',
    sessionStart: { hparams, groupName: sessionGroup(hparams), startTimeSecs: Date.now() / 1000 },
  });
  return file;
}

/** Ends a run's log: its hparams session end (how it ended), then the file is flushed and closed. */
export function closeRunLog(file: EventFile, status: SessionStatus): void {
  file.writer.hparams({ kind: 'sessionEnd', sessionEnd: { status, endTimeSecs: Date.now() / 1000 } });
  file.close();
}
