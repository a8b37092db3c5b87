import { BatchSampler } from '../data/mnist/batches.js';
import type { Mnist } from '../data/mnist/mnist.js';
import type { Sequential } from '../layers/sequential.js';
import { DCN_KEEP_PROB } from '../models/dcn.js';
import type { OptimizerConfig } from '../optim/optimizers.js';
import { RandomState } from '../random/random-state.js';
import { formatGeneral } from '../util/format.js';
import { evaluateAccuracy } from './evaluate.js';
import { Trainer } from './trainer.js';
import type { TrainingParts } from './training-state.js';

/**
 * The course's run, `nnlab mnist`'s defaults: declared once for the command line and
 * for the playground's MNIST tab (its equivalent command leaves these out).
 */
export const MNIST_RUN_DEFAULTS = {
  steps: 5500,
  batch: 50,
  lr: 1e-4,
  optimizer: 'adam',
  activation: 'relu',
  init: 'default',
  keepProb: DCN_KEEP_PROB,
  seed: 0,
  evalEvery: 1100,
  printEvery: 100,
  summaryEvery: 100,
} as const;

/** How `nnlab mnist` trains a model (the model itself, e.g. `buildDcn(backend, …)`, is the caller's). */
export interface MnistRunConfig {
  /** Training steps. */
  steps: number;
  /** Examples per step. */
  batch: number;
  optimizer: OptimizerConfig;
  /** Seed of the batch order (the model's own seed fixes its weights and dropout masks). */
  seed: number;
  /** Print validation and test accuracy every this many steps (and at the end). */
  evalEvery: number;
  /** Print the training-batch accuracy every this many steps. */
  printEvery: number;
  /** Evaluate on at most this many validation/test images (default: all). */
  evalLimit?: number;
}

/** What a run reports as it goes. */
export interface MnistRunEvents {
  /** A line of the course's output (`step %d, training accuracy %g` …). */
  line(text: string): void;
  /** Called after every training step. */
  progress?(step: number, steps: number, loss: number): void;
  /** Called after each step with the trainer and the step's loss (summaries hook in here). */
  afterStep?(step: number, loss: number, trainer: Trainer): void;
  /** An accuracy measured at a step: of the current training batch, or on the validation/test set. */
  accuracy?(split: 'train' | 'validation' | 'test', step: number, value: number): void;
  /**
   * Called once before the first step with what training consumes (restore a saved
   * state into it here); returns the step to start from, or nothing for 0.
   */
  start?(parts: TrainingParts): number | undefined;
  /**
   * Called after each step with the number of steps done (save checkpoints here).
   * `'interrupt'` ends the run at once, without the final evaluation (Ctrl-C);
   * `'finish'` ends it with the final evaluation (early stopping).
   */
  stepDone?(done: number, parts: TrainingParts): 'interrupt' | 'finish' | undefined;
  /**
   * Awaited between steps (after `stepDone`, unless that ended the run), when given: a
   * paused run (the browser's pause button) holds here until its promise resolves, to
   * what `stepDone` could answer (a stop asked for while paused). Nothing else changes,
   * so a paused run goes on with the same numbers.
   */
  betweenSteps?(): Promise<'interrupt' | 'finish' | undefined>;
}

/** What a finished run returns. */
export interface MnistRunResult {
  /** Steps done when the run ended (fewer than asked when stopped early or interrupted). */
  steps: number;
  /** True when `stepDone` interrupted the run (no final evaluation: `testAccuracy` is NaN). */
  interrupted: boolean;
  /** The trained model (the one passed in). */
  model: Sequential;
  /** Accuracy on the test set (or its first `evalLimit` images) after the last step. */
  testAccuracy: number;
  /** Wall time of the whole run, evaluation included. */
  seconds: number;
  /** Training images per second, evaluation excluded. */
  imagesPerSecond: number;
}

