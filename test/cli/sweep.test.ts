import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatLossLine } from '../../src/classic/loss-line.js';
import { expandTrials, optionValue, type SweepPlan, setsOption } from '../../src/cli/sweep/plan.js';
import { progressOf, SweepDisplay, type TrialRun } from '../../src/cli/sweep/runner.js';
import { readEventFile } from '../../src/summary/reader.js';
import { formatFixed } from '../../src/util/format.js';
import { BIN, nnlab } from '../helpers/cli.js';

const READER = fileURLToPath(new URL('../fixtures/read_events.py', import.meta.url));

/** The sweep.csv rows as objects by column name (fields may be quoted). */
function readCsv(path: string): Array<Record<string, string>> {
  const rows = readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => (m[1] ?? '').replace(/^"|"$/g, '')));
  const [header, ...body] = rows as [string[], ...string[][]];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

function eventFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const run = entry.name;
    const runDir = join(dir, run);
    for (const f of readdirSync(runDir).filter((f) => f.includes('tfevents')))
      out[`${run}/${f}`] = readFileSync(join(runDir, f)).toString('base64');
  }
  return out;
}

describe('nnlab sweep classic', () => {
  const logdir = join(mkdtempSync(join(tmpdir(), 'nnlab-sweep-')), 'p1');
  const sheet = `${logdir}-sheet.svg`;
  const args = [
    'sweep',
    'classic',
    '--dataset',
    'moons',
    '--grid',
    'activation=tanh,sigmoid,relu',
    '--grid',
    'hidden=3,10',
  ];

  it('runs six trials whose final data loss in sweep.csv is the last loss nnlab classic prints, and draws a labelled 3×2 sheet', () => {
    const run = nnlab([...args, '--logdir', logdir, '--sheet', sheet, '--parallel', '2']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Sweep: 6 trials of nnlab classic over activation (3) × hidden (2), 2 at a time');
    const rows = readCsv(join(logdir, 'sweep.csv'));
    expect(rows).toHaveLength(6);
    const finals = rows.map((r) => Number(r['loss/data (final)']));
    expect(finals).toEqual([...finals].sort((a, b) => a - b)); // ranked by the objective
    for (const row of rows) {
      const alone = nnlab([
        'classic',
        '--dataset',
        'moons',
        '--activation',
        row.activation as string,
        '--hidden',
        row.hidden as string,
      ]);
      expect(alone.code).toBe(0);
      const last = alone.stdout
        .split('\n')
        .filter((l) => l.startsWith('Loss after iteration'))
        .at(-1) as string;
      expect(row.status).toBe('done');
      expect(row['loss/data (final step)']).toBe('19000');
      expect(last).toContain(`Loss after iteration 19000: data_loss:${formatFixed(Number(row['loss/data (final)']))} `);
      expect(row.command).toContain(`--activation ${row.activation} --hidden ${row.hidden}`);
      expect(row.trial).toBe(`activation=${row.activation},hidden=${row.hidden}`);
      // Every other hyperparameter the run reports is a column too.
      expect([row.dataset, row.reg, row.passes, row.seed, row['data-seed']]).toEqual([
        'moons',
        '0.01',
        '20000',
        '0',
        '0',
      ]);
    }
    // The sheet: one nested picture per trial, the rows and columns labelled by the grid's values.
    const svg = readFileSync(sheet, 'utf8');
    expect(svg.match(/<svg x=/g)).toHaveLength(6);
    for (const label of ['activation=tanh', 'activation=sigmoid', 'activation=relu', 'hidden=3', 'hidden=10'])
      expect(svg).toContain(`>${label}</text>`);
    const rowY = (label: string) => Number(new RegExp(`y="([\\d.]+)"[^>]*>${label}<`).exec(svg)?.[1]);
    expect(rowY('activation=tanh')).toBeLessThan(rowY('activation=sigmoid'));
    expect(rowY('activation=sigmoid')).toBeLessThan(rowY('activation=relu'));
    const json = JSON.parse(readFileSync(join(logdir, 'sweep.json'), 'utf8')) as {
      trials: Array<{ hparams: Record<string, unknown> }>;
    };
    expect(json.trials.map((t) => [t.hparams.activation, t.hparams.hidden])).toEqual([
      ['tanh', 3],
      ['tanh', 10],
      ['sigmoid', 3],
      ['sigmoid', 10],
      ['relu', 3],
      ['relu', 10],
    ]);
    expect(readFileSync(join(logdir, 'sweep.md'), 'utf8')).toMatch(/^\| 1 \| tanh \| 10 \| done \|/m);
  }, 120_000);

  it('writes hparams records that an independent decoder (TensorBoard .proto field numbers) reads back', () => {
    const trial = join(logdir, 'activation=relu,hidden=10');
    const file = readdirSync(trial).find((f) => f.includes('tfevents')) as string;
    const decoded = spawnSync('python3', [READER, join(trial, file)], { encoding: 'utf8' });
    expect(decoded.status, decoded.stderr).toBe(0);
    const { hparams } = JSON.parse(decoded.stdout) as {
      hparams: {
        session_start_info: { hparams: Record<string, unknown>; group_name: string };
        session_end_info: { status: number };
      };
    };
    expect(hparams.session_start_info.hparams).toMatchObject({
      dataset: 'moons',
      activation: 'relu',
      hidden: 10,
      seed: 0,
      reg: 0.01,
    });
    expect(hparams.session_start_info.group_name).toContain('activation=relu,hidden=10');
    expect(hparams.session_start_info.group_name).not.toMatch(/(^|,)seed=/);
    expect(hparams.session_end_info.status).toBe(1); // STATUS_SUCCESS
    // nnlab's own reader agrees with it.
    expect(readEventFile(readFileSync(join(trial, file)), file).hparams?.sessionStart?.hparams).toEqual(
      hparams.session_start_info.hparams,
    );
    const top = readdirSync(logdir).find((f) => f.includes('tfevents')) as string;
    const experiment = spawnSync('python3', [READER, join(logdir, top)], { encoding: 'utf8' });
    const exp = (JSON.parse(experiment.stdout) as { hparams: { experiment: Record<string, unknown> } }).hparams
      .experiment as {
      hparam_infos: Array<{ name: string; type: number; domain_discrete: unknown[] }>;
      metric_infos: Array<{ name: { tag: string } }>;
    };
    expect(exp.hparam_infos.find((h) => h.name === 'activation')).toEqual({
      name: 'activation',
      type: 1, // DATA_TYPE_STRING
      domain_discrete: ['tanh', 'sigmoid', 'relu'],
    });
    expect(exp.hparam_infos.find((h) => h.name === 'hidden')).toEqual({
      name: 'hidden',
      type: 3,
      domain_discrete: [3, 10],
    });
    expect(exp.metric_infos.map((m) => m.name.tag)).toEqual(['loss/data', 'accuracy/train', 'loss/reg']);
  });

  it('run again (the folder spelled otherwise, another --parallel), skips every finished trial and changes none of their files', () => {
    const before = eventFiles(logdir);
    const again = nnlab([...args, '--logdir', `${logdir}/`, '--parallel', '1']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('6 finished earlier, 0 to resume');
    expect(again.stdout).not.toMatch(/^\[\d\/6\]/m);
    expect(eventFiles(logdir)).toEqual(before);
    // A part of the grid, then the whole again: every trial stays known.
    const part = nnlab([
      'sweep',
      'classic',
      '--dataset',
      'moons',
      '--grid',
      'activation=relu',
      '--grid',
      'hidden=3',
      '--logdir',
      logdir,
    ]);
    expect(part.code, part.stderr).toBe(0);
    expect(part.stdout).toContain('1 finished earlier');
    const whole = nnlab([...args, '--logdir', logdir]);
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stdout).toContain('6 finished earlier, 0 to resume');
    expect(eventFiles(logdir)).toEqual(before);
  }, 60_000);

  it('refuses another sweep in the same folder, and a folder it did not make', () => {
    const other = nnlab([
      'sweep',
      'classic',
      '--dataset',
      'circles',
      '--grid',
      'activation=tanh',
      '--grid',
      'hidden=3',
      '--logdir',
      logdir,
    ]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /^nnlab: .* holds another sweep \(trial activation=tanh,hidden=3 ran as: npx nnlab classic --dataset moons/,
    );
    const foreign = mkdtempSync(join(tmpdir(), 'nnlab-sweep-foreign-'));
    mkdirSync(join(foreign, 'activation=tanh'));
    writeFileSync(join(foreign, 'activation=tanh', 'mine.txt'), 'keep');
    const refused = nnlab(['sweep', 'classic', '--grid', 'activation=tanh', '--logdir', foreign]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('exists but is not a trial of a sweep');
    expect(readFileSync(join(foreign, 'activation=tanh', 'mine.txt'), 'utf8')).toBe('keep');
  });
});

describe('nnlab sweep: bad input is one line and exit 2, before any trial runs', () => {
  const logdir = join(tmpdir(), 'nnlab-sweep-never');
  it.each([
    [
      ['--grid', 'activaton=tanh,relu'],
      /^nnlab: --grid activaton: nnlab classic has no option --activaton \(it has .*activation/,
    ],
    [['--grid', 'activation=tanh,swish'], /^nnlab: --grid activation: swish is not one of relu, tanh/],
    [['--grid', 'hidden=3,0'], /^nnlab: --grid hidden: 0: expected an integer ≥ 1/],
    [['--grid', 'hidden='], /^nnlab: --grid hidden=: an empty value/],
    [['--grid', 'hidden'], /^nnlab: --grid hidden: expected NAME=V1,V2/],
    [[], /^nnlab: an empty grid/],
    [['--grid', 'run=a,b'], /^nnlab: --grid --run: the sweep sets it for each trial/],
    [['--grid', 'hidden=3', '--passes', 'x'], /^nnlab: --passes: x: expected an integer ≥ 1/],
    [['--grid', 'hidden=3', '--hidden', '5'], /^nnlab: --hidden is both an option and a grid axis/],
    [['--grid', 'hidden=3', '--seeds', '0,0'], /^nnlab: --seeds 0,0: a value is listed twice/],
    [['--grid', 'hidden=3', '--grid', 'hidden=5'], /^nnlab: --grid hidden is given twice/],
    [['--grid', 'hidden=3', '--passes'], /^nnlab: --passes needs a value/],
    [['--grid', 'hidden=3', 'moons'], /^nnlab: unexpected argument moons for nnlab classic/],
    [['--grid', 'hidden=3', '--sheet', 'x.gif'], /^nnlab: cannot tell the picture format of x\.gif/],
  ])('classic %j', (extra, message) => {
    const run = nnlab(['sweep', 'classic', ...extra, '--logdir', logdir]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
    expect(existsSync(logdir)).toBe(false);
  });

  it('names what is missing: the command, --logdir; mnist has no sheet; a sweep file must be JSON', () => {
    expect(nnlab(['sweep', '--grid', 'a=1']).stderr).toMatch(/^nnlab: name the training command/);
    expect(nnlab(['sweep', 'board', '--grid', 'a=1', '--logdir', logdir]).stderr).toMatch(
      /runs classic, deep, mnist, not board/,
    );
    expect(nnlab(['sweep', 'classic', '--grid', 'hidden=3']).stderr).toMatch(/needs --logdir DIR/);
    expect(nnlab(['sweep', 'mnist', '--grid', 'init=he', '--logdir', logdir, '--sheet', 'a.png']).stderr).toMatch(
      /classic and deep sweeps only/,
    );
    expect(nnlab(['sweep', 'mnist', '--grid', 'init=he', '--keep-best', '3', '--logdir', logdir]).stderr).toMatch(
      /^nnlab: --keep-best is a switch: it takes no value$/m,
    );
    const bad = join(mkdtempSync(join(tmpdir(), 'nnlab-sweep-file-')), 'bad.json');
    writeFileSync(bad, '{"command": "classic", "gird": {}}');
    const run = nnlab(['sweep', '--sweep', bad, '--logdir', logdir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown field gird/);
  });
});

describe('nnlab sweep: a failed trial is reported and the others go on', () => {
  it('deep with two hidden layers: the 8,6,4 trial fails, the others finish; exit 1; the sweep file form works', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-sweep-fail-'));
    const file = join(dir, 'sweep.json');
    writeFileSync(
      file,
      JSON.stringify({
        command: 'deep',
        options: { 'hidden-layers': 2, passes: 300, 'loss-every': 100, 'keep-going': false },
        // In a file each list item is one value: "8,6,4" is a width list, as deep's --hidden takes it.
        grid: { hidden: ['4', '8,6,4', '6x5'] },
      }),
    );
    const run = nnlab(['sweep', '--sweep', file, '--logdir', join(dir, 'runs')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^nnlab: 1 of 3 trials failed \(first: hidden=8,6,4: --hidden lists 3 widths but --hidden-layers is 2\)$/m,
    );
    const rows = readCsv(join(dir, 'runs', 'sweep.csv'));
    // The failed trial has no objective: it ranks last.
    expect(rows.map((r) => `${r.hidden} ${r.status}`).sort()).toEqual(['4 done', '6x5 done', '8,6,4 failed']);
    expect(rows[2]?.hidden).toBe('8,6,4');
    expect(rows.find((r) => r.hidden === '8,6,4')?.['loss/data (final)']).toBe('');
    const json = JSON.parse(readFileSync(join(dir, 'runs', 'sweep.json'), 'utf8')) as {
      trials: Array<{ name: string; hparams: Record<string, unknown> }>;
    };
    expect(json.trials.find((t) => t.name === 'hidden=6x5')?.hparams).toMatchObject({
      hidden: '6x5',
      'hidden-layers': 2,
    });
  }, 60_000);
});

describe('nnlab sweep mnist: interrupted with Ctrl-C and run again, it finishes only the missing trials', () => {
  it('activation × seeds at --parallel 2; trials interrupted mid-run resume from their checkpoints', async () => {
    const logdir = join(mkdtempSync(join(tmpdir(), 'nnlab-sweep-mnist-')), 'runs');
    const args = [
      'sweep',
      'mnist',
      '--steps',
      '30',
      '--eval-every',
      '30',
      '--print-every',
      '10',
      '--eval-limit',
      '100',
    ].concat([
      '--checkpoint-every',
      '5',
      '--grid',
      'activation=relu,tanh',
      '--seeds',
      '0,1',
      '--parallel',
      '2',
      '--logdir',
      logdir,
    ]);
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    // Ctrl-C once a trial has finished and another one is part-way (it has a checkpoint).
    // Part-way: its latest checkpoint is at most step 15 of 30, so a SIGINT now meets it in
    // training (a signal during the final evaluation would let it finish instead).
    const latestCheckpoint = (dir: string) =>
      Math.max(-1, ...readdirSync(dir).map((f) => Number(/^step-(\d+)\.safetensors$/.exec(f)?.[1] ?? -1)));
    const midway = () =>
      /\] .*: done in/.test(stdout) &&
      readdirSync(logdir, { withFileTypes: true }).some((e) => {
        if (!e.isDirectory() || stdout.includes(`] ${e.name}: done`)) return false;
        const step = latestCheckpoint(join(logdir, e.name));
        return step >= 0 && step <= 15;
      });
    const deadline = Date.now() + 90_000;
    while (!existsSync(logdir) || !midway()) {
      if (Date.now() > deadline) throw new Error(`no trial got part-way: ${stdout}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const first = JSON.parse(readFileSync(join(logdir, 'sweep.json'), 'utf8')) as {
      trials: Array<{ name: string; status: string }>;
    };
    const done = first.trials.filter((t) => t.status === 'done').map((t) => t.name);
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length).toBeLessThan(4);
    const finishedFiles = Object.fromEntries(
      Object.entries(eventFiles(logdir)).filter(([path]) => done.includes(path.split('/')[0] as string)),
    );

    const again = nnlab(args);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`${done.length} finished earlier`);
    const ran = [...again.stdout.matchAll(/^\[\d\/4\] (\S+): done/gm)].map((m) => m[1]);
    expect(ran.sort()).toEqual(
      first.trials
        .map((t) => t.name)
        .filter((n) => !done.includes(n))
        .sort(),
    );
    const resumedSomewhere = first.trials
      .filter((t) => !done.includes(t.name))
      .some((t) => readFileSync(join(logdir, t.name, 'output.txt'), 'utf8').includes('resuming from'));
    expect(resumedSomewhere).toBe(true);
    const final = readCsv(join(logdir, 'sweep.csv'));
    expect(final.map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);
    for (const r of final) expect(Number(r['accuracy/test (final)'])).toBeGreaterThan(0);
    // The trials finished before the interruption were not touched.
    const after = eventFiles(logdir);
    for (const [path, bytes] of Object.entries(finishedFiles)) expect(after[path]).toBe(bytes);
  }, 240_000);
});

describe('the live table reads the lines the commands print', () => {
  it('parses the course loss line and the mnist step line', () => {
    expect(progressOf(formatLossLine(3000, { dataLoss: 0.0712345, regLoss: 0.003 }))).toEqual({
      step: 3000,
      name: 'data_loss',
      value: '0.071235',
    });
    expect(progressOf('step 1100, training accuracy 0.96')).toEqual({
      step: 1100,
      name: 'training acc',
      value: '0.96',
    });
    expect(progressOf('MNIST: 55000 training')).toBeUndefined();
  });

  it('draws one line per trial on a terminal, with its step, metric and ETA, and removes itself before other output', () => {
    let out = '';
    const write = (s: string) => {
      out += s;
      return true;
    };
    const stream = { isTTY: true, write } as unknown as NodeJS.WriteStream;
    const display = new SweepDisplay(stream);
    const trial = (name: string) => ({ name, values: {}, args: [], settings: [] });
    const runs: TrialRun[] = [
      {
        trial: trial('a=1'),
        attemptArgs: [],
        status: 'running',
        step: 500,
        steps: 2000,
        seconds: 10,
        metric: { name: 'data_loss', value: '0.1' },
      },
      { trial: trial('a=2'), attemptArgs: [], status: 'done', step: 2000, steps: 2000, seconds: 4 },
      { trial: trial('a=3'), attemptArgs: [], status: 'pending', step: 0, steps: 2000, seconds: 0 },
    ];
    display.update(runs, true);
    const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, 'g');
    const lines = out.split('\n').map((l) => l.replace(ansi, ''));
    expect(lines[1]).toMatch(/^a=1 +running +500\/2000 +data_loss 0\.1 +ETA 0:30$/);
    expect(lines[2]).toMatch(/^a=2 +done +2000\/2000 +4\.0 s$/);
    expect(lines[4]).toBe('1/3 done');
    out = '';
    display.clear();
    expect(out).toBe('\x1b[5A\x1b[J');
    expect(new SweepDisplay({ isTTY: false } as NodeJS.WriteStream).live).toBe(false);
  });
});

describe('a sweep plan', () => {
  const plan = (grid: SweepPlan['grid'], baseArgs: string[] = []): SweepPlan => ({
    command: 'mnist',
    baseArgs,
    grid,
    logdir: 'runs',
    parallel: 2,
    objective: { tag: 'accuracy/test', mode: 'max' },
  });

  it('knows the options it sets itself, in the base options or as an axis (so it adds no --threads of its own)', () => {
    expect(setsOption(plan([{ name: 'threads', values: ['1', '2'] }]), 'threads')).toBe(true);
    expect(setsOption(plan([{ name: 'init', values: ['he'] }], ['--threads=2']), 'threads')).toBe(true);
    expect(setsOption(plan([{ name: 'init', values: ['he'] }], ['--steps', '5']), 'threads')).toBe(false);
    expect(optionValue(['--steps', '5', '--steps=7'], 'steps')).toBe('7');
    expect(optionValue(['--steps', '5'], 'passes')).toBeUndefined();
  });

  it('names each trial by its values, first axis slowest, and refuses two trials in one folder', () => {
    const trials = expandTrials(
      plan([
        { name: 'activation', values: ['relu', 'tanh'] },
        { name: 'seed', values: ['0', '1'] },
      ]),
      () => ['--threads', '1'],
    );
    expect(trials.map((t) => t.name)).toEqual([
      'activation=relu,seed=0',
      'activation=relu,seed=1',
      'activation=tanh,seed=0',
      'activation=tanh,seed=1',
    ]);
    expect(trials[1]?.settings).toEqual(['--activation', 'relu', '--seed', '1']);
    expect(trials[1]?.args).toEqual([
      ...(trials[1]?.settings ?? []),
      '--logdir',
      'runs',
      '--run',
      'activation=relu,seed=1',
      '--threads',
      '1',
    ]);
    expect(() => expandTrials(plan([{ name: 'data-dir', values: ['a/b', 'a_b'] }]), () => [])).toThrow(
      /two trials would share the run folder data-dir=a_b/,
    );
  });
});
