import { availableParallelism, cpus } from 'node:os';
import type { Command } from 'commander';
import { CONV_ALGORITHMS, type ConvAlgorithm } from '../backend/conv-algorithm.js';
import { assertWritable, writeFileAtomic } from '../node/atomic-write.js';
import { benchBreakdown } from '../node/bench/breakdown.js';
import { benchClassic } from '../node/bench/classic.js';
import { benchCourse } from '../node/bench/course.js';
import { benchDcn } from '../node/bench/dcn.js';
import { benchGemm } from '../node/bench/gemm.js';
import { benchSummaries } from '../node/bench/summaries.js';
import { type BenchRow, formatTable } from '../node/bench/table.js';
import { loadTfjs, tfjsDcnStepMs, tfjsRow } from '../node/bench/tfjs.js';
import { SUGGESTED_CHECKPOINT_EVERY } from './mnist-checkpoints.js';
import { integerAtLeast } from './parsers.js';
import { asUsageError, UsageError } from './usage-error.js';

const SUITES = ['dcn', 'breakdown', 'gemm', 'summaries', 'classic', 'course'] as const;
/** Suites run without --only: all but the course's full run (about 20 minutes). */
const DEFAULT_SUITES = SUITES.filter((s) => s !== 'course');
type Suite = (typeof SUITES)[number];

interface BenchOptions {
  only: string;
  steps: number;
  threads: number;
  passes: number;
  repeats: number;
  conv: string;
  courseSteps: number;
  withJs?: boolean;
  withTfjs?: boolean;
  json?: string;
}

/** Adds `bench`: throughput against PyTorch and numpy, measured in the same run. */
export function registerBenchCommand(program: Command, write: (line: string) => void): void {
  program
    .command('bench')
    .description('benchmark nnlab against PyTorch (DCN training) and numpy (classic network) in the same run')
    .option(
      '--only <suites>',
      `comma-separated suites: ${SUITES.join(', ')} (course: the full 5 500-step nnlab mnist run, then PyTorch's, about 20 minutes; not run by default)`,
      DEFAULT_SUITES.join(','),
    )
    .option('--steps <n>', 'timed DCN steps per run (median reported)', integerAtLeast(1), 20)
    .option(
      '--threads <n>',
      'most threads: the DCN table times every count from 1 to n, the others 1 and n (default: all cores)',
      integerAtLeast(1),
      availableParallelism(),
    )
    .option('--passes <n>', 'classic network passes', integerAtLeast(1), 20000)
    .option('--repeats <n>', 'repeats for GEMM and classic timings (best kept)', integerAtLeast(1), 3)
    .option(
      '--conv <algorithms>',
      `convolution algorithms (${CONV_ALGORITHMS.join(', ')}): the DCN table times each, the breakdown the first`,
      'auto,direct',
    )
    .option('--course-steps <n>', 'training steps of the course suite', integerAtLeast(1), 5500)
    .option('--with-js', 'also time the JS reference backend on the DCN (slow)')
    .option(
      '--with-tfjs',
      "also time TensorFlow.js's CPU backend on the DCN, one step after a warm-up (optional package @tensorflow/tfjs; 75–90 s a step here)",
    )
    .option('--json <file>', 'also write every table as JSON')
    .action((o: BenchOptions) => runBench(o, write));
}

async function runBench(o: BenchOptions, write: (line: string) => void): Promise<void> {
  const suites = o.only.split(',').map((s) => s.trim());
  for (const s of suites)
    if (!(SUITES as readonly string[]).includes(s))
      throw new UsageError(`unknown suite ${s} (expected ${SUITES.join(', ')})`);
  const convs = o.conv.split(',').map((s) => s.trim());
  for (const c of convs)
    if (!(CONV_ALGORITHMS as readonly string[]).includes(c))
      throw new UsageError(`unknown convolution algorithm ${c} (expected ${CONV_ALGORITHMS.join(', ')})`);
  const conv = convs as ConvAlgorithm[];
  const { json } = o;
  if (json !== undefined) asUsageError(() => assertWritable(json));
  const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores: availableParallelism(), node: process.version };
  write(`nnlab bench on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  const results: Partial<Record<Suite, BenchRow[]>> = {};
  const section = (suite: Suite, title: string, rows: BenchRow[]) => {
    results[suite] = rows;
    write('');
    write(title);
    write(formatTable(rows));
  };
  if (suites.includes('dcn')) {
    const rows = await benchDcn({
      steps: o.steps,
      threads: o.threads,
      convs: conv,
      withJs: o.withJs === true,
      log: write,
    });
    if (o.withTfjs) {
      const tf = await loadTfjs();
      if (typeof tf === 'string') write(`TensorFlow.js skipped: ${tf}`);
      else {
        const torch = rows.find((r) => r.run === 'PyTorch (CPU)' && r.threads === 1);
        rows.push(tfjsRow(tfjsDcnStepMs(tf, 1), torch ? (torch['ms/step'] as number) : Number.NaN));
      }
    }
    section(
      'dcn',
      `DCN training step, batch 50, Adam (median of ${o.steps} steps; vs PyTorch = its ms / ours at equal threads)`,
      rows,
    );
  }
  if (suites.includes('breakdown')) {
    const { name, rows } = await benchBreakdown(o.threads, o.steps, conv[0]);
    section(
      'breakdown',
      `Where a DCN step goes on ${name}, conv ${conv[0]} (mean of ${o.steps} steps; operation and its tensors' shapes)`,
      rows,
    );
  }
  if (o.withTfjs && !suites.includes('dcn')) write('--with-tfjs adds a row to the dcn table: add dcn to --only');
  if (suites.includes('gemm'))
    section('gemm', `SGEMM on the DCN's shapes (best of ${o.repeats})`, await benchGemm(o.threads, o.repeats));
  if (suites.includes('summaries')) {
    const rows = await benchSummaries(o.threads, 100, SUGGESTED_CHECKPOINT_EVERY, o.repeats);
    section(
      'summaries',
      `Summaries of nnlab mnist --logdir (default cadence: every 100 steps) and checkpoints (--checkpoint-every ${SUGGESTED_CHECKPOINT_EVERY}); best of ${o.repeats}`,
      rows,
    );
  }
  if (suites.includes('classic')) {
    section(
      'classic',
      `Classic tanh/3 network, moons, ${o.passes} passes (best of ${o.repeats})`,
      benchClassic(o.passes, o.repeats, write),
    );
  }
  if (suites.includes('course')) {
    const rows = await benchCourse({ threads: o.threads, steps: o.courseSteps, log: write });
    section('course', `The course's full run (${o.courseSteps} steps), each side at its fastest thread count`, rows);
  }
  if (json !== undefined) {
    writeFileAtomic(json, `${JSON.stringify({ date: new Date().toISOString(), machine, results }, null, 2)}\n`);
    write(`\nResults written to ${json}`);
  }
}
