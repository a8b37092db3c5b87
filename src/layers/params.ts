import { BIAS_INIT, type InitKind, initialWeights } from '../init/initializers.js';
import type { Shape } from '../tensor/tensor.js';
import type { BuildContext, Param } from './layer.js';

/** Allocates and initialises a weights/biases pair named `<layer>/weights`, `<layer>/biases`. */
export function weightsAndBiases(
  ctx: BuildContext,
  layer: string,
  weightShape: Shape,
  units: number,
  fanIn: number,
  fanOut: number,
  init: InitKind,
): [Param, Param] {
  const { backend } = ctx;
  const w = backend.alloc(weightShape);
  backend.write(w, initialWeights(init, fanIn, fanOut, w.data.length, ctx.random));
  const b = backend.alloc([units]);
  backend.fill(b, BIAS_INIT);
  return [
    { name: `${layer}/weights`, value: w, grad: backend.alloc(weightShape), role: 'weights' },
    { name: `${layer}/biases`, value: b, grad: backend.alloc([units]), role: 'biases' },
  ];
}
