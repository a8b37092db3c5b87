import { describe, expect, it } from 'vitest';
import { ACTIVATION_NAMES } from '../../src/activations/activations.js';
import { applyActivation } from '../../src/classic/activation.js';
import { type ClassicKernels, instantiateClassicKernels } from '../../src/classic/wasm/abi.js';
import { classicWasmModule } from '../../src/classic/wasm/node/loader.js';
import { ACTIVATION_CODES } from '../../src/kernel-abi/activations.js';

// The classic loss tables depend on the last bit of every exp and tanh: the vector
// code of assembly/classic-math.ts must return exactly what V8's Math.exp and
// Math.tanh (fdlibm) return. Object.is tells −0 from +0; any NaN matches any NaN.

const CHUNK = 1 << 16;
const module = classicWasmModule();
// Node ≥ 20 has WebAssembly SIMD: a missing module here is a failure, not a skip.
if (!module) throw new Error('this runtime lacks WebAssembly SIMD');
const kernels: ClassicKernels = instantiateClassicKernels(module);
const base = kernels.call('heapBase', {});
kernels.memory.grow(Math.ceil((base + 2 * CHUNK * 8) / 65536));
const input = new Float64Array(kernels.memory.buffer, base, CHUNK);
const output = new Float64Array(kernels.memory.buffer, base + CHUNK * 8, CHUNK);

type Kernel = (z: number, out: number, len: number) => void;

/** The first few inputs where the kernel differs from the reference (at most 5). */
function mismatches(kernel: Kernel, reference: (x: number) => number, inputs: Iterable<number>): string[] {
  const bad: string[] = [];
  let filled = 0;
  const flush = () => {
    kernel(base, base + CHUNK * 8, filled);
    for (let i = 0; i < filled && bad.length < 5; i++) {
      const x = input[i] as number;
      const want = reference(x);
      const got = output[i] as number;
      if (!Object.is(got, want) && !(Number.isNaN(got) && Number.isNaN(want)))
        bad.push(`f(${x}) = ${got}, want ${want}`);
    }
    filled = 0;
  };
  for (const x of inputs) {
    input[filled++] = x;
    if (filled === CHUNK) flush();
  }
  flush();
  return bad;
}

/** A deterministic generator of 53-bit uniform doubles in [0, 1) (xorshift128+). */
function uniforms(seed: number): () => number {
  let s0 = BigInt(seed) | 1n;
  let s1 = 0x9e3779b97f4a7c15n;
  const mask = (1n << 64n) - 1n;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x = (x ^ (x << 23n)) & mask;
    s1 = x ^ y ^ (x >> 17n) ^ (y >> 26n);
    return Number(((s1 + y) & mask) >> 11n) / 2 ** 53;
  };
}

const bits = new DataView(new ArrayBuffer(8));

function fromBits(pattern: bigint): number {
  bits.setBigUint64(0, pattern & ((1n << 64n) - 1n));
  return bits.getFloat64(0);
}

/** x and the `count` doubles on either side of it, by bit pattern. */
function neighbours(x: number, count: number): number[] {
  bits.setFloat64(0, x);
  const pattern = bits.getBigUint64(0);
  return Array.from({ length: 2 * count + 1 }, (_, d) => fromBits(pattern + BigInt(d - count)));
}

function* uniformIn(lo: number, hi: number, count: number, seed: number): Generator<number> {
  const next = uniforms(seed);
  for (let i = 0; i < count; i++) yield lo + (hi - lo) * next();
}

/** Random sign, exponent spread evenly over 2^minExp … 2^maxExp. */
function* logUniform(minExp: number, maxExp: number, count: number, seed: number): Generator<number> {
  const next = uniforms(seed);
  for (let i = 0; i < count; i++) yield (next() < 0.5 ? -1 : 1) * 2 ** (minExp + (maxExp - minExp) * next());
}

/** Uniformly random 64-bit patterns: every exponent, NaNs and infinities included. */
function* randomPatterns(count: number, seed: number): Generator<number> {
  const next = uniforms(seed);
  for (let i = 0; i < count; i++) {
    yield fromBits((BigInt(Math.floor(next() * 2 ** 32)) << 32n) | BigInt(Math.floor(next() * 2 ** 32)));
  }
}

