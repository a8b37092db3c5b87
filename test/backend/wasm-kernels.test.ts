import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES, activationAlpha } from '../../src/activations/activations.js';
import type { Backend } from '../../src/backend/backend.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { bestWasmVariant, createWasmBackend, type WasmVariant } from '../../src/backend/wasm/node/loader.js';
import type { WasmBackend } from '../../src/backend/wasm/wasm-backend.js';
import { convGeometry } from '../../src/layers/conv2d.js';
import { buildDcn } from '../../src/models/dcn.js';
import type { Shape, Tensor } from '../../src/tensor/tensor.js';
import { Trainer } from '../../src/train/trainer.js';
import { randomTensor } from '../helpers/tensors.js';

// Every kernel of the fast backend against the float32 reference on random shapes,
// ragged edges included (sizes that are not multiples of the 6×8 tile or 4 lanes),
// for the build this runtime gets (relaxed SIMD on Node ≥ 20) and for the plain
// build (no SIMD), forced. Float32 sums in a different order differ by a few ulps of
// the largest partial sum, so results are compared with a tolerance relative to the
// output's scale.
const TOLERANCE = 2e-5;
const BUILDS: WasmVariant[] = [...new Set<WasmVariant>([bestWasmVariant(), 'plain'])];

const js = new JsBackend('float32');

/** The same random values in a tensor of each backend. */
function tensors(shape: Shape, seed: number, backends: Backend[], scale = 1): Tensor[] {
  return backends.map((b) => randomTensor(b, shape, seed, scale));
}

function closeTo(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length).toBe(expected.length);
  let scale = 1e-30;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i] as number));
  let worst = 0;
  for (let i = 0; i < expected.length; i++)
    worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
  expect(worst / scale, what).toBeLessThan(TOLERANCE);
}

function same(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  expect(Array.from(a), what).toEqual(Array.from(b));
}

/** Three steps of Adam on the DCN: the losses and conv1's weights after them. */
function trainDcn(b: Backend): { losses: number[]; weights: Tensor['data'] } {
  const model = buildDcn(b, { seed: 3 });
  const trainer = new Trainer(model, { kind: 'adam', lr: 1e-3 });
  const [images] = tensors([4, 28, 28, 1], 9, [b]);
  const labels = Int32Array.of(1, 7, 3, 3);
  const losses = [0, 1, 2].map(() => trainer.step({ images: images!, labels }));
  return { losses, weights: model.params()[0]!.value.data.slice() };
}
// The reference backend's run, shared by every build's test (it is the slow one).
let reference: ReturnType<typeof trainDcn> | undefined;

