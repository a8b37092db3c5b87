import type { DeepNeuralNetwork } from '../classic/deep-neural-network.js';
import type { Dataset } from '../data/dataset.js';
import { expandFeatures, type FeatureName } from '../data/features.js';
import { forwardLayers } from './forward.js';

/** The square of the plane the playground shows, in data units. */
export interface ViewBox {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/**
 * A square around the points: their bounding box's centre, half its longer side plus
 * `margin` (0.5, the course's picture margin) on each side.
 */
export function viewBoxOf(data: Dataset, margin = 0.5): ViewBox {
  let [xmin, xmax, ymin, ymax] = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < data.n; i++) {
    const x = data.x[2 * i] as number;
    const y = data.x[2 * i + 1] as number;
    [xmin, xmax, ymin, ymax] = [Math.min(xmin, x), Math.max(xmax, x), Math.min(ymin, y), Math.max(ymax, y)];
  }
  if (data.n === 0) [xmin, xmax, ymin, ymax] = [-1, 1, -1, 1];
  const half = Math.max(xmax - xmin, ymax - ymin) / 2 + margin;
  const cx = (xmin + xmax) / 2;
  const cy = (ymin + ymax) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** Everything the playground paints, on a `size × size` grid of cell centres (top row first). */
export interface GridMaps {
  size: number;
  /** Each input feature's value per cell. */
  inputs: Float64Array[];
  /** `neurons[l][j]`: hidden layer l's unit j, its activation per cell. */
  neurons: Float64Array[][];
  /** The probability of class 1 per cell (the decision boundary is its 0.5 level). */
  output: Float64Array;
}

/** The 2-d points of a grid's cells: `[size², 2]`, rows from the top (y1) down, x from x0 right. */
export function gridPoints(view: ViewBox, size: number): Float64Array {
  const points = new Float64Array(2 * size * size);
  const dx = (view.x1 - view.x0) / size;
  const dy = (view.y1 - view.y0) / size;
  for (let r = 0; r < size; r++) {
    for (let c = 0; c < size; c++) {
      points[2 * (r * size + c)] = view.x0 + (c + 0.5) * dx;
      points[2 * (r * size + c) + 1] = view.y1 - (r + 0.5) * dy;
    }
  }
  return points;
}

/** Evaluates the network on every cell: the inputs, each hidden unit and the output. */
export function gridMaps(
  net: DeepNeuralNetwork,
  features: readonly FeatureName[],
  view: ViewBox,
  size: number,
): GridMaps {
  const cells = size * size;
  const { x, forward } = forwardOnGrid(net, features, view, size);
  const f = features.length;
  return {
    size,
    inputs: features.map((_, j) => column(x, cells, f, j)),
    neurons: forward.layers
      .slice(0, -1)
      .map((l) => Array.from({ length: l.units }, (_, j) => column(l.a, cells, l.units, j))),
    output: column(forward.probs, cells, 2, 1),
  };
}

/** Only {@link gridMaps}' output, p(class 1) per cell: what the decision boundary paints. */
export function gridOutput(
  net: DeepNeuralNetwork,
  features: readonly FeatureName[],
  view: ViewBox,
  size: number,
): Float64Array {
  return column(forwardOnGrid(net, features, view, size).forward.probs, size * size, 2, 1);
}

function forwardOnGrid(net: DeepNeuralNetwork, features: readonly FeatureName[], view: ViewBox, size: number) {
  const x = expandFeatures(gridPoints(view, size), features);
  return { x, forward: forwardLayers(net, x, size * size) };
}

/** Column j of `rows × width` row-major values. */
function column(values: Float64Array, rows: number, width: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = values[i * width + j] as number;
  return out;
}
