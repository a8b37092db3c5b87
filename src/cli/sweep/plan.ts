import { join } from 'node:path';
import { type Command, InvalidArgumentError, type Option } from 'commander';
import { lowerIsBetter } from '../../board/experiments.js';
import { SEED_HPARAM } from '../run-log.js';
import { UsageError } from '../usage-error.js';

/** The training commands a sweep can run. */
export const SWEEP_COMMANDS = ['classic', 'deep', 'mnist'] as const;
/** One of {@link SWEEP_COMMANDS}. */
export type SweepCommand = (typeof SWEEP_COMMANDS)[number];

/** One axis of the grid: an option of the training command and the values it takes. */
export interface GridAxis {
  name: string;
  values: string[];
}

/** What to optimise: a scalar tag's final value, smaller or larger is better. */
export interface Objective {
  tag: string;
  mode: 'min' | 'max';
}

/** A whole sweep, checked: every trial's options are known to be valid. */
export interface SweepPlan {
  command: SweepCommand;
  /** The training command's own options, passed to every trial. */
  baseArgs: string[];
  /** The axes, in order; `--seeds` is the last one, named `seed`. */
  grid: GridAxis[];
  logdir: string;
  parallel: number;
  objective: Objective;
  sheet?: string;
}

/** One combination of the grid: its run folder, its values and the training command's arguments. */
export interface Trial {
  /** `activation=tanh,hidden=3` — the run folder's name. */
  name: string;
  values: Record<string, string>;
  /** Arguments after `nnlab <command>` (without `--resume`, which the runner adds). */
  args: string[];
  /**
   * What makes the trial this trial: the base options and the grid's values (not where it
   * logs, nor the `--threads` the sweep chose, which change no number).
   */
  settings: string[];
}

/**
 * Options the sweep sets for each trial itself (where its summaries, pictures and
 * checkpoints go) or that would make trials collide (one `--save` file for all).
 */
const RESERVED = ['logdir', 'run', 'plot', 'resume', 'checkpoint-dir', 'save', 'help'];

/** The default objective: the course's headline number. */
export function defaultObjective(command: SweepCommand): Objective {
  return command === 'mnist' ? { tag: 'accuracy/test', mode: 'max' } : { tag: 'loss/data', mode: 'min' };
}

/** Parses `--objective TAG[:min|max]`; without a direction, loss tags are minimised and others maximised. */
export function parseObjective(spec: string): Objective {
  const match = /^(.+?)(?::(min|max))?$/.exec(spec.trim());
  const tag = match?.[1];
  if (!tag) throw new UsageError(`--objective ${spec}: expected TAG or TAG:min or TAG:max`);
  const mode = (match?.[2] as 'min' | 'max' | undefined) ?? (lowerIsBetter(tag) ? 'min' : 'max');
  return { tag, mode };
}

/** Parses one `--grid NAME=V1,V2,…`. */
export function parseGridAxis(spec: string): GridAxis {
  const at = spec.indexOf('=');
  const name = spec
    .slice(0, at < 0 ? spec.length : at)
    .trim()
    .replace(/^--/, '');
  if (at < 0 || name === '') throw new UsageError(`--grid ${spec}: expected NAME=V1,V2,… (e.g. activation=tanh,relu)`);
  const values = spec
    .slice(at + 1)
    .split(',')
    .map((v) => v.trim());
  if (values.some((v) => v === '')) throw new UsageError(`--grid ${spec}: an empty value`);
  if (new Set(values).size !== values.length) throw new UsageError(`--grid ${spec}: a value is listed twice`);
  return { name, values };
}

/** Parses `--seeds 0,1,2` into the grid's last axis. */
export function seedAxis(spec: string): GridAxis {
  try {
    return parseGridAxis(`${SEED_HPARAM}=${spec}`);
  } catch (error) {
    throw new UsageError(`--seeds ${spec}: ${(error as Error).message.replace(/^[^:]*: /, '')}`);
  }
}

/** A grid axis from a list of values (the `--sweep` file's form: each item one value, commas and all). */
export function gridAxisOf(name: string, values: ReadonlyArray<string | number | boolean>): GridAxis {
  const strings = values.map(String);
  if (strings.length === 0 || strings.some((v) => v.trim() === ''))
    throw new UsageError(`grid ${name}: an empty value`);
  if (new Set(strings).size !== strings.length) throw new UsageError(`grid ${name}: a value is listed twice`);
  return { name: name.replace(/^--/, ''), values: strings };
}

/**
 * Checks the grid and the base options against the training command's own options
 * (names, choices, value parsers), so a typo fails in one line before any trial starts.
 */
