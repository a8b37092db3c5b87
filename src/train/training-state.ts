import { decodeSafetensors, encodeSafetensors, expectTensors, type NamedTensor } from '../checkpoint/safetensors.js';
import { DataError } from '../data/data-error.js';
import type { BatchSampler, BatchSamplerState } from '../data/mnist/batches.js';
import { RandomState, type RandomStateSnapshot } from '../random/random-state.js';
import type { Trainer } from './trainer.js';

/** The `format` metadata of a training-state file. */
export const TRAINING_STATE_FORMAT = 'nnlab-training-state/1';

/** A run's settings as a checkpoint records them (JSON-able values). */
export type RunSettings = Readonly<Record<string, string | number | boolean | null>>;

/** What training continues from: the trainer (model + optimizer) and the batch sampler. */
export interface TrainingParts {
  readonly trainer: Trainer;
  readonly sampler: BatchSampler;
}

/** The step and settings a training-state file was saved at. */
export interface SavedTrainingState {
  /** Optimizer steps taken before the save: training continues with step `step`. */
  readonly step: number;
  readonly settings: RunSettings;
  /** Every metadata entry of the file (the caller's own included). */
  readonly metadata: Readonly<Record<string, string>>;
}

/**
 * Everything training consumes, as a safetensors file: the weights under their names
 * (`conv1/weights`: Python's `safetensors` loads them as they are), every optimizer
 * slot as `optimizer/<param>/<slot>`, and in `__metadata__` the step, the optimizer's
 * step count, the run's settings, the model's generator (dropout masks) and the
 * sampler's position (its epoch's order, base64 int32, and its generator). Restored by
 * {@link restoreTrainingState}, training continues bit for bit as if never stopped.
 */
export function encodeTrainingState(
  parts: TrainingParts,
  step: number,
  settings: RunSettings,
  metadata: Readonly<Record<string, string>> = {},
): Uint8Array {
  const { model, optimizer } = parts.trainer;
  const params = model.params();
  const tensors: NamedTensor[] = [
    ...params.map((p) => ({ name: p.name, shape: p.value.shape, data: p.value.data })),
    ...optimizer
      .slots(params)
      .map((s) => ({ name: `optimizer/${s.name}`, shape: s.tensor.shape, data: s.tensor.data })),
  ];
  const sampler = parts.sampler.getState();
  return encodeSafetensors(tensors, {
    ...metadata,
    format: TRAINING_STATE_FORMAT,
    step: String(step),
    optimizer: optimizer.config.kind,
    optimizerSteps: String(optimizer.steps),
    settings: JSON.stringify(settings),
    modelRandom: JSON.stringify(model.random.getState()),
    sampler: JSON.stringify({ ...sampler, order: int32ToBase64(sampler.order) }),
  });
}

/**
 * Restores a file of {@link encodeTrainingState} into `parts` (built like the saved
 * ones). Mismatches are one-line `DataError`s naming the file and what differs: a
 * tensor the model lacks or has in another shape, another optimizer, a setting of
 * `mustMatch` with another value, a damaged file.
 * @param mustMatch settings that must equal the saved ones (architecture, batch size, data…)
 * @param olderDefaults for settings that files written before them lack: the value those runs had
 */
export function restoreTrainingState(
  bytes: Uint8Array,
  name: string,
  parts: TrainingParts,
  mustMatch: RunSettings = {},
  olderDefaults: RunSettings = {},
): SavedTrainingState {
  return readTrainingState(bytes, name, parts, mustMatch, olderDefaults, true);
}

/**
 * Checks a file of {@link encodeTrainingState} against `parts` as
 * {@link restoreTrainingState} does, changing nothing: for a caller that must refuse a
 * bad checkpoint before it writes anything.
 */
export function checkTrainingState(
  bytes: Uint8Array,
  name: string,
  parts: TrainingParts,
  mustMatch: RunSettings = {},
  olderDefaults: RunSettings = {},
): SavedTrainingState {
  return readTrainingState(bytes, name, parts, mustMatch, olderDefaults, false);
}

function readTrainingState(
  bytes: Uint8Array,
  name: string,
  parts: TrainingParts,
  mustMatch: RunSettings,
  olderDefaults: RunSettings,
  apply: boolean,
): SavedTrainingState {
  const { tensors, metadata } = decodeSafetensors(bytes, name);
  const fail = (why: string): never => {
    throw new DataError(`${name}: ${why}`);
  };
  if (metadata.format !== TRAINING_STATE_FORMAT) {
    fail(`not an nnlab training state (format ${metadata.format ?? 'missing'}; weights-only files load with --load)`);
  }
  const settings = parseJson<RunSettings>(metadata.settings, 'settings', fail);
  for (const [key, value] of Object.entries(mustMatch)) {
    const saved = key in settings ? settings[key] : olderDefaults[key];
    if (saved !== value) fail(`saved with ${key} ${String(saved)}, this run has ${String(value)}`);
  }
  const { model, optimizer } = parts.trainer;
  if (metadata.optimizer !== optimizer.config.kind) {
    fail(`saved with the ${metadata.optimizer} optimizer, this run uses ${optimizer.config.kind}`);
  }
  const params = model.params();
  const expected = new Map(params.map((p) => [p.name, p.value.shape]));
  for (const s of optimizer.slots(params)) expected.set(`optimizer/${s.name}`, s.tensor.shape);
  expectTensors(name, tensors, expected);
  const step = Number(metadata.step);
  const optimizerSteps = Number(metadata.optimizerSteps);
  if (!(Number.isInteger(step) && step >= 0)) fail(`bad step ${metadata.step}`);
  const sampler = parseJson<Omit<BatchSamplerState, 'order'> & { order: string }>(metadata.sampler, 'sampler', fail);
  const modelRandom = parseJson<RandomStateSnapshot>(metadata.modelRandom, 'modelRandom', fail);
  if (!(Number.isInteger(optimizerSteps) && optimizerSteps >= 0)) {
    fail(`bad optimizer step count ${metadata.optimizerSteps}`);
  }
  let samplerState: BatchSamplerState | undefined;
  try {
    // Everything the restore takes is checked first, on scratch objects: a check changes nothing.
    samplerState = { ...sampler, order: base64ToInt32(sampler.order) };
    parts.sampler.checkState(samplerState);
    new RandomState(0).setState(modelRandom);
    new RandomState(0).setState(sampler.random);
  } catch (error) {
    fail(`its training state is damaged: ${(error as Error).message}`);
  }
  if (!apply || !samplerState) return { step, settings, metadata };
  try {
    parts.sampler.setState(samplerState);
    model.random.setState(modelRandom);
    for (const p of params) model.backend.write(p.value, (tensors.get(p.name) as NamedTensor).data);
    optimizer.restore(params, optimizerSteps, (slot) => tensors.get(`optimizer/${slot}`)?.data);
  } catch (error) {
    fail((error as Error).message);
  }
  return { step, settings, metadata };
}

function parseJson<T>(text: string | undefined, what: string, fail: (why: string) => never): T {
  try {
    if (text === undefined) throw new Error();
    return JSON.parse(text) as T;
  } catch {
    return fail(`its ${what} metadata is missing or not JSON`);
  }
}

/** Int32 values as base64 of their little-endian bytes (btoa/atob: browser and Node alike). */
function int32ToBase64(values: Int32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setInt32(i * 4, values[i] as number, true);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToInt32(text: string): Int32Array {
  const binary = atob(text);
  if (binary.length % 4 !== 0) throw new RangeError('the sampler order is not a list of int32');
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  return Int32Array.from({ length: binary.length / 4 }, (_, i) => view.getInt32(i * 4, true));
}
