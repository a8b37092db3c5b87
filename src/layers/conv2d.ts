import type { Backend, Conv2DGeometry } from '../backend/backend.js';
import type { InitKind } from '../init/initializers.js';
import { formatShape, type Shape, type Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, freeParams, type Layer, type Mode, type Param } from './layer.js';
import { weightsAndBiases } from './params.js';

/** SAME keeps the image size (zero padding, TensorFlow's split: the extra row/column goes last); VALID does not pad. */
export type Padding = 'same' | 'valid';

/**
 * The geometry of a k×k, stride-1 convolution of a batch of h×w×c images into `filters`
 * channels: SAME pads ⌊(k − 1)/2⌋ rows and columns before the image (the rest after)
 * and keeps h×w; VALID gives (h − k + 1)×(w − k + 1).
 */
export function convGeometry(
  batch: number,
  h: number,
  w: number,
  c: number,
  filters: number,
  k: number,
  padding: Padding,
): Conv2DGeometry {
  const same = padding === 'same';
  const pad = same ? Math.floor((k - 1) / 2) : 0;
  return {
    batch,
    inHeight: h,
    inWidth: w,
    inChannels: c,
    kernelHeight: k,
    kernelWidth: k,
    outChannels: filters,
    outHeight: same ? h : h - k + 1,
    outWidth: same ? w : w - k + 1,
    padTop: pad,
    padLeft: pad,
  };
}

/**
 * A k×k convolution, stride 1, over NHWC images, with filters `[k, k, cin, cout]`
 * (TensorFlow's layout) and a bias per output channel.
 */
export class Conv2D implements Layer {
  readonly outputShape: Shape;
  private readonly backend: Backend;
  private readonly weights: Param;
  private readonly biases: Param;
  private readonly buffers: BatchBuffers<{ y: Tensor; dx: Tensor; geometry: Conv2DGeometry }>;
  private x: Tensor | undefined;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly filters: number,
    readonly kernelSize: number,
    readonly padding: Padding,
    init: InitKind,
  ) {
    if (inputShape.length !== 3)
      throw new RangeError(`${name}: convolutions take [h, w, c] images, got ${formatShape(inputShape)}`);
    const [h, w, c] = inputShape as [number, number, number];
    const k = kernelSize;
    const { outHeight: oh, outWidth: ow } = convGeometry(1, h, w, c, filters, k, padding);
    if (oh < 1 || ow < 1)
      throw new RangeError(`${name}: a ${k}×${k} VALID convolution needs images of at least ${k}×${k}`);
    this.backend = ctx.backend;
    this.outputShape = [oh, ow, filters];
    [this.weights, this.biases] = weightsAndBiases(
      ctx,
      name,
      [k, k, c, filters],
      filters,
      k * k * c,
      k * k * filters,
      init,
    );
    this.buffers = new BatchBuffers(ctx.backend, (batch) => ({
      y: ctx.backend.alloc([batch, oh, ow, filters]),
      dx: ctx.backend.alloc([batch, h, w, c]),
      geometry: convGeometry(batch, h, w, c, filters, k, padding),
    }));
  }

  forward(x: Tensor, _mode: Mode): Tensor {
    const { y, geometry } = this.buffers.get(batchOf(x, this.inputShape, this.name));
    this.x = x;
    this.backend.conv2dForward(x, this.weights.value, this.biases.value, y, geometry);
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean, overwrite = false): Tensor | undefined {
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward before forward`);
    const { dx, geometry } = this.buffers.get(x.shape[0] as number);
    if (overwrite) for (const p of this.params()) this.backend.fill(p.grad, 0);
    this.backend.conv2dBackwardFilter(x, dy, this.weights.grad, this.biases.grad, geometry);
    if (!needInputGrad) return undefined;
    this.backend.conv2dBackwardInput(dy, this.weights.value, dx, geometry);
    return dx;
  }

  params(): readonly Param[] {
    return [this.weights, this.biases];
  }

  dispose(): void {
    this.buffers.dispose();
    freeParams(this.backend, this.params());
  }
}
