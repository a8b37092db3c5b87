import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { decodeSafetensors } from '../checkpoint/safetensors.js';
import { DataError } from '../data/data-error.js';
import { writeFileAtomic } from '../node/atomic-write.js';
import {
  encodeTrainingState,
  type RunSettings,
  TRAINING_STATE_FORMAT,
  type TrainingParts,
} from '../train/training-state.js';
import { formatGeneral } from '../util/format.js';
import { integerAtLeast } from './parsers.js';
import { asUsageError } from './usage-error.js';

/** The cadence the help suggests (and `nnlab bench --only summaries` prices): a checkpoint costs ~0.5 % of the steps between. */
export const SUGGESTED_CHECKPOINT_EVERY = 500;

/** The checkpoint options of `nnlab mnist`. */
export interface CheckpointOptions {
  checkpointEvery?: number;
  checkpointDir?: string;
  keepLast: number;
  keepBest?: boolean;
  earlyStop?: number;
  resume?: string;
}

/** Adds --checkpoint-every, --checkpoint-dir, --keep-last, --keep-best, --early-stop and --resume. */
export function addCheckpointOptions(command: Command): Command {
  return command
    .option(
      '--checkpoint-every <n>',
      `save the whole training state every n steps (and on Ctrl-C); ${SUGGESTED_CHECKPOINT_EVERY} costs well under 1 % of the time`,
      integerAtLeast(1),
    )
    .option('--checkpoint-dir <dir>', "folder of the checkpoints (default: the run's --logdir folder)")
    .option('--keep-last <k>', 'checkpoints kept (older ones are deleted)', integerAtLeast(1), 3)
    .option('--keep-best', 'also keep best.safetensors: the weights with the best validation accuracy so far')
    .option('--early-stop <p>', 'stop after p evaluations without a better validation accuracy', integerAtLeast(1))
    .option('--resume <path>', 'continue a run from a checkpoint file, or from the latest valid one in a folder');
}

/** The file name of the checkpoint after `step` steps (zero-padded: names sort as steps). */
export function checkpointName(step: number): string {
  return `step-${String(step).padStart(8, '0')}.safetensors`;
}

const CHECKPOINT = /^step-(\d+)\.safetensors$/;

/** Whether a folder holds checkpoint files (valid or not: {@link findCheckpoint} tells). */
export function hasCheckpoints(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).some((f) => CHECKPOINT.test(f));
}

/** A checkpoint read from disk. */
export interface FoundCheckpoint {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * The checkpoint `path` names: the file itself, or in a folder the latest `step-N`
 * file that decodes as a training state (a damaged newest one is skipped, with a note
 * on stderr). One-line DataError when there is none.
 */
export function findCheckpoint(path: string, warn: (line: string) => void): FoundCheckpoint {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    throw new DataError(`cannot resume: ${path} does not exist`);
  }
  const read = (file: string): FoundCheckpoint => {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new DataError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    const { metadata } = decodeSafetensors(bytes, file);
    if (metadata.format !== TRAINING_STATE_FORMAT) {
      throw new DataError(`${file}: not an nnlab training state (weights-only files load with --load)`);
    }
    return { path: file, bytes, metadata };
  };
  if (!isFolder) return read(path);
  const files = readdirSync(path)
    .filter((f) => CHECKPOINT.test(f))
    .sort((a, b) => Number(CHECKPOINT.exec(b)?.[1]) - Number(CHECKPOINT.exec(a)?.[1]));
  for (const file of files) {
    try {
      return read(join(path, file));
    } catch (error) {
      warn(`nnlab: skipping ${join(path, file)}: ${(error as Error).message}`);
    }
  }
  throw new DataError(`cannot resume: ${path} holds no valid checkpoint (step-N.safetensors)`);
}

