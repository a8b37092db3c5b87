import type { BenchRow } from './table.js';

// TensorFlow.js is an optional peer of the benchmark: not a dependency (294 MB), loaded
// at run time when installed (npm i --no-save @tensorflow/tfjs). These are the few of its
// functions the DCN step uses.
interface TfTensor {
  dispose(): void;
}
interface Tf {
  setBackend(name: string): Promise<boolean>;
  enableProdMode(): void;
  tidy<T>(fn: () => T): T;
  variable(initial: TfTensor): TfTensor;
  truncatedNormal(shape: number[], mean: number, stdDev: number): TfTensor;
  fill(shape: number[], value: number): TfTensor;
  randomUniform(shape: number[]): TfTensor;
  oneHot(indices: TfTensor, depth: number): TfTensor;
  tensor1d(values: number[], dtype: 'int32'): TfTensor;
  add(a: TfTensor, b: TfTensor): TfTensor;
  conv2d(x: TfTensor, filter: TfTensor, strides: number, pad: 'same'): TfTensor;
  relu(x: TfTensor): TfTensor;
  maxPool(x: TfTensor, size: number, strides: number, pad: 'same'): TfTensor;
  reshape(x: TfTensor, shape: number[]): TfTensor;
  matMul(a: TfTensor, b: TfTensor): TfTensor;
  dropout(x: TfTensor, rate: number): TfTensor;
  losses: { softmaxCrossEntropy(labels: TfTensor, logits: TfTensor): TfTensor };
  train: { adam(learningRate: number): { minimize(loss: () => TfTensor): unknown; dispose(): void } };
  disposeVariables(): void;
}

/** TensorFlow.js with its CPU backend selected, or a reason it is not there. */
export async function loadTfjs(name = '@tensorflow/tfjs'): Promise<Tf | string> {
  let tf: Tf;
  try {
    tf = (await import(name)) as Tf;
  } catch {
    return `${name} is not installed (npm i --no-save ${name}; 294 MB)`;
  }
  // Production mode: no greeting on the console (the table is the output) and no debug checks.
  tf.enableProdMode();
  await tf.setBackend('cpu');
  return tf;
}

/**
 * Milliseconds of one DCN training step (batch 50, Adam, the same model as nnlab's)
 * on TensorFlow.js's CPU backend: the median of `steps` after one warm-up step. Its
 * CPU kernels are plain JavaScript; 75–90 s a step on the development machine.
 */
export function tfjsDcnStepMs(tf: Tf, steps: number): number {
  const weight = (shape: number[]) => tf.variable(tf.truncatedNormal(shape, 0, 0.1));
  const bias = (n: number) => tf.variable(tf.fill([n], 0.1));
  const [c1, b1, c2, b2] = [weight([5, 5, 1, 32]), bias(32), weight([5, 5, 32, 64]), bias(64)];
  const [f1, fb1, f2, fb2] = [weight([3136, 1024]), bias(1024), weight([1024, 10]), bias(10)];
  const images = tf.randomUniform([50, 28, 28, 1]);
  const labels = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 50 }, (_, i) => i % 10),
      'int32',
    ),
    10,
  );
  const adam = tf.train.adam(1e-4);
  const loss = () => {
    let h = tf.maxPool(tf.relu(tf.add(tf.conv2d(images, c1, 1, 'same'), b1)), 2, 2, 'same');
    h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h, c2, 1, 'same'), b2)), 2, 2, 'same');
    h = tf.dropout(tf.relu(tf.add(tf.matMul(tf.reshape(h, [50, 3136]), f1), fb1)), 0.5);
    return tf.losses.softmaxCrossEntropy(labels, tf.add(tf.matMul(h, f2), fb2));
  };
  const times: number[] = [];
  try {
    for (let i = 0; i < steps + 1; i++) {
      const t = performance.now();
      tf.tidy(() => adam.minimize(loss));
      if (i > 0) times.push(performance.now() - t);
    }
  } finally {
    adam.dispose();
    tf.disposeVariables();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

/** The TensorFlow.js row of the DCN table, compared with PyTorch's one-thread time. */
export function tfjsRow(ms: number, torchMs: number): BenchRow {
  return {
    run: 'TensorFlow.js 4 (CPU backend)',
    threads: 1,
    'ms/step': ms,
    'images/s': (50 * 1000) / ms,
    'vs PyTorch': Number.isNaN(torchMs) ? '-' : (torchMs / ms).toFixed(4),
  };
}
