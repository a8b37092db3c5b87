import type { DeepNeuralNetwork, Loss } from '../classic/deep-neural-network.js';
import type { Dataset } from '../data/dataset.js';
import { makeToySplit } from '../data/toy-datasets.js';
import { toyLossLines, toyTestSamples, trainToyPoints } from '../train/toy-run.js';
import type { ToyLossReport, ToyTrainer } from '../train/toy-trainer.js';
import type { CustomPoints, PlaygroundConfig } from './config.js';

/** One point of the loss curves: after the pass of 0-based index `iteration`. */
export interface LossPoint {
  iteration: number;
  train: Loss;
  /** Data loss on the test points (undefined without any). */
  testDataLoss: number | undefined;
}

/** Most points a session keeps for its curves; beyond it every other one is dropped and the spacing doubles. */
const MAX_CURVE = 2000;

/**
 * One playground run: the configuration's data (the generator's, or the user's points),
 * the network seeded as `np.random.seed(seed)`, and the library's {@link ToyTrainer} —
 * the very loop `nnlab classic` and `nnlab deep` run, so the lines it collects are
 * theirs, byte for byte. It advances a few passes at a time (the page's animation
 * frames) and keeps the loss curves: every `curveEvery` passes, the spacing doubling
 * whenever {@link MAX_CURVE} points are reached.
 */
export class PlaygroundSession {
  /** The 2-d points, before the input features are applied. */
  readonly points: CustomPoints;
  readonly net: DeepNeuralNetwork;
  readonly trainer: ToyTrainer;
  /** The loss lines so far, as the CLI prints them. */
  readonly lines: string[] = [];
  /** The loss curves so far. */
  readonly curve: LossPoint[] = [];
  private curveEvery = 1;

  constructor(
    readonly config: PlaygroundConfig,
    wasm?: WebAssembly.Module,
  ) {
    this.points = sessionPoints(config);
    const run = trainToyPoints(this.points, { ...config, ...(wasm ? { wasm } : {}) });
    this.net = run.net;
    this.trainer = run.trainer;
  }

  /** Passes completed. */
  get passes(): number {
    return this.trainer.passes;
  }

  /** Whether the configuration's `passes` (if any) are done. */
  get finished(): boolean {
    return this.config.passes > 0 && this.trainer.passes >= this.config.passes;
  }

  /** Runs up to `count` passes (never past the configuration's `passes`); returns how many ran. */
  advance(count: number): number {
    let ran = 0;
    while (ran < count && !this.finished) {
      this.record(this.trainer.runPass());
      ran++;
    }
    return ran;
  }

  /** One gradient step (one batch); a pass it completes is recorded like {@link advance}'s. */
  step(): void {
    if (this.finished) return;
    const report = this.trainer.step();
    if (this.trainer.stepInPass === 0) this.record(report);
  }

  /** The loss now on the training and the test points (a fresh forward pass over each). */
  loss(): { train: Loss; test: Loss | undefined } {
    const { train, test } = this.trainer;
    return {
      train: this.net.calculateLoss(train.x, train.y),
      test: test && test.n > 0 ? this.net.calculateLoss(test.x, test.y) : undefined,
    };
  }

  /** After a completed pass: its loss lines, and a curve point when the pass is due. */
  private record(report: ToyLossReport | undefined): void {
    const iteration = this.trainer.passes - 1;
    if (report) this.lines.push(...toyLossLines(report));
    if (iteration % this.curveEvery !== 0) return;
    const { train, test } = report ? { train: report.loss, test: report.test } : this.loss();
    this.curve.push({ iteration, train, testDataLoss: test?.dataLoss });
    if (this.curve.length >= MAX_CURVE) {
      this.curveEvery *= 2;
      const kept = this.curve.filter((p) => p.iteration % this.curveEvery === 0);
      this.curve.splice(0, this.curve.length, ...kept);
    }
  }
}

/** The configuration's 2-d points: generated as `nnlab classic` generates them, or the user's. */
export function sessionPoints(config: PlaygroundConfig): CustomPoints {
  if (config.dataset === 'custom') {
    if (!config.points) throw new RangeError('a custom data set needs its points');
    return config.points;
  }
  return makeToySplit(
    config.dataset,
    config.samples,
    config.noise,
    config.dataSeed,
    toyTestSamples(config.samples, config.testRatio),
  );
}

/** Both sets of points as one, training rows first (what the page draws and the CSV holds). */
export function allPoints(points: CustomPoints): Dataset {
  const { train, test } = points;
  const x = new Float64Array(2 * (train.n + test.n));
  x.set(train.x);
  x.set(test.x, 2 * train.n);
  const y = new Int32Array(train.n + test.n);
  y.set(train.y);
  y.set(test.y, train.n);
  return { x, y, n: train.n + test.n, features: 2, classes: 2 };
}
