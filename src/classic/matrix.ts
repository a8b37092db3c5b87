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

/** Σ_t a[aOff + t·aStep] · b[bOff + t·bStep] for t < len, compensated. */
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

/**
 * out = a · b + bias (bias broadcast over rows); a: [n, k], b: [k, m], bias: [m].
 * The bias is added after the product, as numpy's `x.dot(W) + b` rounds.
 */
export function matmulBias(a: Matrix, b: Matrix, bias: Float64Array, out: Matrix): void {
  const { rows: n, cols: k } = a;
  const m = b.cols;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) out.data[i * m + j] = dot(a.data, i * k, 1, b.data, j, m, k) + (bias[j] as number);
  }
}

/** out = aᵀ · b; a: [n, k], b: [n, m], out: [k, m]. */
export function matmulTransA(a: Matrix, b: Matrix, out: Matrix): void {
  const { rows: n, cols: k } = a;
  const m = b.cols;
  for (let p = 0; p < k; p++) {
    for (let j = 0; j < m; j++) out.data[p * m + j] = dot(a.data, p, k, b.data, j, m, n);
  }
}

/** out = a · bᵀ; a: [n, m], b: [k, m], out: [n, k]. */
export function matmulTransB(a: Matrix, b: Matrix, out: Matrix): void {
  const { rows: n, cols: m } = a;
  const k = b.rows;
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) out.data[i * k + p] = dot(a.data, i * m, 1, b.data, p * m, 1, m);
  }
}

/** out[j] = Σ_i a[i, j] (column sums, compensated). */
export function sumRows(a: Matrix, out: Float64Array): void {
  const { rows, cols, data } = a;
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    let carry = 0;
    for (let i = 0; i < rows; i++) {
      const x = data[i * cols + j] as number;
      const s = sum + x;
      const v = s - sum;
      carry += sum - (s - v) + (x - v);
      sum = s;
    }
    out[j] = sum + carry;
  }
}