/** Writes checkpoints into a folder, keeping the last `keepLast`. */
export class CheckpointWriter {
  /** Also removes the temporary files of a run killed while writing a checkpoint here. */
  constructor(
    readonly dir: string,
    private readonly keepLast: number,
  ) {
    for (const f of readdirSync(dir))
      if (/^\.step-\d+\.safetensors\..*\.tmp$/.test(f)) rmSync(join(dir, f), { force: true });
  }

  /** Saves the state after `step` steps, durably and atomically; returns its path. */
  save(parts: TrainingParts, step: number, settings: RunSettings, metadata: Record<string, string>): string {
    const path = join(this.dir, checkpointName(step));
    const bytes = encodeTrainingState(parts, step, settings, metadata);
    asUsageError(() => writeFileAtomic(path, bytes, true));
    this.prune(checkpointName(step));
    return path;
  }

  /**
   * Keeps the checkpoint just written and the newest `keepLast − 1` others, deleting the
   * rest (never the new one: after resuming from an older checkpoint, newer files of the
   * abandoned run may have higher step numbers).
   */
  private prune(written: string): void {
    const others = readdirSync(this.dir)
      .filter((f) => CHECKPOINT.test(f) && f !== written)
      .sort((a, b) => Number(CHECKPOINT.exec(b)?.[1]) - Number(CHECKPOINT.exec(a)?.[1]));
    for (const old of others.slice(this.keepLast - 1)) rmSync(join(this.dir, old), { force: true });
  }
}

/**
 * Follows the validation accuracy for --keep-best and --early-stop: a better value
 * makes the weights at that step the best (written, with that step's validation and
 * test accuracy in the metadata, once its test accuracy is in); `patience`
 * evaluations without a better one set {@link stop} and say so in one line.
 */
export class ValidationWatch {
  /** True once the run should stop early. */
  stop = false;
  private best = Number.NEGATIVE_INFINITY;
  private bestStep = 0;
  private since = 0;
  private pending: { step: number; validation: number } | undefined;

  constructor(
    private readonly patience: number | undefined,
    private readonly bestFile: string | undefined,
    private readonly weights: (metadata: Record<string, string>) => Uint8Array,
    private readonly line: (text: string) => void,
  ) {}

  /** What a checkpoint keeps of the watch, so a resumed run stops where the whole run would. */
  getState(): string {
    const { best, bestStep, since, stop, pending } = this;
    return JSON.stringify({
      best: Number.isFinite(best) ? best : null,
      bestStep,
      since,
      stop,
      pending: pending ?? null,
    });
  }

  /** Continues from {@link getState}. */
  setState(text: string | undefined): void {
    if (text === undefined) return;
    const s = JSON.parse(text) as {
      best: number | null;
      bestStep: number;
      since: number;
      stop: boolean;
      pending: { step: number; validation: number } | null;
    };
    this.best = s.best ?? Number.NEGATIVE_INFINITY;
    this.bestStep = s.bestStep;
    this.since = s.since;
    this.stop = s.stop;
    this.pending = s.pending ?? undefined;
  }

  /** An accuracy the run measured. */
  observe(split: 'train' | 'validation' | 'test', step: number, value: number): void {
    if (split === 'validation') {
      if (value > this.best) {
        [this.best, this.bestStep, this.since] = [value, step, 0];
        if (this.bestFile) this.pending = { step, validation: value };
      } else if (this.patience !== undefined && ++this.since >= this.patience && !this.stop) {
        this.stop = true;
        this.line(
          `Early stop at step ${step}: no better validation accuracy in ${this.patience} evaluations ` +
            `(best ${formatGeneral(this.best)} at step ${this.bestStep})`,
        );
      }
    } else if (split === 'test' && this.pending?.step === step && this.bestFile) {
      const metadata = {
        step: String(step),
        validationAccuracy: String(this.pending.validation),
        testAccuracy: String(value),
      };
      const file = this.bestFile;
      asUsageError(() => writeFileAtomic(file, this.weights(metadata), true));
      this.pending = undefined;
    }
  }
}
