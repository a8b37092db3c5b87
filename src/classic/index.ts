/**
 * The course's float64 networks, a self-contained teaching module exported as the
 * `classic` namespace: `NeuralNetwork` (input → hidden → softmax, the homework's method
 * names) and `DeepNeuralNetwork` (any depth), trained with summed gradients, compensated
 * sums and an unshifted softmax so that their numbers are numpy's, digit for digit.
 * They share the activations, data, random generator and plots with the engine, not
 * its layers: see docs/architecture.md for why.
 */
export { actFun, diffActFun } from './activation.js';
export {
  type DeepNetworkConfig,
  DeepNeuralNetwork,
  type FitOptions,
  type Loss,
  PENALTIES,
  type Penalty,
} from './deep-neural-network.js';
export { Layer } from './layer.js';
export { formatLossLine, formatTestLossLine } from './loss-line.js';
export { fromData, type Matrix, toArrays, zeros } from './matrix.js';
export { type Gradients, NeuralNetwork, type NeuralNetworkConfig } from './neural-network.js';
