import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDuration } from '../progress.js';
import type { SweepCommand, Trial } from './plan.js';
import type { TrialStatus } from './results.js';

/** The nnlab command a trial runs (dist/cli/sweep/ and src/cli/sweep/ both sit three folders below bin/). */
const BIN = fileURLToPath(new URL('../../../bin/nnlab.js', import.meta.url));

/** A trial as the runner tracks it. */
export interface TrialRun {
  trial: Trial;
  /** Extra arguments of this attempt (`--resume DIR` for an interrupted trial). */
  attemptArgs: string[];
  status: TrialStatus;
  step: number;
  steps: number;
  /** The last progress line's number (`data_loss` or the batch accuracy) and its name. */
  metric?: { name: string; value: string };
  startedAt?: number;
  seconds: number;
  exitCode?: number | null;
  error?: string;
}

/**
 * Reads a trial's progress from the lines it prints: the course's `Loss after iteration
 * N: data_loss:X …` (classic, deep) and `step N, training accuracy X` (mnist), as
 * `formatLossLine` and `runMnist` write them.
 */
export function progressOf(line: string): { step: number; name: string; value: string } | undefined {
  const loss = /^Loss after iteration (\d+): data_loss:(\S+)/.exec(line);
  if (loss) return { step: Number(loss[1]), name: 'data_loss', value: loss[2] as string };
  const step = /^step (\d+), (training|validation|test) accuracy (\S+)/.exec(line);
  if (step) return { step: Number(step[1]), name: `${step[2]} acc`, value: step[3] as string };
  return undefined;
}

/** What the runner reports as trials start, progress and end. */
export interface RunnerEvents {
  changed(runs: readonly TrialRun[]): void;
  ended(run: TrialRun): void;
  /** The first Ctrl-C / SIGTERM: no trial starts any more; `running` are being stopped. */
  stopping(running: number): void;
}

/**
 * Runs the trials as `nnlab <command>` child processes, `parallel` at a time, each
 * output kept in its run folder's `output.txt`. On Ctrl-C / SIGTERM no new trial starts
 * and the running ones stop (mnist trials after a checkpoint); a second Ctrl-C kills
 * them at once. A failed trial is recorded and the others go on.
 * @returns the signal that stopped the sweep, if one did
 */
export async function runTrials(
  command: SweepCommand,
  runs: TrialRun[],
  parallel: number,
  dirOf: (trial: Trial) => string,
  events: RunnerEvents,
): Promise<NodeJS.Signals | undefined> {
  const queue = runs.filter((r) => r.status === 'pending' || r.status === 'interrupted');
  const children = new Set<ReturnType<typeof spawn>>();
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    if (signal !== undefined) {
      // A second Ctrl-C: stop now (a trial's partial files are cleaned up by the next run).
      for (const child of children) child.kill('SIGKILL');
      return;
    }
    signal = s;
    // An mnist trial checkpoints on SIGINT and stops; a toy trial's training loop is
    // synchronous (its SIGINT handler would run only after the last pass), so it is
    // terminated: it starts over on the next run, a matter of seconds.
    events.stopping(children.size);
    for (const child of children) child.kill(command === 'mnist' ? s : 'SIGTERM');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const start = (run: TrialRun) =>
    new Promise<void>((resolve) => {
      mkdirSync(dirOf(run.trial), { recursive: true });
      const log = join(dirOf(run.trial), 'output.txt');
      const child = spawn(process.execPath, [BIN, command, ...run.trial.args, ...run.attemptArgs], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      const began = performance.now();
      const before = run.seconds;
      run.status = 'running';
      run.startedAt = Date.now();
      events.changed(runs);
      let lastError = '';
      const lines = (stream: NodeJS.ReadableStream, onLine: (line: string) => void) => {
        let rest = '';
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          appendFileSync(log, chunk);
          const parts = (rest + chunk).split('\n');
          rest = parts.pop() ?? '';
          for (const line of parts) onLine(line);
        });
      };
      lines(child.stdout, (line) => {
        const p = progressOf(line);
        if (!p) return;
        run.step = p.step;
        run.metric = { name: p.name, value: p.value };
        run.seconds = before + (performance.now() - began) / 1000;
        events.changed(runs);
      });
      lines(child.stderr, (line) => {
        if (line.trim() !== '') lastError = line.replace(/^nnlab: /, '').trim();
      });
      child.on('close', (code, killedBy) => {
        children.delete(child);
        run.seconds = before + (performance.now() - began) / 1000;
        run.exitCode = code;
        if (code === 0) {
          run.status = 'done';
          run.step = run.steps;
        } else if (signal !== undefined || code === 130 || code === 143 || killedBy !== null) {
          run.status = 'interrupted';
        } else {
          run.status = 'failed';
          run.error = lastError || `exit code ${code ?? killedBy}`;
        }
        events.ended(run);
        events.changed(runs);
        resolve();
      });
      child.on('error', (error) => {
        lastError = error.message;
      });
    });
  const worker = async () => {
    for (let next = queue.shift(); next && !signal; next = queue.shift()) await start(next);
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, queue.length)) }, worker));
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  return signal;
}

/**
 * The live table on a terminal: one line per trial (status, step, last metric, ETA),
 * redrawn in place at most a few times a second; elsewhere, one line per finished trial.
 */
export class SweepDisplay {
  private drawnLines = 0;
  private lastDraw = 0;

  constructor(
    private readonly stream: NodeJS.WriteStream,
    readonly live = stream.isTTY === true,
  ) {}

  /** Redraws the table (on a terminal). */
  update(runs: readonly TrialRun[], force = false): void {
    if (!this.live) return;
    const now = performance.now();
    if (!force && now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const width = Math.max(5, ...runs.map((r) => r.trial.name.length));
    const lines = runs.map((r) => {
      const eta = r.status === 'running' && r.step > 0 ? formatDuration(((r.steps - r.step) * r.seconds) / r.step) : '';
      const metric = r.metric ? `${r.metric.name} ${r.metric.value}` : '';
      return [
        r.trial.name.padEnd(width),
        r.status.padEnd(11),
        `${r.step}/${r.steps}`.padStart(13),
        metric.padEnd(22),
        r.status === 'running' ? `ETA ${eta || '--:--'}` : r.seconds > 0 ? `${r.seconds.toFixed(1)} s` : '',
      ].join('  ');
    });
    const done = runs.filter((r) => r.status === 'done').length;
    const header = `${'trial'.padEnd(width)}  ${'status'.padEnd(11)}  ${'step'.padStart(13)}  ${'metric'.padEnd(22)}  time`;
    // Redrawing in place needs every line on screen: more trials than rows show the running ones.
    const room = Math.max(3, (this.stream.rows ?? 40) - 3);
    const shown = lines.length <= room ? lines : lines.filter((_, i) => runs[i]?.status === 'running').slice(0, room);
    const columns = Math.max(20, (this.stream.columns ?? 160) - 1);
    const text = [header, ...shown, `${done}/${runs.length} done`].map((l) => l.slice(0, columns));
    this.clear();
    this.stream.write(`${text.map((l) => `\x1b[2K${l}`).join('\n')}\n`);
    this.drawnLines = text.length;
  }

  /** Removes the table (before normal output). */
  clear(): void {
    if (this.live && this.drawnLines > 0) this.stream.write(`\x1b[${this.drawnLines}A\x1b[J`);
    this.drawnLines = 0;
  }
}
