import type { MnistPageConfig } from './config.js';

/**
 * The messages between the MNIST tab and its Web Worker, which holds the data, the
 * WebAssembly backend and the model (training never blocks the page).
 */
export type ToWorker =
  /** Load the kernels and the data: from `dataUrl` (the server's or the static build's copies), or the user's files. */
  | { kind: 'init'; wasm: Record<string, string>; threads: number; dataUrl?: string; files?: File[] }
  | { kind: 'train'; config: MnistPageConfig }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'stop' }
  /** Class probabilities of a prepared 28 × 28 digit. */
  | { kind: 'predict'; pixels: Float32Array; id: number }
  /** conv1's filters, and conv1/conv2's feature maps of test image `index`. */
  | { kind: 'inside'; index: number }
  /** Probabilities of the first `limit` test images (confusion matrix, mistakes). */
  | { kind: 'evaluate'; limit: number }
  | { kind: 'save' }
  | { kind: 'load'; bytes: Uint8Array; name: string; config: MnistPageConfig };

/** Feature maps of one layer for one image: `channels` maps of `side × side`, channel-last as the tensors hold them. */
export interface FeatureMaps {
  side: number;
  channels: number;
  values: Float32Array;
}

export type FromWorker =
  | { kind: 'loading'; file: string; loaded: number; total: number | undefined }
  | {
      kind: 'ready';
      backend: string;
      threads: number;
      isolated: boolean;
      train: number;
      validation: number;
      test: number;
    }
  | { kind: 'line'; text: string }
  | { kind: 'progress'; step: number; steps: number; loss: number; imagesPerSecond: number; etaSeconds: number }
  /** Summary records (framed TFRecords) written since the last message. */
  | { kind: 'records'; bytes: Uint8Array }
  | { kind: 'paused' }
  | { kind: 'done'; steps: number; testAccuracy: number; imagesPerSecond: number; seconds: number }
  | { kind: 'prediction'; id: number; probs: Float32Array }
  | {
      kind: 'inside';
      index: number;
      label: number;
      image: Float32Array;
      filters: Float32Array;
      conv1: FeatureMaps;
      conv2: FeatureMaps;
    }
  | { kind: 'evaluated'; probs: Float32Array; labels: Uint8Array; images: Float32Array }
  | { kind: 'saved'; bytes: Uint8Array }
  /** Weights loaded into a new model, built with the file's activation and init. */
  | {
      kind: 'loaded';
      name: string;
      metadata: Record<string, string>;
      activation: MnistPageConfig['activation'];
      init: MnistPageConfig['init'];
    }
  /** A request failed (`of`: which); only a failed `init` or `train` ends what the tab was doing. */
  | { kind: 'error'; of: ToWorker['kind']; message: string };
