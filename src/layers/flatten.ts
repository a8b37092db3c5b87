import { reshape, type Shape, shapeSize, type Tensor } from '../tensor/tensor.js';
import { batchOf, type Layer, type Mode, type Param } from './layer.js';

/** [batch, h, w, c] → [batch, h·w·c] in row-major (NHWC) order, sharing storage. */
export class Flatten implements Layer {
  readonly outputShape: Shape;

  constructor(
    readonly name: string,
    readonly inputShape: Shape,
  ) {
    this.outputShape = [shapeSize(inputShape)];
  }

  forward(x: Tensor, _mode: Mode): Tensor {
    return reshape(x, [batchOf(x, this.inputShape, this.name), ...this.outputShape]);
  }

  backward(dy: Tensor, needInputGrad: boolean): Tensor | undefined {
    return needInputGrad ? reshape(dy, [dy.shape[0] as number, ...this.inputShape]) : undefined;
  }

  params(): readonly Param[] {
    return [];
  }

  /** Nothing to free: the outputs are views of the inputs. */
  dispose(): void {}
}
