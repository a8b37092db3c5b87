import { resolveObjectURL } from 'node:buffer';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunInfo, RunsResponse, ScalarSeries } from '../../src/board/api.js';
import type { PointLimits } from '../../src/board/run-series.js';
import { apiResponse } from '../../src/node/board/api-routes.js';
import { LogdirStore } from '../../src/node/board/logdir-store.js';
import { MemoryRuns } from '../../src/summary/memory-runs.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';

const PNG = (n: number) => Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, n, n + 1]);
const JPEG = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** A writer on a fixed clock, so two writers of the same calls write the same bytes. */
function writer(sink: (r: Uint8Array) => void): SummaryWriter {
  let t = 1_700_000_000;
  return new SummaryWriter(sink, () => t++);
}

/** A small run of every kind of record: NaN, a restart, histograms, images (PNG and JPEG), text, hparams. */
function fillRun(w: SummaryWriter, seed: number, steps = 6): void {
  w.hparams({
    kind: 'sessionStart',
    sessionStart: {
      hparams: { lr: 0.01 * seed, act: 'relu', seed },
      groupName: 'act=relu',
      startTimeSecs: 1_699_999_999,
    },
  });
  w.text('config', `| option | value |\n|---|---|\n| seed | ${seed} |`, 0);
  for (let step = 0; step < steps; step++) {
    w.scalar('loss', step === 1 ? Number.NaN : 1 / (step + seed), step * 10);
    w.scalar('conv1/activation/zero_fraction', 0.1 * step, step * 10);
    w.histogram('conv1/weights', [step, -step, 0.5 * seed, 0.25, step * step], step * 10);
    w.image('boundary', step % 2 ? JPEG : PNG(step), 5, 4, step * 10);
  }
  // A restart from step 20: the points at and after it are replaced.
  w.scalar('loss', 0.123, 20);
  w.hparams({ kind: 'sessionEnd', sessionEnd: { status: 'success', endTimeSecs: 1_700_000_500 } });
}

function fillExperiment(w: SummaryWriter): void {
  w.hparams({
    kind: 'experiment',
    experiment: {
      hparams: [
        { name: 'lr', type: 'float64', values: [0.01, 0.02] },
        { name: 'act', type: 'string', values: ['relu'] },
        { name: 'seed', interval: { min: 1, max: 2 } },
      ],
      metrics: [{ tag: 'loss' }],
    },
  });
}

const RUNS: Record<string, (w: SummaryWriter) => void> = {
  '.': fillExperiment,
  'relu-1': (w) => fillRun(w, 1),
  'sweep/relu-2': (w) => fillRun(w, 2),
};

/**
 * The same records twice: as event files in a new log directory, and in a MemoryRuns —
 * from a SummaryWriter's sink, record by record, or (`whole`) as each file's bytes at once.
 */
async function bothWays(keep?: PointLimits, whole = false): Promise<{ store: LogdirStore; memory: MemoryRuns }> {
  const logdir = mkdtempSync(join(tmpdir(), 'nnlab-memory-runs-'));
  const memory = new MemoryRuns(keep ? { keep } : {});
  for (const [name, fill] of Object.entries(RUNS)) {
    const records: Uint8Array[] = [];
    fill(writer((r) => records.push(r)));
    mkdirSync(join(logdir, name), { recursive: true });
    writeFileSync(join(logdir, name, 'events.out.tfevents.1.host.1.0'), Buffer.concat(records));
    if (whole) memory.append(name, Buffer.concat(records));
    else fill(writer(memory.sink(name)));
  }
  return { store: await LogdirStore.open(logdir, keep), memory };
}