const SPECIAL = [0, -0, Number.MIN_VALUE, -Number.MIN_VALUE, 1, -1, 2, -2, 0.5, Infinity, -Infinity, NaN];
// Where fdlibm changes branch (|x| vs ½·ln2, 1.5·ln2, 1, 22, 2^-28; expm1's k = 20 and 56,
// i.e. 2|x| = 19.5·ln2 and 56.5·ln2; exp's vector range −707…709, overflow, underflow,
// subnormal results), ± 300 ulps.
const THRESHOLDS = [
  0.5 * Math.LN2,
  fromBits(0x3fd62e4300000000n), // fdlibm's |x| > ½·ln2 test
  1.5 * Math.LN2,
  fromBits(0x3ff0a2b200000000n), // fdlibm's |x| < 1.5·ln2 test
  0.25 * Math.LN2,
  0.75 * Math.LN2,
  1,
  22,
  2 ** -28,
  2 ** -27,
  (19.5 * Math.LN2) / 2,
  (56.5 * Math.LN2) / 2,
  (56 * Math.LN2) / 2,
  707,
  709,
  708.5,
  709.782712893384,
  745.1332191019411,
  708.3964185322641,
  744.5,
].flatMap((t) => [...neighbours(t, 300), ...neighbours(-t, 300)]);

const N = 1_000_000;

describe('the WebAssembly exp and tanh equal V8 Math.exp and Math.tanh bit for bit', () => {
  const cases: Array<[string, Kernel, (x: number) => number, Array<[number, number]>]> = [
    [
      'tanh',
      (z, a, len) => kernels.call('tanhForward', { z, a, len }),
      Math.tanh,
      [
        [-1, 1],
        [-6, 6],
        [-25, 25],
      ],
    ],
    [
      'exp',
      (z, p, len) => kernels.call('expForward', { z, p, len }),
      Math.exp,
      [
        [-1, 1],
        [-40, 40],
        [-750, 750],
      ],
    ],
  ];
  for (const [name, kernel, reference, ranges] of cases) {
    it(`${name}: ±0, tiny, huge, NaN, ±Infinity and every branch threshold ± 300 ulps`, () => {
      expect(mismatches(kernel, reference, [...SPECIAL, ...THRESHOLDS])).toEqual([]);
    });
    for (const [lo, hi] of ranges) {
      it(`${name}: ${N} uniform arguments in [${lo}, ${hi}]`, () => {
        expect(mismatches(kernel, reference, uniformIn(lo, hi, N, 7 * lo + hi))).toEqual([]);
      });
    }
    it(`${name}: ${N} arguments of magnitude 2^-60 … 2^10`, () => {
      expect(mismatches(kernel, reference, logUniform(-60, 10, N, 11))).toEqual([]);
    });
    it(`${name}: ${N} random bit patterns`, () => {
      expect(mismatches(kernel, reference, randomPatterns(N, 13))).toEqual([]);
    });
  }

  // tanh's result hides most of expm1's last-bit errors; expm1 itself, on tanh's arguments.
  const expm1Arguments = (count: number, seed: number) => {
    const next = uniforms(seed);
    return Array.from({ length: count }, (_, i) =>
      i % 2 ? -2 * (2 ** -28 + (1 - 2 ** -28) * next()) : 2 + 42 * next(),
    );
  };
  it(`expm1 on ${N} of tanh's arguments, and its branch thresholds ± 300 ulps`, () => {
    const edges = [2, -2 * 2 ** -28, 0.5 * Math.LN2, 1.5 * Math.LN2, 2.5 * Math.LN2, 19.5 * Math.LN2, 56.5 * Math.LN2]
      .flatMap((t) => [...neighbours(t, 300), ...neighbours(-t, 300)])
      .filter((u) => (u >= 2 && u < 44) || (u > -2 && u <= -(2 ** -27)));
    // Pairs (the kernel has no single-value tail), so an even count.
    const values = [...edges, ...expm1Arguments(N, 17)];
    if (values.length % 2) values.push(3);
    expect(mismatches((z, out, len) => kernels.call('expm1Forward', { z, out, len }), Math.expm1, values)).toEqual([]);
  });

  // Odd lengths exercise the pair and single-value tails after the 8-value blocks.
  for (const len of [1, 2, 3, 7, 9, 15]) {
    it(`tanh and exp of ${len} values`, () => {
      const values = [...uniformIn(-3, 3, len, len)];
      expect(mismatches((z, a, len) => kernels.call('tanhForward', { z, a, len }), Math.tanh, values)).toEqual([]);
      expect(mismatches((z, p, len) => kernels.call('expForward', { z, p, len }), Math.exp, values)).toEqual([]);
    });
  }

  for (const name of ACTIVATION_NAMES) {
    const kind = ACTIVATION_CODES[name];
    it(`${name} equals the TypeScript activation`, () => {
      const values = Float64Array.from([...SPECIAL, ...THRESHOLDS, ...uniformIn(-40, 40, 10_001, kind + 2)]);
      const want = new Float64Array(values.length);
      applyActivation(name, values, want);
      input.set(values);
      kernels.call('activationForward', { kind, z: base, a: base + CHUNK * 8, len: values.length });
      const bad = [...values.keys()].filter((i) => {
        const [got, wanted] = [output[i] as number, want[i] as number];
        return !Object.is(got, wanted) && !(Number.isNaN(got) && Number.isNaN(wanted));
      });
      expect(bad.map((i) => values[i])).toEqual([]);
    });
  }
});
