import type { Backend } from '../backend/backend.js';
import type { InitKind } from '../init/initializers.js';
import { formatShape, type Shape, type Tensor } from '../tensor/tensor.js';
import { BatchBuffers, type BuildContext, batchOf, freeParams, type Layer, type Mode, type Param } from './layer.js';
import { weightsAndBiases } from './params.js';

/** A fully connected layer y = x·W + b; x: [batch, in], W: [in, units], b: [units]. */
export class Dense implements Layer {
  readonly outputShape: Shape;
  private readonly backend: Backend;
  private readonly weights: Param;
  private readonly biases: Param;
  private readonly buffers: BatchBuffers<{ y: Tensor; dx: Tensor }>;
  private x: Tensor | undefined;

  constructor(
    ctx: BuildContext,
    readonly name: string,
    readonly inputShape: Shape,
    readonly units: number,
    init: InitKind,
  ) {
    if (inputShape.length !== 1)
      throw new RangeError(`${name}: dense layers take flat inputs, got ${formatShape(inputShape)}`);
    const inputs = inputShape[0] as number;
    this.backend = ctx.backend;
    this.outputShape = [units];
    [this.weights, this.biases] = weightsAndBiases(ctx, name, [inputs, units], units, inputs, units, init);
    this.buffers = new BatchBuffers(ctx.backend, (batch) => ({
      y: ctx.backend.alloc([batch, units]),
      dx: ctx.backend.alloc([batch, inputs]),
    }));
  }

  forward(x: Tensor, _mode: Mode): Tensor {
    const { y } = this.buffers.get(batchOf(x, this.inputShape, this.name));
    this.x = x;
    this.backend.matmul(x, this.weights.value, y, false, false, false);
    this.backend.addBias(y, this.biases.value);
    return y;
  }

  backward(dy: Tensor, needInputGrad: boolean, overwrite = false): Tensor | undefined {
    const x = this.x;
    if (!x) throw new Error(`${this.name}: backward before forward`);
    const { dx } = this.buffers.get(x.shape[0] as number);
    this.backend.matmul(x, dy, this.weights.grad, true, false, !overwrite); // dW (+)= xᵀ·dy
    if (overwrite) this.backend.fill(this.biases.grad, 0);
    this.backend.biasGrad(dy, this.biases.grad); // db += Σ dy
    if (!needInputGrad) return undefined;
    this.backend.matmul(dy, this.weights.value, dx, false, true, false); // dx = dy·Wᵀ
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
