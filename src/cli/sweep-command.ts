import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { assertWritable, writeFileAtomic } from '../node/atomic-write.js';
import { pictureFormat, writePicture } from '../node/picture.js';
import { formatFloat32 } from '../util/format.js';
import { SUGGESTED_CHECKPOINT_EVERY } from './mnist-checkpoints.js';
import { integerAtLeast } from './parsers.js';
import { experimentBytes, SWEEP_EXPERIMENT_FILE } from './sweep/experiment.js';
import {
  checkPlan,
  defaultObjective,
  expandTrials,
  type GridAxis,
  gridAxisOf,
  optionValue,
  parseGridAxis,
  parseObjective,
  SWEEP_COMMANDS,
  type SweepCommand,
  type SweepPlan,
  seedAxis,
  setsOption,
  type Trial,
  trialDir,
} from './sweep/plan.js';
import {
  type RunOutcome,
  readOutcome,
  resultsCsv,
  resultsMarkdown,
  type SweepReport,
  type TrialResult,
} from './sweep/results.js';
import { runTrials, SweepDisplay, type TrialRun } from './sweep/runner.js';
import { contactSheetSvg } from './sweep/sheet.js';
import { prepareTrials, readPreviousReport, writeReport } from './sweep/state.js';
import { asUsageError, ExitError, InterruptedError, UsageError } from './usage-error.js';

interface SweepOptions {
  grid?: string[];
  seeds?: string;
  parallel?: number;
  objective?: string;
  sheet?: string;
  sweep?: string;
  logdir?: string;
}

/** What `--sweep FILE.json` may hold: the same as the command line. */
interface SweepFile {
  command?: string;
  options?: Record<string, string | number | boolean> | string[];
  grid?: Record<string, Array<string | number>>;
  seeds?: number[];
  parallel?: number;
  objective?: string;
  sheet?: string;
  logdir?: string;
}

/** Adds `sweep`: run a grid of variants of a training command, each its own run, and rank them. */
export function registerSweepCommand(program: Command, write: (line: string) => void): void {
  program
    .command('sweep')
    .description('run every combination of a grid of options of classic, deep or mnist, each as its own run; rank them')
    .argument('[command]', `the training command: ${SWEEP_COMMANDS.join(', ')}`)
    .argument('[options...]', "the command's own options, given to every trial")
    .allowUnknownOption()
    .option(
      '--grid <name=values>',
      'an option and its values, e.g. activation=tanh,relu (repeat for more axes)',
      collect,
    )
    .option('--seeds <list>', 'run every combination with each of these seeds, e.g. 0,1,2')
    .option(
      '--parallel <n>',
      'trials at once; the cores are split between them (default: classic/deep one per core, mnist 1)',
      integerAtLeast(1),
    )
    .option(
      '--objective <tag>',
      'rank by this scalar (TAG, TAG:min or TAG:max); default accuracy/test (mnist), loss/data',
    )
    .option('--sheet <file>', "classic/deep: every trial's decision boundary in one labelled grid (.png or .svg)")
    .option(
      '--sweep <file>',
      'read the sweep from a JSON file (command, options, grid, seeds, …); flags given here win',
    )
    .option('--logdir <dir>', 'where the runs go: one folder per trial, and sweep.md, sweep.csv, sweep.json')
    .addHelpText(
      'after',
      '\nExamples:\n  nnlab sweep classic --dataset moons --grid activation=tanh,sigmoid,relu --grid hidden=3,10 --logdir runs/p1 --sheet p1.png' +
        '\n  nnlab sweep mnist --steps 500 --grid activation=relu,tanh --grid init=default,xavier --seeds 0,1 --parallel 2 --logdir runs/p2' +
        '\n\nRunning the same command again skips finished trials and resumes interrupted ones (mnist: from their checkpoints).',
    )
    .action((command: string | undefined, rest: string[], o: SweepOptions) =>
      runSweep(program, toPlan(command, rest, o), write),
    );
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Merges the command line and the `--sweep` file into a plan (not yet checked against the command). */
function toPlan(commandArg: string | undefined, rest: string[], o: SweepOptions): SweepPlan {
  const file = o.sweep === undefined ? {} : readSweepFile(o.sweep);
  const command = commandArg ?? file.command;
  if (command === undefined)
    throw new UsageError(`name the training command: nnlab sweep <${SWEEP_COMMANDS.join('|')}> …`);
  if (!(SWEEP_COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`nnlab sweep runs ${SWEEP_COMMANDS.join(', ')}, not ${command}`);
  }
  const c = command as SweepCommand;
  // A switch set to false in the file is left out; a list of strings is taken as it is.
  const fileArgs = Array.isArray(file.options)
    ? file.options.map(String)
    : Object.entries(file.options ?? {}).flatMap(([k, v]) =>
        v === false ? [] : v === true ? [`--${k}`] : [`--${k}`, String(v)],
      );
  const cliAxes = (o.grid ?? []).map(parseGridAxis);
  // A grid axis given on the command line replaces the file's of the same name.
  const axes: GridAxis[] = [
    ...Object.entries(file.grid ?? {})
      .filter(([name]) => !cliAxes.some((a) => a.name === name))
      .map(([name, values]) => gridAxisOf(name, values)),
    ...cliAxes,
  ];
  const seeds = o.seeds ?? file.seeds?.join(',');
  if (seeds !== undefined) axes.push(seedAxis(seeds));
  const logdir = o.logdir ?? file.logdir;
  if (logdir === undefined)
    throw new UsageError('nnlab sweep needs --logdir DIR (one run folder per trial goes there)');
  // classic and deep train on one thread: one trial per core; an mnist trial uses every core.
  const parallel = o.parallel ?? file.parallel ?? (c === 'mnist' ? 1 : availableParallelism());
  if (!Number.isInteger(parallel) || parallel < 1)
    throw new UsageError(`--parallel ${parallel}: expected an integer ≥ 1`);
  const objective = o.objective ?? file.objective;
  const sheet = o.sheet ?? file.sheet;
  return {
    command: c,
    baseArgs: [...fileArgs, ...rest],
    grid: axes,
    logdir,
    parallel,
    objective: objective === undefined ? defaultObjective(c) : parseObjective(objective),
    ...(sheet !== undefined ? { sheet } : {}),
  };
}

function readSweepFile(path: string): SweepFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `${path}: expected an object like {"command": "classic", "grid": {"activation": ["tanh", "relu"]}}`,
    );
  }
  const known = ['command', 'options', 'grid', 'seeds', 'parallel', 'objective', 'sheet', 'logdir'];
  const unknown = Object.keys(parsed).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new UsageError(`${path}: unknown field ${unknown[0]} (known: ${known.join(', ')})`);
  const f = parsed as SweepFile;
  if (f.grid !== undefined && (typeof f.grid !== 'object' || Object.values(f.grid).some((v) => !Array.isArray(v)))) {
    throw new UsageError(`${path}: "grid" must map option names to lists of values`);
  }
  if (f.seeds !== undefined && !Array.isArray(f.seeds)) throw new UsageError(`${path}: "seeds" must be a list`);
  return f;
}

