import { describe, expect, it } from 'vitest';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { decodeSafetensors, encodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { buildDcn } from '../../src/models/dcn.js';
import { loadWeights, saveWeights } from '../../src/train/checkpoint.js';
import { fixtureBytes } from '../helpers/fixtures.js';

describe('safetensors', () => {
  it('reads a file written by an independent Python encoder', () => {
    const { tensors, metadata } = decodeSafetensors(fixtureBytes('safetensors_reference.bin'), 'ref');
    expect(metadata).toEqual({ who: 'python' });
    expect(tensors.get('a/weights')?.shape).toEqual([2, 3]);
    expect(Array.from(tensors.get('a/weights')?.data ?? [])).toEqual([1.5, -2, 0.25, 3, 0, -0.125]);
    expect(Array.from(tensors.get('b')?.data ?? [])).toEqual([Math.PI, -1e-300]);
  });

  it('writes the layout the format specifies: u64 header size, JSON header padded to 8 bytes, data in order', () => {
    const bytes = encodeSafetensors(
      [
        { name: 'x', shape: [3], data: Float32Array.of(1, 2, 3) },
        { name: 'y', shape: [1, 1], data: Float64Array.of(-4) },
      ],
      { note: 'ü' },
    );
    const view = new DataView(bytes.buffer);
    const n = Number(view.getBigUint64(0, true));
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
    expect(header).toEqual({
      __metadata__: { note: 'ü' },
      x: { dtype: 'F32', shape: [3], data_offsets: [0, 12] },
      y: { dtype: 'F64', shape: [1, 1], data_offsets: [12, 20] },
    });
    expect(view.getFloat32(8 + n + 8, true)).toBe(3);
    expect(view.getFloat64(8 + n + 12, true)).toBe(-4);
    expect(bytes.length).toBe(8 + n + 20);
  });

  it('rejects damaged files with the file name in the message', () => {
    const bytes = encodeSafetensors([{ name: 'x', shape: [2], data: Float32Array.of(1, 2) }]);
    expect(() => decodeSafetensors(bytes.subarray(0, bytes.length - 1), 'w.st')).toThrow(/w\.st: .*bad byte range/);
    expect(() => decodeSafetensors(Uint8Array.of(1, 2, 3), 'w.st')).toThrow(/w\.st/);
  });
});

describe('model checkpoints', () => {
  it('save then load restores every DCN parameter exactly; mismatches are named', () => {
    const backend = new JsBackend('float32');
    const a = buildDcn(backend, { seed: 1 });
    const b = buildDcn(backend, { seed: 2, init: 'xavier' });
    const bytes = saveWeights(a, { steps: '0' });
    expect(loadWeights(b, bytes, 'a.safetensors')).toEqual({ steps: '0' });
    for (const [i, p] of b.params().entries()) expect(p.value.data).toEqual(a.params()[i]?.value.data);
    const small = encodeSafetensors([{ name: 'conv1/weights', shape: [3, 3, 1, 32], data: new Float32Array(288) }]);
    expect(() => loadWeights(b, small, 's.st')).toThrow(/s\.st: conv1\/weights is 3×3×1×32, the model needs 5×5×1×32/);
  });
});
