import type { Backend } from '../backend/backend.js';
import type { RandomState } from '../random/random-state.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, type Layer, type Mode, type Param } from './layer.js';

/**
 * Inverted dropout: in training each unit is kept with probability `keepProb` and
 * scaled by 1/keepProb (so evaluation is the identity), as `tf.nn.dropout`.
 * Masks come from the model's seeded generator, so runs repeat exactly.
 */
export class Dropout implements Layer {
  readonly outputShape: Shape;
  private readonly backend: Backend;
  private readonly random: RandomState;
  private readonly buffers: BatchBuffers<{ y: Tensor; dx: Tensor; mask: Tensor; values: Float64Array }>;
  private batch = 0;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly keepProb: number,
  ) {
    if (!(keepProb > 0 && keepProb <= 1))
      throw new RangeError(`${name}: keep probability must be in (0, 1], got ${keepProb}`);
    this.backend = ctx.backend;
    this.random = ctx.random;
    this.outputShape = inputShape;
    this.buffers = new BatchBuffers(ctx.backend, (batch) => {
      const mask = ctx.backend.alloc([batch, ...inputShape]);
      return {
        y: ctx.backend.alloc([batch, ...inputShape]),
        dx: ctx.backend.alloc([batch, ...inputShape]),
        mask,
        values: new Float64Array(mask.data.length),
      };
    });
  }

  forward(x: Tensor, mode: Mode): Tensor {
    this.batch = batchOf(x, this.inputShape, this.name);
    if (mode === 'eval' || this.keepProb === 1) return x;
    const { y, mask, values } = this.buffers.get(this.batch);
    const scale = 1 / this.keepProb;
    for (let i = 0; i < values.length; i++) values[i] = this.random.random() < this.keepProb ? scale : 0;
    this.backend.write(mask, values);
    this.backend.multiply(x, mask, y);
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | undefined {
    if (!needInputGrad) return undefined;
    if (this.keepProb === 1) return dy;
    const { dx, mask } = this.buffers.get(this.batch);
    this.backend.multiply(dy, mask, dx);
    return dx;
  }

  params(): readonly Param[] {
    return [];
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
