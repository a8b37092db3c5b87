/**
 * nnlab — build, train and look inside small neural networks.
 * This entry point is browser-safe: it imports no Node built-ins. Node-only helpers
 * (files, pictures as PNG) are in `nnlab/node`.
 */

export {
  ACTIVATION_NAMES,
  type ActivationName,
  actFun,
  activationBackward,
  applyActivation,
  diffActFun,
  isActivationName,
} from './classic/activation.js';
export {
  type DeepNetworkConfig,
  DeepNeuralNetwork,
  type FitOptions,
  type Loss,
} from './classic/deep-neural-network.js';
export { Layer, type LayerActivation } from './classic/layer.js';
export { formatLossLine } from './classic/loss-line.js';
export { fromData, type Matrix, toArrays, zeros } from './classic/matrix.js';
export { type Gradients, NeuralNetwork, type NeuralNetworkConfig } from './classic/neural-network.js';
export type { Dataset } from './data/dataset.js';
export { linspace } from './data/linspace.js';
export { type CirclesOptions, makeCircles, makeMoons, type ToyOptions } from './data/toy.js';
export {
  type Classifier,
  classColor,
  type DecisionBoundaryOptions,
  decisionBoundarySvg,
  type Grid,
  makeGrid,
} from './plot/decision-boundary.js';
export { MT19937 } from './random/mt19937.js';
export { RandomState } from './random/random-state.js';
export { formatFixed, formatGeneral } from './util/format.js';