/**
 * The course's MNIST training loop on `model` (a fresh `buildDcn`, or one with loaded
 * weights): batches of `batch` drawn epoch by epoch; every `printEvery` steps the
 * accuracy on the current batch (before its update), every `evalEvery` steps and after
 * the last one the validation and test accuracy; at the end `test accuracy %g` and
 * `The training takes %f second to finish`. The trainer's own tensors are freed at the
 * end; the model's are the caller's (`model.dispose()`).
 */
export async function runMnist(
  model: Sequential,
  data: Mnist,
  config: MnistRunConfig,
  events: MnistRunEvents,
): Promise<MnistRunResult> {
  const trainer = new Trainer(model, config.optimizer);
  const sampler = new BatchSampler(model.backend, data.train, new RandomState(config.seed));
  try {
    return await loop(trainer, sampler, data, config, events);
  } finally {
    sampler.dispose();
    trainer.dispose();
  }
}

async function loop(
  trainer: Trainer,
  sampler: BatchSampler,
  data: Mnist,
  config: MnistRunConfig,
  events: MnistRunEvents,
): Promise<MnistRunResult> {
  const net = trainer.model;
  const limit = config.evalLimit ?? Number.POSITIVE_INFINITY;
  const evaluate = (step: number): number => {
    const validation = evaluateAccuracy(trainer, data.validation, limit);
    events.line(`step ${step}, validation accuracy ${formatGeneral(validation)}`);
    events.accuracy?.('validation', step, validation);
    const test = evaluateAccuracy(trainer, data.test, limit);
    events.line(`step ${step}, test accuracy ${formatGeneral(test)}`);
    events.accuracy?.('test', step, test);
    return test;
  };
  const parts: TrainingParts = { trainer, sampler };
  const first = events.start?.(parts) ?? 0;
  const start = performance.now();
  let trainingMs = 0;
  let done = first;
  let interrupted = false;
  for (let step = first; step < config.steps; step++) {
    const batch = sampler.next(config.batch);
    if (step % config.printEvery === 0) {
      const accuracy = trainer.correct(batch) / batch.labels.length;
      events.line(`step ${step}, training accuracy ${formatGeneral(accuracy)}`);
      events.accuracy?.('train', step, accuracy);
    }
    if (step % config.evalEvery === 0) evaluate(step);
    const t = performance.now();
    const loss = trainer.step(batch);
    trainingMs += performance.now() - t;
    events.progress?.(step + 1, config.steps, loss);
    events.afterStep?.(step, loss, trainer);
    // Let timers and signal handlers (Ctrl-C flushes summaries) run between steps.
    await yieldToEventLoop();
    done = step + 1;
    let verdict = events.stepDone?.(done, parts);
    if (!verdict && events.betweenSteps && done < config.steps) verdict = await events.betweenSteps();
    if (verdict === 'interrupt') interrupted = true;
    if (verdict) break;
  }
  const imagesPerSecond = trainingMs > 0 ? ((done - first) * config.batch) / (trainingMs / 1000) : 0;
  if (interrupted) {
    const seconds = (performance.now() - start) / 1000;
    return { model: net, steps: done, interrupted, testAccuracy: Number.NaN, seconds, imagesPerSecond };
  }
  const testAccuracy = config.steps > 0 ? evaluate(done) : evaluateAccuracy(trainer, data.test, limit);
  const seconds = (performance.now() - start) / 1000;
  events.line(`test accuracy ${formatGeneral(testAccuracy)}`);
  events.line(`The training takes ${seconds.toFixed(6)} second to finish`);
  return { model: net, steps: done, interrupted, testAccuracy, seconds, imagesPerSecond };
}

/**
 * Resolves on the next turn of the event loop: setImmediate in Node; a MessageChannel
 * message in a browser (setTimeout is clamped to 4 ms once nested, a few per cent of a step).
 */
function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (f: () => void) => void }).setImmediate;
  if (immediate) return new Promise((resolve) => immediate(resolve));
  if (typeof MessageChannel === 'function') {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(0);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}
