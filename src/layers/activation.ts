import { type ActivationName, activationAlpha } from '../activations/activations.js';
import type { Backend } from '../backend/backend.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, type Layer, type Mode, type Param } from './layer.js';

/** y = f(x) elementwise, f one of `ACTIVATION_NAMES`. */
export class Activation implements Layer {
  readonly outputShape: Shape;
  private readonly backend: Backend;
  private readonly buffers: BatchBuffers<{ y: Tensor; dx: Tensor }>;
  private x: Tensor | undefined;
  private y: Tensor | undefined;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly kind: ActivationName,
    /** Leaky ReLU's slope or ELU's α (default: `activationAlpha(kind)`). */
    readonly alpha = activationAlpha(kind),
  ) {
    this.backend = ctx.backend;
    this.outputShape = inputShape;
    this.buffers = new BatchBuffers(ctx.backend, (batch) => ({
      y: ctx.backend.alloc([batch, ...inputShape]),
      dx: ctx.backend.alloc([batch, ...inputShape]),
    }));
  }

  forward(x: Tensor, _mode: Mode): Tensor {
    const { y } = this.buffers.get(batchOf(x, this.inputShape, this.name));
    this.backend.activationForward(this.kind, x, y, this.alpha);
    this.x = x;
    this.y = y;
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | undefined {
    if (!needInputGrad) return undefined;
    const { x, y } = this;
    if (!x || !y) throw new Error(`${this.name}: backward before forward`);
    const { dx } = this.buffers.get(x.shape[0] as number);
    this.backend.activationBackward(this.kind, x, y, dy, dx, this.alpha);
    return dx;
  }

  params(): readonly Param[] {
    return [];
  }

  dispose(): void {
    this.buffers.dispose();
  }
}
