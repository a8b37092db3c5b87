import type { ActivationKind, Backend } from '../backend/backend.js';
import type { Shape, Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, type Layer, type Mode, type Param } from './layer.js';

/** Activations a model can use between layers (the CLI's `--activation`). */
export const ACTIVATION_KINDS = ['relu', 'tanh', 'sigmoid', 'leaky-relu'] as const satisfies readonly ActivationKind[];

/** Leaky ReLU's slope for negative inputs (TensorFlow's `tf.nn.leaky_relu` default). */
export const LEAKY_RELU_ALPHA = 0.2;

/** y = f(x) elementwise. */
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
    readonly kind: ActivationKind,
    readonly alpha = LEAKY_RELU_ALPHA,
  ) {
    this.backend = ctx.backend;
    this.outputShape = inputShape;
    this.buffers = new BatchBuffers((batch) => ({
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
}
