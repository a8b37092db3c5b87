/**
 * A small row-major float64 matrix and the few products the classic networks need.
 * Every function writes into a caller-owned `out`, so training loops allocate nothing.
 *
 * Sums are compensated (TwoSum error terms carried along, as Neumaier's sum), so each dot product is accurate to about one
 * rounding whatever its length or order. Why: gradient descent on the toy sets is
 * chaotic for some settings (the moons tanh/3 run between passes ~1000 and ~3000),
 * and plain sums drift into another minimum than numpy's reference run does.
 */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** Row-major values, `rows × cols`. */
  readonly data: Float64Array;
}

/** A zero-filled `rows × cols` matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Wraps existing row-major values (not copied). */
export function fromData(rows: number, cols: number, data: Float64Array): Matrix {
  if (!Number.isInteger(rows) || data.length !== rows * cols) {
    throw new RangeError(`expected ${rows}×${cols} values, got ${data.length}`);
  }
  return { rows, cols, data };
}

/** The matrix as nested arrays (for printing, JSON and tests). */
export function toArrays(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < m.rows; r++) out.push(Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));
  return out;
}

/**
 * Σ_t a[aOff + t·aStep] · b[bOff + t·bStep] for t < len, compensated: the reference every
 * kernel below reproduces bit for bit (they use it for the shapes they do not specialise).
 */
function dot(
  a: Float64Array,
  aOff: number,
  aStep: number,
  b: Float64Array,
  bOff: number,
  bStep: number,
  len: number,
): number {
  let sum = 0;
  let carry = 0;
  for (let t = 0; t < len; t++) {
    const x = (a[aOff + t * aStep] as number) * (b[bOff + t * bStep] as number);
    // Knuth's TwoSum: s + e == sum + x exactly, without a branch.
    const s = sum + x;
    const v = s - sum;
    carry += sum - (s - v) + (x - v);
    sum = s;
  }
  return sum + carry;
}

/*
 * Why sums of one or two terms are not compensated: after the first term the carry is
 * exactly 0 (0 + x is exact), and after the second it is the exact rounding error e of
 * s = x₀ + x₁, so the result is fl(s + e) = fl(x₀ + x₁) = s — the plain sum, bit for bit.
 * That holds whenever s is finite (short of intermediate overflow within an ulp of the
 * largest double); an infinite or NaN plain sum is recomputed by `dot`, whose TwoSum may
 * turn it into NaN. The classic networks have two inputs and two classes,
 * so the first layer's product and the output layer's input gradient are such sums.
 */

/**
 * out = a · b + bias (bias broadcast over rows); a: [n, k], b: [k, m], bias: [m].
 * The bias is added after the product, as numpy's `x.dot(W) + b` rounds.
 */
export function matmulBias(a: Matrix, b: Matrix, bias: Float64Array, out: Matrix): void {
  const { rows: n, cols: k } = a;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const O = out.data;
  if (k === 2) {
    // finite stays 0 while every plain sum is finite (s − s is 0, else NaN, which sticks).
    let finite = 0;
    for (let j = 0; j < m; j++) {
      const w0 = B[j] as number;
      const w1 = B[m + j] as number;
      const bj = bias[j] as number;
      for (let i = 0, ai = 0, o = j; i < n; i++, ai += 2, o += m) {
        const s = 0 + (A[ai] as number) * w0 + (A[ai + 1] as number) * w1;
        finite *= s - s;
        O[o] = s + bj;
      }
    }
    if (finite === 0) return;
  }
  // Columns two at a time (j, j + 1), each pass down the rows: two independent TwoSum
  // chains share the loads of a. The first TwoSum step from (0, 0) leaves sum = 0 + x and
  // carry = x − x (+0, or NaN when x is not finite): the same values, without the other
  // five operations.
  let j = 0;
  for (; j + 1 < m; j += 2) {
    const u = B[j] as number;
    const v = B[j + 1] as number;
    const bu = bias[j] as number;
    const bv = bias[j + 1] as number;
    for (let i = 0, ai = 0, o = j; i < n; i++, ai += k, o += m) {
      const a0 = A[ai] as number;
      const x0 = a0 * u;
      const y0 = a0 * v;
      let sx = 0 + x0;
      let cx = x0 - x0;
      let sy = 0 + y0;
      let cy = y0 - y0;
      for (let t = 1, w = j + m; t < k; t++, w += m) {
        const at = A[ai + t] as number;
        const x = at * (B[w] as number);
        let s = sx + x;
        let e = s - sx;
        cx += sx - (s - e) + (x - e);
        sx = s;
        const y = at * (B[w + 1] as number);
        s = sy + y;
        e = s - sy;
        cy += sy - (s - e) + (y - e);
        sy = s;
      }
      O[o] = sx + cx + bu;
      O[o + 1] = sy + cy + bv;
    }
  }
  if (j < m) {
    const u = B[j] as number;
    const bu = bias[j] as number;
    for (let i = 0, ai = 0, o = j; i < n; i++, ai += k, o += m) {
      const x0 = (A[ai] as number) * u;
      let sum = 0 + x0;
      let carry = x0 - x0;
      for (let t = 1, w = j + m; t < k; t++, w += m) {
        const x = (A[ai + t] as number) * (B[w] as number);
        const s = sum + x;
        const e = s - sum;
        carry += sum - (s - e) + (x - e);
        sum = s;
      }
      O[o] = sum + carry + bu;
    }
  }
}

