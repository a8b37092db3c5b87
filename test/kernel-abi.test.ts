import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../src/activations/activations.js';
import { FLOAT32_KERNEL_TABLES } from '../src/backend/wasm/abi.js';
import { instantiateKernels } from '../src/backend/wasm/instantiate.js';
import { WASM_FILES, type WasmVariant } from '../src/backend/wasm/node/loader.js';
import { CLASSIC_KERNEL_PARAMS, instantiateClassicKernels } from '../src/classic/wasm/abi.js';
import { CLASSIC_WASM_FILE } from '../src/classic/wasm/node/loader.js';
import { ACTIVATION_CODES } from '../src/kernel-abi/activations.js';
import { checkKernelExports, packArgs } from '../src/kernel-abi/bindings.js';
import { ABI_SIGNATURE, ACT_COUNT } from '../src/kernel-abi/codes.js';

// The kernel ABI: codes declared once (src/kernel-abi/codes.ts, compiled by both
// languages), kernel parameters declared once per module, and a start-up check that
// refuses a module that disagrees.

const module = (file: URL) => new WebAssembly.Module(readFileSync(file));

describe('the kernel ABI', () => {
  it('gives every activation its own code below ACT_COUNT', () => {
    const codes = ACTIVATION_NAMES.map((n) => ACTIVATION_CODES[n]);
    expect(new Set(codes).size).toBe(ACTIVATION_NAMES.length);
    for (const c of codes) expect(c >= 0 && c < ACT_COUNT).toBe(true);
  });

  it('every built module carries the signature of the codes it was built from', () => {
    // Relaxed SIMD may need a V8 flag: the loader's probe sets it; here only the others.
    for (const variant of ['simd', 'plain'] as WasmVariant[]) {
      const { kernels } = instantiateKernels(module(WASM_FILES[variant]), variant);
      expect((kernels as unknown as { ABI_SIGNATURE: WebAssembly.Global }).ABI_SIGNATURE.value).toBe(ABI_SIGNATURE);
    }
    expect(() => instantiateClassicKernels(module(CLASSIC_WASM_FILE))).not.toThrow();
  });

  it('packs named arguments in the table order', () => {
    const args = { kind: 1, x: 2, y: 3, len: 4, alpha: 0.5 };
    expect(packArgs(FLOAT32_KERNEL_TABLES[0].table, 'activationForward', args)).toEqual([1, 2, 3, 4, 0.5]);
    expect(packArgs(CLASSIC_KERNEL_PARAMS, 'softmax', { c: 4, n: 3, p: 2, z: 1 })).toEqual([1, 2, 3, 4]);
  });

  describe('refuses, with one line, a module that does not match', () => {
    const real = new WebAssembly.Instance(module(CLASSIC_WASM_FILE), { env: { exp: Math.exp, tanh: Math.tanh } })
      .exports;
    const tables = [{ table: CLASSIC_KERNEL_PARAMS, trailing: 0 }];
    const check = (exports: WebAssembly.Exports) => () => checkKernelExports(exports, tables, 'm.wasm');

    it('accepts the real one', () => expect(check(real)).not.toThrow());
    it('another ABI signature', () => {
      const stale = { ...real, ABI_SIGNATURE: new WebAssembly.Global({ value: 'i32' }, ABI_SIGNATURE + 1) };
      expect(check(stale)).toThrow(
        `m.wasm does not match this nnlab (ABI signature ${ABI_SIGNATURE + 1}, expected ${ABI_SIGNATURE}); rebuild it with npm run build:wasm`,
      );
    });
    it('no signature at all', () => {
      const { ABI_SIGNATURE: _, ...unsigned } = real;
      expect(check(unsigned)).toThrow('it exports no ABI_SIGNATURE');
    });
    it('a missing kernel', () => {
      const { affine: _, ...missing } = real;
      expect(check(missing)).toThrow('no kernel affine');
    });
    it('a kernel with other parameters', () => {
      const swapped = { ...real, softmax: (a: number, b: number, c: number) => a + b + c };
      expect(check(swapped)).toThrow('kernel softmax takes 3 arguments, expected 4');
    });
  });
});