export function checkPlan(plan: SweepPlan, command: Command): void {
  if (plan.grid.length === 0) throw new UsageError('an empty grid: give at least one --grid NAME=V1,V2,… (or --seeds)');
  const byName = new Map(command.options.map((o) => [o.long?.replace(/^--/, '') ?? '', o]));
  const seen = new Set<string>();
  for (const axis of plan.grid) {
    if (seen.has(axis.name)) throw new UsageError(`--grid ${axis.name} is given twice (or with --seeds)`);
    seen.add(axis.name);
    const option = checkName(axis.name, byName, plan.command, '--grid');
    if (!option.required && !option.optional) {
      throw new UsageError(
        `--grid ${axis.name}: --${axis.name} is a switch of nnlab ${plan.command}, not an option with values`,
      );
    }
    for (const value of axis.values) checkValue(option, value, `--grid ${axis.name}`);
  }
  const args = plan.baseArgs;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('--'))
      throw new UsageError(`unexpected argument ${arg} for nnlab ${plan.command} (options are --name value)`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq > 0 ? eq : undefined);
    const option = checkName(name, byName, plan.command, 'option');
    if (seen.has(name)) throw new UsageError(`--${name} is both an option and a grid axis`);
    const takesValue = option.required || option.optional;
    if (!takesValue) {
      if (eq > 0 || (args[i + 1] !== undefined && !(args[i + 1] as string).startsWith('--')))
        throw new UsageError(`--${name} is a switch: it takes no value`);
      continue;
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    checkValue(option, value, `--${name}`);
  }
}

function checkName(name: string, byName: Map<string, Option>, command: SweepCommand, what: string): Option {
  if (RESERVED.includes(name)) {
    throw new UsageError(`${what} --${name}: the sweep sets it for each trial (its run folder under --logdir)`);
  }
  const option = byName.get(name);
  if (!option) {
    const names = [...byName.keys()].filter((n) => !RESERVED.includes(n) && n !== 'version');
    throw new UsageError(`${what} ${name}: nnlab ${command} has no option --${name} (it has ${names.join(', ')})`);
  }
  return option;
}

function checkValue(option: Option, value: string, what: string): void {
  const choices = option.argChoices;
  if (choices && !choices.includes(value)) {
    throw new UsageError(`${what}: ${value} is not one of ${choices.join(', ')}`);
  }
  try {
    option.parseArg?.(value, undefined);
  } catch (error) {
    const reason = error instanceof InvalidArgumentError ? error.message : String(error);
    throw new UsageError(`${what}: ${value}: ${reason}`);
  }
}

/** Whether the plan sets `--name` itself: in the base options or as a grid axis. */
export function setsOption(plan: SweepPlan, name: string): boolean {
  return (
    plan.grid.some((a) => a.name === name) || plan.baseArgs.some((a) => a === `--${name}` || a.startsWith(`--${name}=`))
  );
}

/** The value of `--name` in an argument list (its last one, `--name V` or `--name=V`). */
export function optionValue(args: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  args.forEach((a, i) => {
    if (a === `--${name}`) value = args[i + 1];
    else if (a.startsWith(`--${name}=`)) value = a.slice(name.length + 3);
  });
  return value;
}

/** A folder-safe form of a value (a path given as a value must not make nested folders). */
function folderSafe(value: string): string {
  return value.replace(/[/\\]/g, '_');
}

/**
 * Every combination of the grid, first axis slowest, each a run folder named by its
 * values, with the training command's arguments: the base options, the grid's values,
 * where its summaries go and what it needs beside them (`--plot` for the contact
 * sheet, `--threads`, `--checkpoint-every` so an interrupted trial can resume).
 */
export function expandTrials(plan: SweepPlan, extra: (name: string) => string[]): Trial[] {
  let combos: Array<Record<string, string>> = [{}];
  for (const axis of plan.grid) combos = combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v })));
  const trials = combos.map((values) => {
    const name = Object.entries(values)
      .map(([k, v]) => `${k}=${folderSafe(v)}`)
      .join(',');
    const settings = [...plan.baseArgs, ...Object.entries(values).flatMap(([k, v]) => [`--${k}`, v])];
    return { name, values, settings, args: [...settings, '--logdir', plan.logdir, '--run', name, ...extra(name)] };
  });
  const names = new Set<string>();
  for (const t of trials) {
    if (names.has(t.name))
      throw new UsageError(
        `two trials would share the run folder ${t.name}: give values that differ in more than / or \\`,
      );
    names.add(t.name);
  }
  return trials;
}

/** The trial's folder. */
export function trialDir(plan: SweepPlan, trial: Trial): string {
  return join(plan.logdir, trial.name);
}