async function runSweep(program: Command, plan: SweepPlan, write: (line: string) => void): Promise<void> {
  const sub = program.commands.find((c) => c.name() === plan.command) as Command;
  checkPlan(plan, sub);
  const { sheet } = plan;
  if (sheet !== undefined) {
    if (plan.command === 'mnist')
      throw new UsageError('--sheet draws decision boundaries: classic and deep sweeps only');
    asUsageError(() => {
      pictureFormat(sheet);
      assertWritable(sheet);
    });
  }
  const cores = availableParallelism();
  const userThreads = setsOption(plan, 'threads');
  const threads = Math.max(1, Math.floor(cores / plan.parallel));
  const extra = (name: string): string[] => {
    if (plan.command !== 'mnist') return ['--plot', join(plan.logdir, name, 'boundary.svg')];
    return [
      ...(userThreads ? [] : ['--threads', String(threads)]),
      ...(setsOption(plan, 'checkpoint-every') ? [] : ['--checkpoint-every', String(SUGGESTED_CHECKPOINT_EVERY)]),
    ];
  };
  const trials = expandTrials(plan, extra);
  asUsageError(() => mkdirSync(plan.logdir, { recursive: true }));
  const previous = readPreviousReport(plan);
  const { runs, outcomes } = prepareTrials(plan, trials, previous, (trial) => trialSteps(plan, trial, sub));
  const save = () => writeReport(plan, runs, previous, outcomes);
  save();

  const skipped = runs.filter((r) => r.status === 'done').length;
  const resumed = runs.filter((r) => r.status === 'interrupted').length;
  const axes = plan.grid.map((a) => `${a.name} (${a.values.length})`).join(' × ');
  const threadNote =
    plan.command === 'mnist'
      ? userThreads
        ? 'threads as given'
        : `${threads} thread${threads > 1 ? 's' : ''} each`
      : '1 thread each';
  write(
    `Sweep: ${trials.length} trials of nnlab ${plan.command} over ${axes}, ${Math.min(plan.parallel, trials.length)} at a time ` +
      `(${threadNote}, ${cores} cores); runs in ${plan.logdir}` +
      (skipped + resumed > 0 ? `; ${skipped} finished earlier, ${resumed} to resume` : ''),
  );
  const display = new SweepDisplay(process.stderr);
  let ended = skipped;
  const signal = await runTrials(plan.command, runs, plan.parallel, (t) => trialDir(plan, t), {
    changed: (all) => display.update(all),
    stopping: (running) => {
      display.clear();
      process.stderr.write(
        `nnlab: stopping: no new trials; ${running} running ${running === 1 ? 'one stops' : 'ones stop'}` +
          `${plan.command === 'mnist' ? ' after a checkpoint' : ''} (Ctrl-C again to kill them now)\n`,
      );
    },
    ended: (run) => {
      ended++;
      outcomes.set(run.trial.name, readOutcome(trialDir(plan, run.trial)));
      save();
      display.clear();
      write(`[${ended}/${runs.length}] ${run.trial.name}: ${endLine(plan, run, outcomes.get(run.trial.name))}`);
      display.update(runs, true);
    },
  });
  display.clear();
  const report = save();
  const reported = new Set(report.trials.flatMap((r) => Object.keys(r.metrics)));
  if (reported.size > 0 && !reported.has(plan.objective.tag)) {
    process.stderr.write(
      `nnlab: no trial reports ${plan.objective.tag}, so the trials stay in grid order (they report ${[...reported].sort().join(', ')})\n`,
    );
  }
  writeFileAtomic(join(plan.logdir, 'sweep.csv'), resultsCsv(report));
  writeFileAtomic(join(plan.logdir, 'sweep.md'), resultsMarkdown(report));
  writeExperiment(plan, report);
  write('');
  for (const line of resultsMarkdown(report)
    .split('\n')
    .slice(2, 4 + report.trials.length))
    write(line);
  write('');
  write(`Results written to ${join(plan.logdir, 'sweep.md')}, sweep.csv and sweep.json`);
  if (sheet !== undefined) {
    const cells = report.trials.map((r) => ({
      values: r.values,
      svgPath: join(plan.logdir, r.name, 'boundary.svg'),
      caption: captionOf(plan, r),
    }));
    const title = `nnlab sweep ${plan.command} ${plan.baseArgs.join(' ')}`.trim();
    asUsageError(() => writePicture(sheet, contactSheetSvg(title, plan.grid, cells)));
    write(`Contact sheet written to ${sheet}`);
  }
  const done = report.trials.filter((r) => r.status === 'done').length;
  if (signal) {
    throw new InterruptedError(
      `${signal}: ${done} of ${runs.length} trials finished; run the same command again to finish the others` +
        (plan.command === 'mnist' ? ' (interrupted ones resume from their checkpoints)' : ''),
      signal === 'SIGTERM' ? 143 : 130,
    );
  }
  const failed = report.trials.filter((r) => r.status === 'failed');
  if (failed.length > 0) {
    throw new ExitError(
      `${failed.length} of ${runs.length} trials failed (first: ${failed[0]?.name}: ${failed[0]?.error})`,
      1,
    );
  }
  // A trial stopped by a signal of its own (someone killed that process): the sweep is not done.
  const stopped = report.trials.filter((r) => r.status === 'interrupted');
  if (stopped.length > 0) {
    throw new ExitError(
      `${stopped.length} of ${runs.length} trials were stopped (first: ${stopped[0]?.name}); run the same command again to finish them`,
      1,
    );
  }
}

