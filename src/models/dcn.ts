import type { ActivationName } from '../activations/activations.js';
import type { Backend } from '../backend/backend.js';
import type { InitKind } from '../init/initializers.js';
import { Sequential } from '../layers/sequential.js';
import type { LayerSpec } from '../layers/spec.js';
import type { WatchedLayer } from '../summary/layer-summaries.js';
import type { Tensor } from '../tensor/tensor.js';

/** The course's dropout: fc1's units are kept with probability ½ while training. */
export const DCN_KEEP_PROB = 0.5;

/** Choices of the course's "more fun" experiments. */
export interface DcnOptions {
  /** Activation after each conv and fc1 (default relu). */
  activation?: ActivationName;
  /** Weight initialisation (default: truncated normal σ 0.1). */
  init?: InitKind;
  /** Dropout keep probability during training (default {@link DCN_KEEP_PROB}). */
  keepProb?: number;
  /** Seed of the weights and dropout masks (default 0). */
  seed?: number;
}

/**
 * The course's deep convolutional network (the "DCN") as layer specs:
 * 28×28×1 → conv 5×5×32 SAME → act → max-pool 2×2 → conv 5×5×64 SAME → act →
 * max-pool 2×2 → flatten 3136 → dense 1024 → act → dropout → dense 10 (logits).
 */
export function dcnSpecs(options: DcnOptions = {}): LayerSpec[] {
  const activation = options.activation ?? 'relu';
  const init = options.init ?? 'default';
  return [
    { kind: 'conv2d', name: 'conv1', filters: 32, kernelSize: 5, padding: 'same', init },
    { kind: 'activation', name: 'conv1_act', activation },
    { kind: 'max-pool2d', name: 'pool1' },
    { kind: 'conv2d', name: 'conv2', filters: 64, kernelSize: 5, padding: 'same', init },
    { kind: 'activation', name: 'conv2_act', activation },
    { kind: 'max-pool2d', name: 'pool2' },
    { kind: 'flatten', name: 'flatten' },
    { kind: 'dense', name: 'fc1', units: 1024, init },
    { kind: 'activation', name: 'fc1_act', activation },
    { kind: 'dropout', name: 'dropout', keepProb: options.keepProb ?? DCN_KEEP_PROB },
    { kind: 'dense', name: 'fc2', units: 10, init },
  ];
}

/** Builds the DCN on a backend. */
export function buildDcn(backend: Backend, options: DcnOptions = {}): Sequential {
  return Sequential.build(backend, [28, 28, 1], dcnSpecs(options), { seed: options.seed ?? 0 });
}

/**
 * The DCN's layers as the course's summaries watch them: conv1, conv2, fc1 with their
 * activation layers, and fc2 (the softmax layer) with the softmax probabilities.
 */
export function dcnWatchedLayers(softmax: Tensor): WatchedLayer[] {
  return [
    { name: 'conv1', activation: 'conv1_act' },
    { name: 'conv2', activation: 'conv2_act' },
    { name: 'fc1', activation: 'fc1_act' },
    { name: 'fc2', activation: softmax },
  ];
}