/** Kernel specs: each runs one kernel on [js, wasm×1, wasm×2] and returns the outputs to compare. */
type Spec = (backends: Backend[]) => ArrayLike<number>[][];
const specs: Record<string, Spec> = {
  matmul: (bs) => {
    const outs: ArrayLike<number>[][] = bs.map(() => []);
    let seed = 1;
    for (const [m, n, k] of [
      [1, 1, 1],
      [7, 9, 5],
      [13, 17, 300],
      [50, 10, 1024],
      [61, 130, 257],
    ] as const) {
      for (const [tA, tB] of [
        [false, false],
        [false, true],
        [true, false],
        [true, true],
      ] as const) {
        for (const accumulate of [false, true]) {
          const as = tensors(tA ? [k, m] : [m, k], seed++, bs);
          const bb = tensors(tB ? [n, k] : [k, n], seed++, bs);
          const cs = tensors([m, n], seed++, bs);
          bs.forEach((b, i) => {
            b.matmul(as[i]!, bb[i]!, cs[i]!, tA, tB, accumulate);
            outs[i]!.push(cs[i]!.data.slice());
          });
        }
      }
    }
    return outs;
  },
  conv2d: (bs) => {
    const outs: ArrayLike<number>[][] = bs.map(() => []);
    // The 5×5 SAME geometries with ≥ 8 input channels go through Winograd (the default `auto`);
    // one input channel goes through the one-channel kernels (37 outputs: a 32-lane chunk and a tail).
    for (const [h, w, c, f, k, pad] of [
      [9, 7, 3, 5, 5, 2],
      [7, 10, 9, 13, 5, 2],
      [11, 9, 1, 37, 5, 2],
      [6, 6, 1, 8, 3, 0],
      [5, 4, 4, 3, 2, 0],
    ] as const) {
      const g = convGeometry(3, h, w, c, f, k, pad ? 'same' : 'valid');
      const [oh, ow] = [g.outHeight, g.outWidth];
      const xs = tensors([3, h, w, c], h, bs);
      const ws = tensors([k, k, c, f], w, bs);
      const bsv = tensors([f], c, bs);
      const dys = tensors([3, oh, ow, f], f, bs);
      bs.forEach((b, i) => {
        const y = b.alloc([3, oh, ow, f]);
        const dx = b.alloc([3, h, w, c]);
        const dw = b.alloc([k, k, c, f]);
        const db = b.alloc([f]);
        b.conv2dForward(xs[i]!, ws[i]!, bsv[i]!, y, g);
        b.conv2dBackwardInput(dys[i]!, ws[i]!, dx, g);
        b.conv2dBackwardFilter(xs[i]!, dys[i]!, dw, db, g);
        outs[i]!.push(y.data.slice(), dx.data.slice(), dw.data.slice(), db.data.slice());
      });
    }
    return outs;
  },
  bias: (bs) => {
    const xs = tensors([13, 7], 1, bs);
    const bias = tensors([7], 2, bs);
    const grads = tensors([7], 3, bs);
    return bs.map((b, i) => {
      b.addBias(xs[i]!, bias[i]!);
      b.biasGrad(xs[i]!, grads[i]!);
      return [xs[i]!.data.slice(), grads[i]!.data.slice()];
    });
  },
  maxPool: (bs) => {
    const outs: ArrayLike<number>[][] = bs.map(() => []);
    for (const [h, w, c] of [
      [6, 6, 8],
      [5, 7, 3],
      [28, 28, 32],
    ] as const) {
      const xs = tensors([2, h, w, c], h * w + c, bs);
      const oh = Math.ceil(h / 2);
      const ow = Math.ceil(w / 2);
      const dys = tensors([2, oh, ow, c], c, bs);
      bs.forEach((b, i) => {
        const y = b.alloc([2, oh, ow, c]);
        const argmax = b.allocIndices(y.data.length);
        const dx = b.alloc([2, h, w, c]);
        b.maxPoolForward(xs[i]!, y, argmax);
        b.maxPoolBackward(dys[i]!, argmax, dx);
        outs[i]!.push(y.data.slice(), Float64Array.from(argmax), dx.data.slice());
      });
    }
    return outs;
  },
  activations: (bs) => {
    const outs: ArrayLike<number>[][] = bs.map(() => []);
    for (const kind of ACTIVATION_NAMES) {
      // Wide inputs reach the saturated and the small-|x| branches of tanh and exp.
      const xs = tensors([1031], 5, bs, 6);
      const dys = tensors([1031], 6, bs);
      bs.forEach((b, i) => {
        const y = b.alloc([1031]);
        const dx = b.alloc([1031]);
        b.activationForward(kind, xs[i]!, y, activationAlpha(kind) || 0.2);
        b.activationBackward(kind, xs[i]!, y, dys[i]!, dx, activationAlpha(kind) || 0.2);
        outs[i]!.push(y.data.slice(), dx.data.slice());
      });
    }
    return outs;
  },
  multiply: (bs) => {
    const xs = tensors([37], 1, bs);
    const ms = tensors([37], 2, bs);
    return bs.map((b, i) => {
      const y = b.alloc([37]);
      b.multiply(xs[i]!, ms[i]!, y);
      return [y.data.slice()];
    });
  },
  softmax: (bs) => {
    const logits = tensors([9, 10], 3, bs, 4);
    const labels = Int32Array.from({ length: 9 }, (_, i) => (i * 7) % 10);
    return bs.map((b, i) => {
      const probs = b.alloc([9, 10]);
      const grad = b.alloc([9, 10]);
      const loss = b.softmaxCrossEntropy(logits[i]!, labels, probs, grad);
      const argmax = new Int32Array(9);
      b.argmaxRows(logits[i]!, argmax);
      return [[loss], probs.data.slice(), grad.data.slice(), Float64Array.from(argmax)];
    });
  },
  optimizers: (bs) => {
    const outs: ArrayLike<number>[][] = bs.map(() => []);
    const apply: Array<(b: Backend, w: Tensor, g: Tensor, s1: Tensor, s2: Tensor) => void> = [
      (b, w, g) => b.sgdUpdate(w, g, 0.1),
      (b, w, g, s1) => b.momentumUpdate(w, g, s1, 0.1, 0.9),
      (b, w, g, s1) => b.adagradUpdate(w, g, s1, 0.1),
      (b, w, g, s1, s2) => b.rmspropUpdate(w, g, s1, s2, 0.01, 0.9, 0.5, 1e-10),
      (b, w, g, s1, s2) => b.adamUpdate(w, g, s1, s2, { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }),
    ];
    apply.forEach((update, u) => {
      const ws = tensors([103], u, bs);
      const gs = tensors([103], u + 10, bs);
      // Accumulator slots must be positive (they are sums of squares).
      const positive = (ts: Tensor[], floor: number) => {
        for (const t of ts) for (let i = 0; i < t.data.length; i++) t.data[i] = Math.abs(t.data[i]!) + floor;
        return ts;
      };
      const s1 = positive(tensors([103], u + 20, bs), 0.1);
      const s2 = positive(tensors([103], u + 30, bs), 0);
      bs.forEach((b, i) => {
        update(b, ws[i]!, gs[i]!, s1[i]!, s2[i]!);
        update(b, ws[i]!, gs[i]!, s1[i]!, s2[i]!);
        outs[i]!.push(ws[i]!.data.slice(), s1[i]!.data.slice(), s2[i]!.data.slice());
      });
    });
    return outs;
  },
};

