import { afterAll, describe, expect, it } from 'vitest';
import { activationAlpha, GELU_SCALE } from '../../src/activations/activations.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { bestWasmVariant, createWasmBackend } from '../../src/backend/wasm/node/loader.js';
import type { WasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { actFun, diffActFun } from '../../src/classic/index.js';
import type { Backend } from '../../src/index.js';
import { fixtureJson } from '../helpers/fixtures.js';

// GELU (tanh form), ELU and leaky ReLU against PyTorch 1.13's float64 values and
// autograd derivatives (test/fixtures/make_activation_fixtures.py): the course's float64
// loops, the float64 reference backend, and the float32 WebAssembly builds.
type Name = 'gelu' | 'elu' | 'leaky-relu';
const NAMES: Name[] = ['gelu', 'elu', 'leaky-relu'];
const ref = fixtureJson<{ x: number[] } & Record<Name, { y: number[]; dy: number[] }>>('torch_activations.json');
const x = Float64Array.from(ref.x);

function worst(actual: ArrayLike<number>, expected: number[], scale: (v: number) => number): number {
  let w = 0;
  for (let i = 0; i < expected.length; i++) {
    w = Math.max(w, Math.abs((actual[i] as number) - (expected[i] as number)) / scale(expected[i] as number));
  }
  return w;
}

/** f(x) and f'(x) (dy = 1) on a backend. */
function onBackend(b: Backend, name: Name): { y: ArrayLike<number>; dy: ArrayLike<number> } {
  const [xt, yt, ones, dx] = [b.alloc([x.length]), b.alloc([x.length]), b.alloc([x.length]), b.alloc([x.length])];
  b.write(xt, x);
  b.fill(ones, 1);
  b.activationForward(name, xt, yt, activationAlpha(name));
  b.activationBackward(name, xt, yt, ones, dx, activationAlpha(name));
  return { y: yt.data.slice(), dy: dx.data.slice() };
}

describe('activations against PyTorch', () => {
  it('GELU_SCALE is √(2/π) in float64', () => {
    expect(GELU_SCALE).toBe(Math.sqrt(2 / Math.PI));
  });

  for (const name of NAMES) {
    it(`${name}: the classic float64 loops agree to 1e-14`, () => {
      expect(worst(actFun(x, name), ref[name].y, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(1e-14);
      expect(worst(diffActFun(x, name), ref[name].dy, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(1e-14);
    });

    it(`${name}: the float64 reference backend agrees to 1e-14`, () => {
      const got = onBackend(new JsBackend('float64'), name);
      expect(worst(got.y, ref[name].y, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(1e-14);
      expect(worst(got.dy, ref[name].dy, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(1e-14);
    });
  }

  describe.each([...new Set([bestWasmVariant(), 'plain' as const])])('the %s WebAssembly build', (variant) => {
    let wasm: WasmBackend;
    afterAll(() => wasm?.close());
    for (const name of NAMES) {
      it(`${name}: agrees to float32 accuracy (2e-6 of max(1, |value|))`, async () => {
        wasm ??= await createWasmBackend({ threads: 1, variant });
        const got = onBackend(wasm, name);
        expect(worst(got.y, ref[name].y, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(2e-6);
        expect(worst(got.dy, ref[name].dy, (v) => Math.max(1, Math.abs(v)))).toBeLessThan(2e-6);
      });
    }
  });
});
