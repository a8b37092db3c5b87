import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../node/atomic-write.js';
import { hasCheckpoints } from '../mnist-checkpoints.js';
import { UsageError } from '../usage-error.js';
import { type SweepPlan, type Trial, trialDir } from './plan.js';
import { type RunOutcome, readOutcome, type SweepReport, type TrialResult, trialCommand } from './results.js';
import type { TrialRun } from './runner.js';

// What a sweep keeps between runs: `sweep.json` (every trial's settings, so a re-run knows
// its own folders and refuses another sweep's) and the run folders themselves (a trial is
// finished when its session end says success; an mnist trial with checkpoints resumes).

/** The sweep.json a previous run of a sweep in this folder left, if any, checked. */
export function readPreviousReport(plan: SweepPlan): SweepReport | undefined {
  const path = join(plan.logdir, 'sweep.json');
  if (!existsSync(path)) return undefined;
  let report: SweepReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as SweepReport;
  } catch (error) {
    throw new UsageError(`${path} is damaged (${(error as Error).message}): move it, or use another --logdir`);
  }
  const trials = [...(report.trials ?? []), ...(report.otherTrials ?? [])];
  if (!Array.isArray(report.trials) || trials.some((t) => typeof t?.name !== 'string' || !Array.isArray(t.settings))) {
    throw new UsageError(`${path} is not a sweep's record (no trials with settings): move it, or use another --logdir`);
  }
  if (report.command !== plan.command) {
    throw new UsageError(`${plan.logdir} holds a sweep of nnlab ${report.command}; use another --logdir`);
  }
  return report;
}

/** Every trial a previous run recorded, whether or not this run's grid has it. */
function known(previous: SweepReport | undefined): TrialResult[] {
  return [...(previous?.trials ?? []), ...(previous?.otherTrials ?? [])];
}

/**
 * Each trial's state before the sweep runs: finished earlier, to resume (mnist with
 * checkpoints), or to start; and what each run folder holds so far. Every folder is
 * checked before any is touched; then the partial files of attempts that left no
 * checkpoint are removed (they start over).
 */
export function prepareTrials(
  plan: SweepPlan,
  trials: readonly Trial[],
  previous: SweepReport | undefined,
  stepsOf: (trial: Trial) => number,
): { runs: TrialRun[]; outcomes: Map<string, RunOutcome> } {
  const before = new Map(known(previous).map((t) => [t.name, t]));
  for (const trial of trials) {
    const dir = trialDir(plan, trial);
    if (!existsSync(dir)) continue;
    const earlier = before.get(trial.name);
    if (!earlier) {
      throw new UsageError(
        `${dir} exists but is not a trial of a sweep in ${plan.logdir} (no sweep.json lists it): move it, or use another --logdir`,
      );
    }
    if (earlier.settings.join('\u0000') !== trial.settings.join('\u0000')) {
      throw new UsageError(
        `${plan.logdir} holds another sweep (trial ${trial.name} ran as: ${earlier.command}); use another --logdir`,
      );
    }
  }
  const nothing: RunOutcome = { hparams: {}, metrics: {}, finished: false };
  const outcomes = new Map<string, RunOutcome>();
  const runs = trials.map((trial): TrialRun => {
    const dir = trialDir(plan, trial);
    const steps = stepsOf(trial);
    const run: TrialRun = { trial, attemptArgs: [], status: 'pending', step: 0, steps, seconds: 0 };
    outcomes.set(trial.name, nothing);
    if (!existsSync(dir)) return run;
    const seconds = before.get(trial.name)?.wallSeconds ?? 0;
    const outcome = readOutcome(dir);
    if (outcome.finished) {
      outcomes.set(trial.name, outcome);
      return { ...run, status: 'done', step: steps, seconds };
    }
    if (plan.command === 'mnist' && hasCheckpoints(dir)) {
      outcomes.set(trial.name, outcome);
      return { ...run, status: 'interrupted', attemptArgs: ['--resume', dir], seconds };
    }
    for (const f of readdirSync(dir)) {
      if (f.includes('tfevents') || f === 'output.txt') rmSync(join(dir, f), { force: true });
    }
    return run;
  });
  return { runs, outcomes };
}

/**
 * Collects every trial's result (`outcomes`: what its run folder held when it last
 * ended) and writes sweep.json (atomically);
 * trials of earlier runs that this grid lacks are kept in `otherTrials`, so their folders
 * stay known to later runs.
 */
export function writeReport(
  plan: SweepPlan,
  runs: readonly TrialRun[],
  previous: SweepReport | undefined,
  outcomes: ReadonlyMap<string, RunOutcome>,
): SweepReport {
  const trials: TrialResult[] = runs.map((r) => {
    const outcome = outcomes.get(r.trial.name);
    return {
      name: r.trial.name,
      values: r.trial.values,
      hparams: outcome?.hparams ?? {},
      status: r.status,
      ...(r.error !== undefined ? { error: r.error } : {}),
      wallSeconds: r.seconds,
      metrics: outcome?.metrics ?? {},
      command: trialCommand(plan.command, r.trial),
      args: r.trial.args,
      settings: r.trial.settings,
    };
  });
  const names = new Set(trials.map((t) => t.name));
  const otherTrials = known(previous).filter((t) => !names.has(t.name));
  const report: SweepReport = {
    command: plan.command,
    objective: plan.objective,
    grid: plan.grid,
    baseArgs: plan.baseArgs,
    trials,
    ...(otherTrials.length > 0 ? { otherTrials } : {}),
  };
  writeFileAtomic(join(plan.logdir, 'sweep.json'), `${JSON.stringify(report, null, 1)}\n`);
  return report;
}