/** What the server's API answers, as the page receives it (JSON). */
function served(store: LogdirStore, path: string, params: Record<string, string> = {}): unknown {
  const answer = apiResponse(store, path, new URLSearchParams(params));
  if (answer.kind !== 'json') throw new Error(`${path} answered bytes`);
  expect(answer.status, path).toBe(200);
  return JSON.parse(JSON.stringify(answer.body));
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** A run's entry without what differs by where the records live (files, version stamps). */
const placeless = ({ files: _f, version: _v, ...rest }: RunInfo) => rest;

describe('MemoryRuns: records held in the page, answered as the board server answers them', () => {
  it('lists the same runs, with the same tags, start times and hparams', async () => {
    const { store, memory } = await bothWays();
    const server = served(store, '/api/runs') as RunsResponse;
    const mine = asJson(memory.runsResponse()) as RunsResponse;
    expect(mine.runs.map((r) => r.name)).toEqual(['.', 'relu-1', 'sweep/relu-2']);
    expect(mine.runs.map(placeless)).toEqual(server.runs.map(placeless));
    expect(mine.warnings).toEqual(server.warnings);
    expect(mine.logdir).toBe('in-page');
    expect(mine.runs.every((r) => r.files.length === 0)).toBe(true);
    // The shaping is real, not two empty lists agreeing.
    const relu = mine.runs[1] as RunInfo;
    expect(relu.tags).toEqual({
      scalars: ['conv1/activation/zero_fraction', 'loss'],
      histograms: ['conv1/weights'],
      images: ['boundary'],
      texts: ['config/text_summary'],
    });
    expect(relu.hparams).toEqual({
      values: { lr: 0.01, act: 'relu', seed: 1 },
      group: 'act=relu',
      status: 'success',
      startTime: 1_699_999_999,
      endTime: 1_700_000_500,
    });
    expect(mine.runs[0]?.experiment?.metrics).toEqual(['loss']);
    // The first value's time (the text, after the file-version event and the session start).
    expect(relu.startTime).toBe(1_700_000_002);
  });

  it('answers every series of every run as the server does: scalars, histograms, images, texts', async () => {
    const { store, memory } = await bothWays();
    let compared = 0;
    for (const run of memory.runsResponse().runs)
      for (const kind of ['scalars', 'histograms', 'images', 'texts'] as const)
        for (const tag of run.tags[kind]) {
          const mine = asJson(await memory.get(kind, run, tag));
          expect(mine, `${kind} ${run.name} ${tag}`).toEqual(served(store, `/api/${kind}`, { run: run.name, tag }));
          compared++;
        }
    expect(compared).toBe(2 * 5);
    const loss = asJson(memory.series('scalars', 'relu-1', 'loss')) as ScalarSeries;
    // NaN travels as null; the restart at step 20 replaced steps 20 to 50.
    expect(loss.steps).toEqual([0, 10, 20]);
    expect(loss.values).toEqual([1, null, Math.fround(0.123)]);
  });

  it("serves each image's bytes and type as the server does, and as a blob: URL", async () => {
    const { store, memory } = await bothWays();
    for (const index of [0, 1, 4]) {
      const query = new URLSearchParams({ run: 'relu-1', tag: 'boundary', index: String(index) });
      const server = apiResponse(store, '/api/image', query);
      const mine = memory.image('relu-1', 'boundary', index);
      expect(server.kind).toBe('bytes');
      if (server.kind !== 'bytes' || !mine) throw new Error('no image');
      expect(mine.type).toBe(server.type);
      expect([...mine.bytes]).toEqual([...server.bytes]);
      const url = memory.imageUrl('relu-1', 'boundary', index);
      expect(url).toMatch(/^blob:/);
      expect(memory.imageUrl('relu-1', 'boundary', index)).toBe(url);
      const blob = resolveObjectURL(url);
      expect(blob?.type).toBe(index % 2 ? 'image/jpeg' : 'image/png');
      expect([...new Uint8Array((await blob?.arrayBuffer()) ?? new ArrayBuffer(0))]).toEqual([...server.bytes]);
    }
    expect(memory.image('relu-1', 'boundary', 99)).toBeUndefined();
    expect(memory.imageUrl('relu-1', 'boundary', 99)).toBe('data:,');
    await expect(memory.get('scalars', { name: 'relu-1' } as RunInfo, 'nope')).rejects.toThrow(
      /run relu-1 has no scalars tag nope/,
    );
  });

  it("thins histograms and images past the same limits as the server's, and revokes dropped images' URLs", async () => {
    const keep = { histograms: 4, images: 3 };
    // What is kept depends on how records arrive together (the server thins after each
    // read of a file): the same bytes at once are thinned to the same points.
    const { store, memory: wholeFiles } = await bothWays(keep, true);
    for (const run of wholeFiles.runsResponse().runs)
      for (const kind of ['histograms', 'images'] as const)
        for (const tag of run.tags[kind])
          expect(asJson(await wholeFiles.get(kind, run, tag))).toEqual(
            served(store, `/api/${kind}`, { run: run.name, tag }),
          );
    // Record by record from a writer: within the limits, the newest point always kept.
    const { memory } = await bothWays(keep);
    const run = memory.runsResponse().runs[1] as RunInfo;
    const histograms = await memory.get('histograms', run, 'conv1/weights');
    expect(histograms.length).toBeLessThanOrEqual(4);
    expect(histograms.map((p) => p.step).slice(-1)).toEqual([50]);
    const images = await memory.get('images', run, 'boundary');
    expect(images.length).toBeLessThanOrEqual(3);
    expect(images.map((p) => p.step)).toEqual([0, 40, 50]);
    // Every image held has a URL; one dropped by the next thinning loses its own.
    const urls = images.map((p) => memory.imageUrl(run.name, 'boundary', p.index));
    const w = writer(memory.sink(run.name));
    for (let step = 60; step < 80; step += 10) w.image('boundary', PNG(step), 5, 4, step);
    const kept = new Set(
      (await memory.get('images', run, 'boundary')).map((p) => memory.imageUrl(run.name, 'boundary', p.index)),
    );
    const dropped = urls.filter((u) => !kept.has(u));
    expect(dropped.length).toBeGreaterThan(0);
    for (const url of dropped) expect(resolveObjectURL(url)).toBeUndefined();
    for (const url of kept) expect(resolveObjectURL(url)).toBeDefined();
  });

  it('bumps its version and the run version on new records, telling listeners once per task', async () => {
    const memory = new MemoryRuns();
    const w = writer(memory.sink('live'));
    w.scalar('loss', 1, 0);
    const heard: number[] = [];
    const stop = memory.subscribe(() => heard.push(memory.version));
    await Promise.resolve();
    heard.length = 0;
    const before = memory.runsResponse();
    const first = memory.series('scalars', 'live', 'loss');
    expect(memory.series('scalars', 'live', 'loss')).toBe(first); // unchanged: not shaped again
    for (let step = 1; step < 4; step++) w.scalar('loss', 1 / (step + 1), step);
    expect(heard).toEqual([]); // not before the writing task is done
    await Promise.resolve();
    expect(heard).toEqual([memory.version]);
    const after = memory.runsResponse();
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.runs[0]?.version).not.toBe(before.runs[0]?.version);
    expect(memory.series('scalars', 'live', 'loss')?.steps).toEqual([0, 1, 2, 3]);
    // A new run is a change too; a stopped listener hears nothing more.
    stop();
    writer(memory.sink('other')).scalar('loss', 1, 0);
    await Promise.resolve();
    expect(heard).toHaveLength(1);
    expect(memory.runsResponse().runs.map((r) => r.name)).toEqual(['live', 'other']);
  });

  it('takes a record in pieces, and stops a run at a corrupt record with the server’s warning', () => {
    const records: Uint8Array[] = [];
    const w = writer((r) => records.push(r));
    for (let step = 0; step < 4; step++) w.scalar('loss', step, step);
    const bytes = Buffer.concat(records);
    const memory = new MemoryRuns();
    for (let at = 0; at < bytes.length; at += 7) memory.append('split', bytes.subarray(at, at + 7));
    expect(memory.series('scalars', 'split', 'loss')?.steps).toEqual([0, 1, 2, 3]);
    const bad = Uint8Array.from(bytes);
    const third = (records[0]?.length ?? 0) + (records[1]?.length ?? 0) + (records[2]?.length ?? 0);
    bad[third + 14] = (bad[third + 14] as number) ^ 0xff;
    memory.append('broken', bad);
    memory.append('broken', records[1] as Uint8Array);
    expect(memory.series('scalars', 'broken', 'loss')?.steps).toEqual([0, 1]);
    expect(memory.runsResponse().runs.find((r) => r.name === 'broken')?.warnings).toEqual([
      `broken: corrupt record at byte ${third} (data CRC mismatch): showing the records before it`,
    ]);
  });
});