/** The sweep's experiment record (TensorBoard's HPARAMS tab) at the log directory's top, rewritten only when it changes. */
function writeExperiment(plan: SweepPlan, report: SweepReport): void {
  const path = join(plan.logdir, SWEEP_EXPERIMENT_FILE);
  const bytes = experimentBytes(plan, report);
  if (existsSync(path) && Buffer.compare(readFileSync(path), bytes) === 0) return;
  writeFileAtomic(path, bytes);
}

function endLine(plan: SweepPlan, run: TrialRun, outcome: RunOutcome | undefined): string {
  const time = `${run.seconds.toFixed(1)} s`;
  if (run.status === 'failed') return `failed after ${time}: ${run.error}`;
  if (run.status === 'interrupted') {
    return `interrupted after ${time}${plan.command === 'mnist' ? ' (it resumes from its last checkpoint)' : ''}`;
  }
  const metric = outcome?.metrics[plan.objective.tag];
  return `done in ${time}${metric ? `, ${plan.objective.tag} ${formatFloat32(metric.final)}` : ''}`;
}

/** A contact sheet cell's caption: the objective's final value (the cell's values label its row and column). */
function captionOf(plan: SweepPlan, r: TrialResult): string {
  const metric = r.metrics[plan.objective.tag];
  return metric ? `${plan.objective.tag} ${formatFloat32(metric.final)}` : r.status;
}

/** Steps (passes) a trial trains: its --steps / --passes, else the command's default (for the live table's ETA). */
function trialSteps(plan: SweepPlan, trial: Trial, sub: Command): number {
  const name = plan.command === 'mnist' ? 'steps' : 'passes';
  const given = optionValue(trial.settings, name);
  return Number(given ?? sub.options.find((o) => o.long === `--${name}`)?.defaultValue ?? 0);
}
