import type { Backend } from '../backend/backend.js';
import { decodeSafetensors, encodeSafetensors, expectTensors } from '../checkpoint/safetensors.js';
import type { Sequential } from '../layers/sequential.js';
import { TRAINING_STATE_FORMAT } from './training-state.js';

/** The model's parameters as a safetensors file (names like `conv1/weights`). */
export function saveWeights(model: Sequential, metadata: Record<string, string> = {}): Uint8Array {
  return encodeSafetensors(
    model.params().map((p) => ({ name: p.name, shape: p.value.shape, data: p.value.data })),
    metadata,
  );
}

/**
 * Restores every parameter of `model` from a safetensors file; names and shapes must
 * match exactly (a clear error names the first difference). A training-state file
 * (a checkpoint) works too: its optimizer slots are left out.
 */
export function loadWeights(model: Sequential, bytes: Uint8Array, name: string): Record<string, string> {
  const { tensors, metadata } = decodeSafetensors(bytes, name);
  const backend: Backend = model.backend;
  const params = model.params();
  const slots = metadata.format === TRAINING_STATE_FORMAT;
  const expected = new Map(params.map((p) => [p.name, p.value.shape]));
  expectTensors(name, tensors, expected, (k) => slots && k.startsWith('optimizer/'));
  for (const p of params) backend.write(p.value, (tensors.get(p.name) as { data: ArrayLike<number> }).data);
  return metadata;
}
