import type { Backend } from '../backend/backend.js';
import { RandomState } from '../random/random-state.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import type { Layer, Mode, Param } from './layer.js';
import { buildLayer, type LayerSpec } from './spec.js';

/** Options of {@link Sequential.build}. */
export interface SequentialOptions {
  /** Seed for the initial weights and the dropout masks (default 0). */
  seed?: number;
}

/** A stack of layers applied in order. */
export class Sequential {
  /** The input of the last forward, then each layer's output (for summaries). */
  private readonly trace: Tensor[] = [];

  private constructor(
    readonly backend: Backend,
    readonly inputShape: Shape,
    readonly layers: readonly Layer[],
    /** The generator that drew the initial weights and draws the dropout masks (training state). */
    readonly random: RandomState,
  ) {}

  /**
   * Builds layers from specs for inputs of `inputShape` (per example, e.g. [28, 28, 1]).
   * Weights are drawn in layer order from one `RandomState(seed)`, so a seed fixes them.
   */
  static build(
    backend: Backend,
    inputShape: Shape,
    specs: readonly LayerSpec[],
    options: SequentialOptions = {},
  ): Sequential {
    const random = new RandomState(options.seed ?? 0);
    const ctx = { backend, random };
    const layers: Layer[] = [];
    const used = new Set<string>();
    let shape = inputShape;
    for (const [i, spec] of specs.entries()) {
      const name = spec.name ?? `${spec.kind}${i + 1}`;
      if (used.has(name)) throw new RangeError(`two layers are named ${name}`);
      used.add(name);
      const layer = buildLayer(ctx, spec, name, shape);
      layers.push(layer);
      shape = layer.outputShape;
    }
    return new Sequential(backend, inputShape, layers, random);
  }

  /** Shape of one output example. */
  get outputShape(): Shape {
    return this.layers.length > 0 ? (this.layers[this.layers.length - 1] as Layer).outputShape : this.inputShape;
  }

  /** Runs every layer; x: [batch, ...inputShape]. */
  forward(x: Tensor, mode: Mode): Tensor {
    const trace = this.trace;
    trace.length = 0;
    trace.push(x);
    let y = x;
    for (const layer of this.layers) {
      y = layer.forward(y, mode);
      trace.push(y);
    }
    return y;
  }

  /**
   * The input a layer got and the output it gave in the last forward pass (layer-owned
   * buffers: valid until the next forward with the same batch size).
   */
  lastTensors(name: string): { input: Tensor; output: Tensor } | undefined {
    const i = this.layers.findIndex((l) => l.name === name);
    const input = this.trace[i];
    const output = this.trace[i + 1];
    return i >= 0 && input && output ? { input, output } : undefined;
  }

  /**
   * Back-propagates dL/dy through every layer, adding into the parameter gradients,
   * or writing them with `overwrite` (every parameter gets its gradient: no
   * {@link zeroGrads} needed first).
   */
  backward(dy: Tensor, overwrite = false): void {
    let grad: Tensor | undefined = dy;
    for (let i = this.layers.length - 1; i >= 0 && grad; i--)
      grad = (this.layers[i] as Layer).backward(grad, i > 0, overwrite);
  }

  /** Every trainable parameter, in layer order. */
  params(): Param[] {
    return this.layers.flatMap((layer) => layer.params());
  }

  /** Sets every parameter gradient to zero (before a backward pass). */
  zeroGrads(): void {
    for (const p of this.params()) this.backend.fill(p.grad, 0);
  }

  /** Frees every layer's parameters and buffers; the model is unusable afterwards (the backend stays open). */
  dispose(): void {
    for (const layer of this.layers) layer.dispose();
    this.trace.length = 0;
  }

  /** Finds a layer by name. */
  layer(name: string): Layer | undefined {
    return this.layers.find((l) => l.name === name);
  }
}
