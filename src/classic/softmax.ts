import type { Matrix } from './matrix.js';

/**
 * Row-wise softmax `e^z / Σ e^z`, computed as numpy's reference does (no shift) so the
 * rounding matches: training on the toy sets is sensitive to the last bit (the moons
 * tanh/3 run settles in a different minimum when the logits are shifted). Rows whose
 * largest logit could overflow `exp` are shifted by their maximum instead.
 */
export function softmaxRows(z: Matrix, out: Matrix): void {
  const { rows, cols } = z;
  const Z = z.data;
  const O = out.data;
  const size = rows * cols;
  let large = false;
  for (let i = 0; i < size; i++) if ((Z[i] as number) > 700) large = true;
  if (large) {
    for (let r = 0; r < size; r += cols) softmaxShifted(Z, O, r, r + cols);
    return;
  }
  // No row needs a shift: all the exponentials in one tight loop, then the row sums.
  for (let i = 0; i < size; i++) O[i] = Math.exp(Z[i] as number);
  for (let r = 0; r < size; r += cols) {
    const end = r + cols;
    let sum = 0;
    for (let j = r; j < end; j++) sum += O[j] as number;
    for (let j = r; j < end; j++) O[j] = (O[j] as number) / sum;
  }
}

/** Softmax of Z[r…end) into O, shifted by the row's maximum when it exceeds 700. */
function softmaxShifted(Z: Float64Array, O: Float64Array, r: number, end: number): void {
  let max = -Infinity;
  for (let j = r; j < end; j++) max = Math.max(max, Z[j] as number);
  const shift = max > 700 ? max : 0;
  let sum = 0;
  for (let j = r; j < end; j++) {
    const e = Math.exp((Z[j] as number) - shift);
    O[j] = e;
    sum += e;
  }
  for (let j = r; j < end; j++) O[j] = (O[j] as number) / sum;
}
