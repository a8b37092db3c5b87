import type { Backend } from '../backend/backend.js';
import { formatShape, type Shape, type Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, type Layer, type Mode, type Param } from './layer.js';

/** 2×2 max pooling, stride 2, SAME padding (odd sizes round up), over NHWC images. */
export class MaxPool2D implements Layer {
  readonly outputShape: Shape;
  private readonly backend: Backend;
  private readonly buffers: BatchBuffers<{ y: Tensor; dx: Tensor; argmax: Int32Array }>;
  private batch = 0;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
  ) {
    if (inputShape.length !== 3)
      throw new RangeError(`${name}: pooling takes [h, w, c] images, got ${formatShape(inputShape)}`);
    const [h, w, c] = inputShape as [number, number, number];
    this.backend = ctx.backend;
    this.outputShape = [Math.ceil(h / 2), Math.ceil(w / 2), c];
    this.buffers = new BatchBuffers(ctx.backend, (batch) => {
      const y = ctx.backend.alloc([batch, ...this.outputShape]);
      return { y, dx: ctx.backend.alloc([batch, h, w, c]), argmax: ctx.backend.allocIndices(y.data.length) };
    });
  }

  forward(x: Tensor, _mode: Mode): Tensor {
    this.batch = batchOf(x, this.inputShape, this.name);
    const { y, argmax } = this.buffers.get(this.batch);
    this.backend.maxPoolForward(x, y, argmax);
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | undefined {
    if (!needInputGrad) return undefined;
    const { dx, argmax } = this.buffers.get(this.batch);
    this.backend.maxPoolBackward(dy, argmax, dx);
    return dx;
  }

  params(): readonly Param[] {
    return [];
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
