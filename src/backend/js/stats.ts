import type { Storage } from '../../tensor/tensor.js';
import type { TensorStats } from '../backend.js';

/** Two-pass moments in float64 (the course's std formula was wrong; this is the real one). */
export function stats(x: Storage): TensorStats {
  const count = x.length;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  let zeros = 0;
  for (let i = 0; i < count; i++) {
    const v = x[i] as number;
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const mean = count > 0 ? sum / count : Number.NaN;
  let squares = 0;
  for (let i = 0; i < count; i++) {
    const d = (x[i] as number) - mean;
    squares += d * d;
  }
  return { count, mean, std: count > 0 ? Math.sqrt(squares / count) : Number.NaN, min, max, zeros };
}

/** Σ x². */
export function sumSquares(x: Storage): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (x[i] as number);
  return s;
}
