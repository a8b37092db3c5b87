/**
 * nnlab — build, train and look inside small neural networks.
 * This entry point is browser-safe: it imports no Node built-ins. Node-only helpers
 * (files, pictures as PNG) are in `nnlab/node`.
 */

// The float32 engine.
export type { ActivationKind, AdamStep, Backend, Conv2DGeometry, TensorStats } from './backend/backend.js';
export { JsBackend } from './backend/js/js-backend.js';
export { createKernelMemory, createWasmBackendFromModule, instantiateKernels } from './backend/wasm/instantiate.js';
export { type ParallelKernel, type ParallelRunner, SerialRunner, type WasmKernels } from './backend/wasm/kernels.js';
export { WasmBackend } from './backend/wasm/wasm-backend.js';
export { decodeSafetensors, encodeSafetensors, type NamedTensor, type Safetensors } from './checkpoint/safetensors.js';
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
export { DataError } from './data/data-error.js';
export type { Dataset } from './data/dataset.js';
export { linspace } from './data/linspace.js';
export { type Batch, BatchSampler, fillBatch } from './data/mnist/batches.js';
export { type IdxArray, parseIdx } from './data/mnist/idx.js';
export {
  MNIST_CLASSES,
  MNIST_PIXELS,
  MNIST_SIDE,
  type Mnist,
  type MnistFiles,
  type MnistSplit,
  parseMnist,
  VALIDATION_SIZE,
} from './data/mnist/mnist.js';
export { type CirclesOptions, makeCircles, makeMoons, type ToyOptions } from './data/toy.js';
export { BIAS_INIT, INIT_KINDS, type InitKind, initialWeights } from './init/initializers.js';
export { ACTIVATION_KINDS, Activation, LEAKY_RELU_ALPHA } from './layers/activation.js';
export { Conv2D, type Padding } from './layers/conv2d.js';
export { Dense } from './layers/dense.js';
export { Dropout } from './layers/dropout.js';
export { Flatten } from './layers/flatten.js';
export type { BuildContext, Layer as EngineLayer, Mode, Param } from './layers/layer.js';
export { MaxPool2D } from './layers/max-pool2d.js';
export { Sequential, type SequentialOptions } from './layers/sequential.js';
export { buildLayer, type LayerSpec } from './layers/spec.js';
export { SoftmaxCrossEntropy } from './losses/softmax-cross-entropy.js';
export { buildDcn, DCN_WEIGHT_LAYERS, type DcnOptions, dcnSpecs, dcnWatchedLayers } from './models/dcn.js';
export {
  createOptimizer,
  OPTIMIZER_KINDS,
  type Optimizer,
  type OptimizerConfig,
  type OptimizerKind,
} from './optim/optimizers.js';
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
// Summaries: TensorBoard event files.
export { crc32c, maskedCrc32c } from './summary/crc32c.js';
export {
  decodeEvent,
  encodeEvent,
  type Histogram,
  type SummaryImage,
  type SummaryMetadata,
  type SummaryTensor,
  type SummaryValue,
  type TfEvent,
  tensorNumbers,
} from './summary/event.js';
export { DEFAULT_BUCKET_EDGES, makeHistogram, pairwiseSum } from './summary/histogram.js';
export { type WatchedLayer, writeLayerSummaries, writeStats } from './summary/layer-summaries.js';
export { addEvent, type EventFileContents, emptyContents, type Point, readEventFile } from './summary/reader.js';
export { FILE_VERSION, type RecordSink, SummaryWriter } from './summary/summary-writer.js';
export { frameRecord, type ParsedRecords, parseRecords, type ScannedRecords, scanRecords } from './summary/tfrecord.js';
export { type DType, reshape, type Shape, type Storage, shapeSize, type Tensor } from './tensor/tensor.js';
export { loadWeights, saveWeights } from './train/checkpoint.js';
export { EVAL_BATCH, evaluateAccuracy } from './train/evaluate.js';
export { type MnistRunConfig, type MnistRunEvents, type MnistRunResult, runMnist } from './train/mnist-run.js';
export { Trainer } from './train/trainer.js';
export { formatFixed, formatGeneral } from './util/format.js';