describe.each(BUILDS)('WebAssembly backend, %s build', (variant) => {
  let one: WasmBackend;
  let two: WasmBackend;
  beforeAll(async () => {
    one = await createWasmBackend({ threads: 1, variant });
    two = await createWasmBackend({ threads: 2, variant });
  });
  afterAll(() => {
    one.close();
    two.close();
  });

  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: equals the reference, and 1 vs 2 threads bit for bit`, () => {
      const [ref, single, double] = spec([js, one, two]) as [
        ArrayLike<number>[],
        ArrayLike<number>[],
        ArrayLike<number>[],
      ];
      ref.forEach((expected, i) => {
        closeTo(single[i]!, expected, `${name} output ${i}`);
        same(double[i]!, single[i]!, `${name} output ${i}, 2 threads`);
      });
    });
  }

  it('the filter gradient of a different input than the forward pass is not taken from the forward im2col', () => {
    const g = convGeometry(2, 6, 6, 2, 4, 3, 'same');
    const grads = [js, one].map((b) => {
      const [x1, x2] = [tensors([2, 6, 6, 2], 1, [b])[0]!, tensors([2, 6, 6, 2], 2, [b])[0]!];
      const [w] = tensors([3, 3, 2, 4], 3, [b]);
      const [dy] = tensors([2, 6, 6, 4], 4, [b]);
      b.conv2dForward(x1, w!, b.alloc([4]), b.alloc([2, 6, 6, 4]), g);
      const dw = b.alloc([3, 3, 2, 4]);
      b.conv2dBackwardFilter(x2, dy!, dw, b.alloc([4]), g);
      return dw.data;
    });
    closeTo(grads[1]!, grads[0]!, 'filter gradient of x2');
  });

  it('trains the DCN bit-identically on 1 and 2 threads, close to the reference backend', () => {
    const a = trainDcn(one);
    const b = trainDcn(two);
    same(b.weights, a.weights, 'conv1 weights after 3 steps');
    expect(b.losses).toEqual(a.losses);
    reference ??= trainDcn(js);
    for (const [i, loss] of a.losses.entries()) expect(loss).toBeCloseTo(reference.losses[i]!, 3);
  });
});

describe('WebAssembly builds', () => {
  it('every kernel of the Backend interface has a spec here', () => {
    const covered: Record<string, string> = {
      matmul: 'matmul',
      addBias: 'bias',
      biasGrad: 'bias',
      conv2dForward: 'conv2d',
      conv2dBackwardInput: 'conv2d',
      conv2dBackwardFilter: 'conv2d',
      maxPoolForward: 'maxPool',
      maxPoolBackward: 'maxPool',
      activationForward: 'activations',
      activationBackward: 'activations',
      multiply: 'multiply',
      softmaxCrossEntropy: 'softmax',
      argmaxRows: 'softmax',
      sgdUpdate: 'optimizers',
      momentumUpdate: 'optimizers',
      adagradUpdate: 'optimizers',
      rmspropUpdate: 'optimizers',
      adamUpdate: 'optimizers',
      // Storage and statistics share the reference code (typed-array views); tested with the JS backend.
      alloc: '',
      allocIndices: '',
      // Lifetime: tested in test/backend/lifetime.test.ts.
      free: '',
      close: '',
      write: '',
      fill: '',
      stats: '',
      sumSquares: '',
    };
    const kernels = Object.getOwnPropertyNames(JsBackend.prototype).filter((k) => k !== 'constructor' && k !== 'col');
    for (const k of kernels) {
      expect(k in covered, `kernel ${k} has no spec`).toBe(true);
      if (covered[k]) expect(specs[covered[k]!], `spec for ${k}`).toBeDefined();
    }
  });

  // The plain build does what each lane of the SIMD build does, in the same order, and
  // every operation is IEEE-defined (no relaxed FMA in either), so the bits agree too.
  it('the plain build gives the bits of the SIMD build', async () => {
    const simd = await createWasmBackend({ threads: 1, variant: 'simd' });
    const plain = await createWasmBackend({ threads: 1, variant: 'plain' });
    for (const [name, spec] of Object.entries(specs)) {
      const [s, p] = spec([simd, plain]) as [ArrayLike<number>[], ArrayLike<number>[]];
      for (const [i, expected] of s.entries()) same(p[i]!, expected, `${name} output ${i}`);
    }
    simd.close();
    plain.close();
  });
});
