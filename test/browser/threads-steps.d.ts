// Types of threads-steps.js, which the browser worker imports as it is.
import type { Backend } from '../../src/backend/backend.js';
import type { Batch } from '../../src/data/mnist/batches.js';
import type { buildDcn } from '../../src/models/dcn.js';
import type { Trainer } from '../../src/train/trainer.js';

/** The library's parts the steps use. */
export interface StepsLibrary {
  buildDcn: typeof buildDcn;
  Trainer: typeof Trainer;
}

export function fillBatch(backend: Backend, n: number): Batch;
export function trainDcn(
  lib: StepsLibrary,
  backend: Backend,
  options?: { batch?: number; steps?: number },
): { losses: number[]; logits: number[] };
export function timeSteps(
  lib: StepsLibrary,
  backend: Backend,
  options?: { batch?: number; steps?: number; warmup?: number },
): number;
