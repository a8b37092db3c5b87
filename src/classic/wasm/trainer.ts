import { ACTIVATION_CODES } from '../../kernel-abi/activations.js';
import type { Layer } from '../layer.js';
import { fromData, type Matrix } from '../matrix.js';
import { softmaxRows } from '../softmax.js';
import { type ClassicKernels, instantiateClassicKernels } from './abi.js';

/** One layer's arrays in the module's memory: addresses for the kernels, views for copies. */
interface LayerSlots {
  w: number;
  wt: number;
  b: number;
  z: number;
  a: number;
  d: number;
  gw: number;
  gb: number;
  wView: Float64Array;
  wtView: Float64Array;
  bView: Float64Array;
  zView: Float64Array;
  aView: Float64Array;
  gwView: Float64Array;
  gbView: Float64Array;
}

/** Slots of one batch size: the input, the labels, the probabilities and every layer's. */
interface Workspace {
  rows: number;
  x: number;
  labels: number;
  p: number;
  xView: Float64Array;
  labelView: Int32Array;
  pView: Float64Array;
  layers: LayerSlots[];
}

/**
 * Computes a {@link DeepNeuralNetwork} training pass's gradients with the WebAssembly
 * kernels: bit for bit what `feedforward` + `backprop` compute in TypeScript (the same
 * operations in the same order, see assembly/classic.ts), about twice as fast.
 * Parameters are copied in, gradients out; afterwards each layer holds the pass's
 * input, pre-activations and activations as if `feedforward` had run.
 */
export class WasmTrainer {
  private readonly kernels: ClassicKernels;
  private work: Workspace | undefined;

  constructor(
    module: WebAssembly.Module,
    private readonly layers: readonly Layer[],
  ) {
    this.kernels = instantiateClassicKernels(module);
  }

  /** Fills each layer's gradW and gradB with the gradient of the summed cross-entropy on (x, y). */
  gradients(x: Matrix, y: Int32Array): void {
    const k = this.kernels;
    const layers = this.layers;
    const last = layers.length - 1;
    const classes = (layers[last] as Layer).units;
    if (x.cols !== (layers[0] as Layer).inputs) {
      throw new RangeError(`layer expects ${(layers[0] as Layer).inputs} inputs, got ${x.cols}`);
    }
    if (y.length !== x.rows) throw new RangeError(`expected ${x.rows} labels, got ${y.length}`);
    const work = this.workspace(x.rows);
    const n = work.rows;
    work.labelView.set(y);
    const bad = k.call('badLabel', { labels: work.labels, n, c: classes });
    if (bad >= 0) throw new RangeError(`label ${y[bad]} is outside 0..${classes - 1}`);
    work.xView.set(x.data);

    // Forward: each layer's z = in·W + b, then a = f(z).
    let input = work.x;
    for (let l = 0; l <= last; l++) {
      const layer = layers[l] as Layer;
      const s = work.layers[l] as LayerSlots;
      s.wView.set(layer.W.data);
      s.bView.set(layer.b);
      k.call('affine', { x: input, n, k: layer.inputs, w: s.w, m: layer.units, bias: s.b, out: s.z });
      if (l < last) {
        k.call('activationForward', { kind: ACTIVATION_CODES[layer.activation], z: s.z, a: s.a, len: n * layer.units });
      }
      input = s.a;
    }
    const logits = work.layers[last] as LayerSlots;
    if (k.call('softmax', { z: logits.z, p: work.p, n, c: classes }) !== 0) {
      // A logit above 700: the shifted softmax of those rows, in TypeScript.
      softmaxRows(fromData(n, classes, logits.zView), fromData(n, classes, work.pView));
    }
    k.call('subtractLabels', { p: work.p, n, c: classes, labels: work.labels });

    // Backward: δ of the logits is p − onehot(y); each layer's gradients, then δ below.
    let delta = work.p;
    for (let l = last; l >= 0; l--) {
      const layer = layers[l] as Layer;
      const s = work.layers[l] as LayerSlots;
      const below = l > 0 ? (work.layers[l - 1] as LayerSlots) : undefined;
      const x = below ? below.a : work.x;
      k.call('weightGrads', { x, n, k: layer.inputs, d: delta, m: layer.units, gw: s.gw, gb: s.gb });
      layer.gradW.data.set(s.gwView);
      layer.gradB.set(s.gbView);
      if (below) {
        transpose(layer.W.data, layer.inputs, layer.units, s.wtView);
        const kind = ACTIVATION_CODES[(layers[l - 1] as Layer).activation];
        const { z, a, d } = below;
        k.call('inputGrads', { d: delta, n, m: layer.units, wt: s.wt, k: layer.inputs, kind, z, a, out: d });
        delta = below.d;
      }
    }

    // Leave each layer as its feedforward would have.
    let layerInput = x;
    for (let l = 0; l <= last; l++) {
      const s = work.layers[l] as LayerSlots;
      layerInput = (layers[l] as Layer).adoptForward(layerInput, s.zView, s.aView);
    }
  }

  /** The workspace for `rows` examples, laid out (and the memory grown) when the batch size changes. */
  private workspace(rows: number): Workspace {
    if (this.work?.rows === rows) return this.work;
    const memory = this.kernels.memory;
    let top = this.kernels.call('heapBase', {});
    const take = (bytes: number): number => {
      const at = top;
      top += Math.ceil(bytes / 16) * 16;
      return at;
    };
    const f64 = (count: number): number => take(count * 8);
    const x = f64(rows * (this.layers[0] as Layer).inputs);
    const labels = take(rows * 4);
    const p = f64(rows * (this.layers[this.layers.length - 1] as Layer).units);
    const addresses = this.layers.map((layer) => {
      const z = f64(rows * layer.units);
      return {
        w: f64(layer.inputs * layer.units),
        wt: f64(layer.inputs * layer.units),
        b: f64(layer.units),
        z,
        a: layer.activation === 'identity' ? z : f64(rows * layer.units),
        d: f64(rows * layer.units),
        gw: f64(layer.inputs * layer.units),
        gb: f64(layer.units),
      };
    });
    if (top > memory.buffer.byteLength) memory.grow(Math.ceil((top - memory.buffer.byteLength) / 65536));
    // Views last: growing the memory detaches views made before.
    const view = (at: number, count: number) => new Float64Array(memory.buffer, at, count);
    const inputs = (this.layers[0] as Layer).inputs;
    this.work = {
      rows,
      x,
      labels,
      p,
      xView: view(x, rows * inputs),
      labelView: new Int32Array(memory.buffer, labels, rows),
      pView: view(p, rows * (this.layers[this.layers.length - 1] as Layer).units),
      layers: addresses.map((s, l) => {
        const { inputs: k, units: m } = this.layers[l] as Layer;
        return {
          ...s,
          wView: view(s.w, k * m),
          wtView: view(s.wt, k * m),
          bView: view(s.b, m),
          zView: view(s.z, rows * m),
          aView: view(s.a, rows * m),
          gwView: view(s.gw, k * m),
          gbView: view(s.gb, m),
        };
      }),
    };
    return this.work;
  }
}

/** out = wᵀ: w [k, m] row-major into out [m, k]. */
function transpose(w: Float64Array, k: number, m: number, out: Float64Array): void {
  for (let p = 0; p < k; p++) for (let j = 0; j < m; j++) out[j * k + p] = w[p * m + j] as number;
}
