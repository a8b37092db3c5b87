/**
 * nnlab — build, train and look inside small neural networks.
 * This entry point is browser-safe: it imports no Node built-ins. Node-only helpers
 * (files, pictures as PNG, WebAssembly from disk, threads, the board) are in `nnlab/node`.
 * docs/architecture.md maps the folders behind these exports.
 */

// Activation functions: one list for every network and kernel.
export {
  ACTIVATION_NAMES,
  type ActivationName,
  activationAlpha,
  ELU_ALPHA,
  GELU_CUBIC,
  GELU_SCALE,
  isActivationName,
  LEAKY_RELU_ALPHA,
} from './activations/activations.js';
// The float32 engine: backends, layers, models, losses, optimizers, training.
export type { AdamStep, Backend, Conv2DGeometry, TensorStats } from './backend/backend.js';
export {
  CONV_ALGORITHMS,
  type ConvAlgorithm,
  usesWinograd,
  WINOGRAD_MIN_CHANNELS,
  winogradApplies,
} from './backend/conv-algorithm.js';
export { JsBackend, type JsBackendOptions } from './backend/js/js-backend.js';
export type { WasmKernels } from './backend/wasm/abi.js';
export { type BrowserWasmBackendOptions, createBrowserWasmBackend } from './backend/wasm/browser-backend.js';
export { createWasmBackendFromModule } from './backend/wasm/instantiate.js';
export type { ParallelRunner } from './backend/wasm/runner.js';
export { bestBrowserVariant, type WasmVariant } from './backend/wasm/variants.js';
export { WasmBackend } from './backend/wasm/wasm-backend.js';
export { WebWorkerPool } from './backend/wasm/web-worker-pool.js';
export { decodeSafetensors, encodeSafetensors, type NamedTensor, type Safetensors } from './checkpoint/safetensors.js';
// The course's float64 networks, a teaching module of their own.
export * as classic from './classic/index.js';
export { DataError } from './data/data-error.js';
export type { Dataset } from './data/dataset.js';
export {
  DEFAULT_FEATURES,
  expandDataset,
  expandFeatures,
  FEATURE_LABELS,
  FEATURE_NAMES,
  type FeatureName,
  isFeatureName,
} from './data/features.js';
export { linspace } from './data/linspace.js';
export { type Batch, BatchSampler, type BatchSamplerState, fillBatch } from './data/mnist/batches.js';
export {
  type LoadMnistOptions,
  loadMnistFromUrls,
  MNIST_URL_FOLDER,
  mnistFromFiles,
  type NamedBlob,
} from './data/mnist/fetch-mnist.js';
export { type IdxArray, parseIdx } from './data/mnist/idx.js';
export {
  MNIST_CLASSES,
  MNIST_FILE_NAMES,
  MNIST_PIXELS,
  MNIST_SIDE,
  type Mnist,
  type MnistFiles,
  type MnistSplit,
  parseMnist,
  VALIDATION_SIZE,
} from './data/mnist/mnist.js';
export {
  type CirclesOptions,
  makeBlobs,
  makeCircles,
  makeMoons,
  makeSpirals,
  makeXor,
  type ToyOptions,
} from './data/toy.js';
export { formatToyCsv, parseToyCsv } from './data/toy-csv.js';
export {
  makeToyDataset,
  makeToySplit,
  TOY_DATASETS,
  TOY_DEFAULTS,
  type ToyDatasetName,
} from './data/toy-datasets.js';
export { BIAS_INIT, INIT_KINDS, type InitKind, initialWeights } from './init/initializers.js';
export { Activation } from './layers/activation.js';
export { Conv2D, type Padding } from './layers/conv2d.js';
export { Dense } from './layers/dense.js';
export { Dropout } from './layers/dropout.js';
export { Flatten } from './layers/flatten.js';
export type { BuildContext, Layer, Mode, Param } from './layers/layer.js';
export { MaxPool2D } from './layers/max-pool2d.js';
export { Sequential, type SequentialOptions } from './layers/sequential.js';
export { buildLayer, type LayerSpec } from './layers/spec.js';
export { SoftmaxCrossEntropy } from './losses/softmax-cross-entropy.js';
export { buildDcn, type DcnOptions, dcnSpecs, dcnWatchedLayers } from './models/dcn.js';
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
export { RandomState, type RandomStateSnapshot } from './random/random-state.js';
// Summaries: TensorBoard event files.
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
export { DEFAULT_BUCKET_EDGES, makeHistogram } from './summary/histogram.js';
export {
  decodeHParamsRecord,
  encodeHParamsRecord,
  HPARAMS_PLUGIN,
  HPARAMS_TAGS,
  type HParamInfo,
  type HParamsExperiment,
  type HParamsRecord,
  type HParamType,
  type HParamValue,
  hparamType,
  type MetricInfo,
  type SessionEnd,
  type SessionStart,
  type SessionStatus,
} from './summary/hparams.js';
export { type WatchedLayer, writeLayerSummaries, writeStats } from './summary/layer-summaries.js';
export {
  addEvent,
  type EventFileContents,
  emptyContents,
  type Point,
  type RunHParams,
  readEventFile,
} from './summary/reader.js';
export { FILE_VERSION, type RecordSink, SummaryWriter } from './summary/summary-writer.js';
export { type DType, reshape, type Shape, type Storage, shapeSize, type Tensor } from './tensor/tensor.js';
export { loadWeights, saveWeights } from './train/checkpoint.js';
export { EVAL_BATCH, evaluateAccuracy } from './train/evaluate.js';
export { type MnistRunConfig, type MnistRunEvents, type MnistRunResult, runMnist } from './train/mnist-run.js';
export {
  createToyRun,
  runToy,
  type ToyLossContext,
  type ToyRun,
  type ToyRunConfig,
  type ToyRunEvents,
  type ToyRunResult,
  toyAccuracyLines,
  toyLossLines,
  toyRunTitle,
  toyTestSamples,
} from './train/toy-run.js';
export { type ToyLossReport, ToyTrainer, type ToyTrainerOptions } from './train/toy-trainer.js';
export { Trainer } from './train/trainer.js';
export {
  checkTrainingState,
  encodeTrainingState,
  type RunSettings,
  restoreTrainingState,
  type SavedTrainingState,
  TRAINING_STATE_FORMAT,
  type TrainingParts,
} from './train/training-state.js';