/**
 * The gradients of an affine layer: outW = aᵀ · b and outB[j] = Σ_i b[i, j], both summed
 * over the n rows, compensated; a: [n, k], b: [n, m], outW: [k, m], outB: [m].
 *
 * Each sum is the same sequence of TwoSum steps as `dot` over i = 0…n−1; several of them
 * run in one pass over the rows (the column sum with the first two products, then the
 * other products two by two), which shares the loads and loop overhead and gives the CPU
 * independent dependency chains to overlap.
 */
export function matmulTransASumRows(a: Matrix, b: Matrix, outW: Matrix, outB: Float64Array): void {
  const { rows: n, cols: k } = a;
  const m = b.cols;
  const A = a.data;
  const B = b.data;
  const W = outW.data;
  const second = k > 1 ? 1 : 0; // with one column, the second chain repeats the first and is dropped
  for (let j = 0; j < m; j++) {
    // Σ b[i, j], Σ a[i, 0]·b[i, j] and Σ a[i, 1]·b[i, j] in one pass.
    let sb = 0;
    let cb = 0;
    let s0 = 0;
    let c0 = 0;
    let s1 = 0;
    let c1 = 0;
    for (let i = 0, ai = 0, bi = j; i < n; i++, ai += k, bi += m) {
      const d = B[bi] as number;
      let s = sb + d;
      let v = s - sb;
      cb += sb - (s - v) + (d - v);
      sb = s;
      const x0 = (A[ai] as number) * d;
      s = s0 + x0;
      v = s - s0;
      c0 += s0 - (s - v) + (x0 - v);
      s0 = s;
      const x1 = (A[ai + second] as number) * d;
      s = s1 + x1;
      v = s - s1;
      c1 += s1 - (s - v) + (x1 - v);
      s1 = s;
    }
    outB[j] = sb + cb;
    W[j] = s0 + c0;
    if (k > 1) W[m + j] = s1 + c1;
    let p = 2;
    for (; p + 1 < k; p += 2) {
      s0 = 0;
      c0 = 0;
      s1 = 0;
      c1 = 0;
      for (let i = 0, ai = p, bi = j; i < n; i++, ai += k, bi += m) {
        const d = B[bi] as number;
        const x0 = (A[ai] as number) * d;
        let s = s0 + x0;
        let v = s - s0;
        c0 += s0 - (s - v) + (x0 - v);
        s0 = s;
        const x1 = (A[ai + 1] as number) * d;
        s = s1 + x1;
        v = s - s1;
        c1 += s1 - (s - v) + (x1 - v);
        s1 = s;
      }
      W[p * m + j] = s0 + c0;
      W[(p + 1) * m + j] = s1 + c1;
    }
    if (p < k) {
      s0 = 0;
      c0 = 0;
      for (let i = 0, ai = p, bi = j; i < n; i++, ai += k, bi += m) {
        const x0 = (A[ai] as number) * (B[bi] as number);
        const s = s0 + x0;
        const v = s - s0;
        c0 += s0 - (s - v) + (x0 - v);
        s0 = s;
      }
      W[p * m + j] = s0 + c0;
    }
  }
}

/** out = a · bᵀ; a: [n, m], b: [k, m], out: [n, k]. */
export function matmulTransB(a: Matrix, b: Matrix, out: Matrix): void {
  const { rows: n, cols: m } = a;
  const k = b.rows;
  const A = a.data;
  const B = b.data;
  const O = out.data;
  if (m === 2) {
    for (let p = 0; p < k; p++) {
      const w0 = B[2 * p] as number;
      const w1 = B[2 * p + 1] as number;
      for (let i = 0, ai = 0, o = p; i < n; i++, ai += 2, o += k) {
        const s = 0 + (A[ai] as number) * w0 + (A[ai + 1] as number) * w1;
        O[o] = s - s === 0 ? s : dot(A, ai, 1, B, 2 * p, 1, 2);
      }
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) out.data[i * k + p] = dot(A, i * m, 1, B, p * m, 1, m);
  }
}
