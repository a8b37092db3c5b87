import { type ActivationName, GELU_CUBIC, GELU_SCALE } from '../../activations/activations.js';
import type { Storage } from '../../tensor/tensor.js';

/** x[r, :] += bias for each of the rows of x ([rows, n]). */
export function addBiasRows(x: Storage, bias: Storage, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) x[o + j] = (x[o + j] as number) + (bias[j] as number);
  }
}

/** out[j] += Σ_r x[r, j] for x: [rows, n]. */
export function sumRowsInto(x: Storage, out: Storage, rows: number, n: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) out[j] = (out[j] as number) + (x[o + j] as number);
  }
}

/** y = f(x). */
export function activationForward(kind: ActivationName, x: Storage, y: Storage, alpha: number): void {
  const n = x.length;
  switch (kind) {
    case 'relu': // x -> max(0, x)
      for (let i = 0; i < n; i++) y[i] = Math.max(0, x[i] as number);
      return;
    case 'leaky-relu': // x -> x if x > 0 else αx
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : alpha * v;
      }
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i] as number);
      return;
    case 'sigmoid': // x -> 1 / (1 + e^-x)
      for (let i = 0; i < n; i++) y[i] = 1 / (1 + Math.exp(-(x[i] as number)));
      return;
    case 'gelu': // x -> ½x(1 + tanh(c(x + kx³)))
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = 0.5 * v * (1 + Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v)));
      }
      return;
    case 'elu': // x -> x if x > 0 else α(eˣ − 1)
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        y[i] = v > 0 ? v : alpha * Math.expm1(v);
      }
      return;
    case 'identity':
      if (y !== x) y.set(x);
      return;
    default:
      unknownKind(kind);
  }
}

/** dx = dy · f'(x), using y = f(x) where that is cheaper. */
export function activationBackward(
  kind: ActivationName,
  x: Storage,
  y: Storage,
  dy: Storage,
  dx: Storage,
  alpha: number,
): void {
  const n = x.length;
  switch (kind) {
    case 'relu': // f' = 1 if x > 0 else 0
      for (let i = 0; i < n; i++) dx[i] = (x[i] as number) > 0 ? (dy[i] as number) : 0;
      return;
    case 'leaky-relu': // f' = 1 if x > 0 else α
      for (let i = 0; i < n; i++) dx[i] = (x[i] as number) > 0 ? (dy[i] as number) : alpha * (dy[i] as number);
      return;
    case 'tanh': // f' = 1 − y²
      for (let i = 0; i < n; i++) dx[i] = (dy[i] as number) * (1 - (y[i] as number) * (y[i] as number));
      return;
    case 'sigmoid': // f' = y(1 − y)
      for (let i = 0; i < n; i++) dx[i] = (dy[i] as number) * (y[i] as number) * (1 - (y[i] as number));
      return;
    case 'gelu': // f' = ½(1 + t) + ½x(1 − t²)·c(1 + 3kx²), t = tanh(c(x + kx³))
      for (let i = 0; i < n; i++) {
        const v = x[i] as number;
        const t = Math.tanh(GELU_SCALE * (v + GELU_CUBIC * v * v * v));
        const slope = GELU_SCALE * (1 + 3 * GELU_CUBIC * v * v);
        dx[i] = (dy[i] as number) * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * slope);
      }
      return;
    case 'elu': // f' = 1 if x > 0 else αeˣ = y + α
      for (let i = 0; i < n; i++)
        dx[i] = (x[i] as number) > 0 ? (dy[i] as number) : (dy[i] as number) * ((y[i] as number) + alpha);
      return;
    case 'identity':
      if (dx !== dy) dx.set(dy);
      return;
    default:
      unknownKind(kind);
  }
}

/** y = x · m elementwise. */
export function multiply(x: Storage, m: Storage, y: Storage): void {
  for (let i = 0; i < x.length; i++) y[i] = (x[i] as number) * (m[i] as number);
}

function unknownKind(kind: never): never {
  throw new Error(`unknown activation ${String(kind)}`);
}
