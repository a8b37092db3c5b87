import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistogramPoint, ImagePoint, RunsResponse, ScalarSeries, TextPoint } from '../../src/board/api.js';
import { type Board, startBoard } from '../../src/node/board/server.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';
import { fixtureJson } from '../helpers/fixtures.js';
import { rawGet } from '../helpers/http.js';

const FIXTURE = 'events.out.tfevents.1795758286.vm.431.0.fixture';
const FIXTURE_PATH = fileURLToPath(new URL(`../fixtures/tensorboard/${FIXTURE}`, import.meta.url));

interface Readback {
  scalars: Record<string, [number, number, number][]>;
  histograms: Record<string, { step: number; min: number; max: number; bucket_limit: number[]; bucket: number[] }[]>;
  images: Record<string, { step: number; width: number; height: number; png_bytes: number }[]>;
}

/** Records of a small nnlab run, framed (the bytes of an event file). */
function records(write: (w: SummaryWriter) => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  write(
    new SummaryWriter(
      (r) => out.push(r),
      () => 1_700_000_000,
    ),
  );
  return out;
}

const concat = (parts: Uint8Array[]) => Buffer.concat(parts);

async function getJson<T>(board: Board, path: string): Promise<T> {
  const res = await fetch(`${board.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

const q = (run: string, tag: string) => `run=${encodeURIComponent(run)}&tag=${encodeURIComponent(tag)}`;

describe('nnlab board server', () => {
  const logdir = mkdtempSync(join(tmpdir(), 'nnlab-board-'));
  const outside = mkdtempSync(join(tmpdir(), 'nnlab-outside-'));
  let board: Board;
  const growing = join(logdir, 'live', 'events.out.tfevents.1.host.1.0');
  const liveRecords = records((w) => {
    for (let step = 0; step < 6; step++) w.scalar('loss', 1 / (step + 1), step * 10, 1_700_000_000 + step);
  });

  beforeAll(async () => {
    mkdirSync(join(logdir, 'tb'));
    copyFileSync(FIXTURE_PATH, join(logdir, 'tb', FIXTURE));
    // A corrupt file: a byte of the third record's payload flipped.
    const parts = records((w) => {
      for (let step = 0; step < 4; step++) w.scalar('loss', step, step, 1_700_000_000 + step);
    });
    const bad = Buffer.from(concat(parts));
    const thirdStart = (parts[0]?.length ?? 0) + (parts[1]?.length ?? 0);
    bad[thirdStart + 14] = (bad[thirdStart + 14] as number) ^ 0xff;
    mkdirSync(join(logdir, 'broken'));
    writeFileSync(join(logdir, 'broken', 'events.out.tfevents.1.host.2.0'), bad);
    writeFileSync(join(logdir, 'broken', 'notes.txt'), 'not an event file');
    // A file cut off mid-record (a writer still running), growing later.
    mkdirSync(join(logdir, 'live'));
    const first = concat(liveRecords.slice(0, 3));
    const partial = liveRecords[3]?.subarray(0, 7) ?? new Uint8Array();
    writeFileSync(growing, concat([first, partial]));
    // A link to a folder outside the log directory is not followed.
    writeFileSync(join(outside, 'events.out.tfevents.9.host.9.0'), concat(liveRecords));
    symlinkSync(outside, join(logdir, 'escape'));
    board = await startBoard({ logdir, port: 0, pollMs: 50 });
  });
  afterAll(() => board?.close());

  it('lists runs with their tags, and reads the TensorBoard (PyTorch) fixture like TensorBoard does', async () => {
    const runs = await getJson<RunsResponse>(board, '/api/runs');
    expect(runs.runs.map((r) => r.name)).toEqual(['broken', 'live', 'tb']);
    const tb = runs.runs.find((r) => r.name === 'tb');
    expect(tb?.tags).toEqual({
      scalars: ['accuracy/train', 'loss'],
      histograms: ['conv1/weights', 'relu/activations'],
      images: ['boundary'],
      texts: ['config/text_summary'],
    });
    expect(tb?.files).toEqual([`tb/${FIXTURE}`]);
    const readback = fixtureJson<Readback>('tensorboard/readback.json');
    for (const [tag, points] of Object.entries(readback.scalars)) {
      const s = await getJson<ScalarSeries>(board, `/api/scalars?${q('tb', tag)}`);
      expect(s.steps).toEqual(points.map((p) => p[0]));
      expect(s.values).toEqual(points.map((p) => p[1]));
      expect(s.wallTimes).toEqual(points.map((p) => p[2]));
    }
    for (const [tag, points] of Object.entries(readback.histograms)) {
      const h = await getJson<HistogramPoint[]>(board, `/api/histograms?${q('tb', tag)}`);
      expect(h.map((p) => p.step)).toEqual(points.map((p) => p.step));
      h.forEach((p, i) => {
        expect(p.counts).toEqual(points[i]?.bucket);
        expect(p.limits).toEqual(points[i]?.bucket_limit);
        expect([p.min, p.max]).toEqual([points[i]?.min, points[i]?.max]);
      });
    }
    const images = await getJson<ImagePoint[]>(board, `/api/images?${q('tb', 'boundary')}`);
    expect(images).toEqual([expect.objectContaining({ step: 0, width: 5, height: 4, index: 0 })]);
    const png = await rawGet(board.url, `/api/image?${q('tb', 'boundary')}&index=0`);
    expect(png.type).toBe('image/png');
    expect(png.body.length).toBe(readback.images.boundary?.[0]?.png_bytes);
    expect([...png.body.subarray(1, 4)]).toEqual([...Buffer.from('PNG')]);
    const texts = await getJson<TextPoint[]>(board, `/api/texts?${q('tb', 'config/text_summary')}`);
    expect(texts.map((t) => t.text)).toEqual(['lr=1e-4 batch=50']);
  });

  it('shows the valid records of a corrupt file with a warning, and keeps serving', async () => {
    const runs = await getJson<RunsResponse>(board, '/api/runs');
    const broken = runs.runs.find((r) => r.name === 'broken');
    expect(broken?.warnings).toHaveLength(1);
    expect(broken?.warnings[0]).toMatch(
      /broken\/events\.out\.tfevents\.1\.host\.2\.0: corrupt record at byte \d+ \(data CRC mismatch\): showing the records before it/,
    );
    const s = await getJson<ScalarSeries>(board, `/api/scalars?${q('broken', 'loss')}`);
    expect(s.steps).toEqual([0]);
    expect((await rawGet(board.url, '/api/runs')).status).toBe(200);
  });

  it('refuses ../ paths, other files and foreign Host headers; serves the known event files', async () => {
    for (const path of [
      '/../package.json',
      '/%2e%2e/package.json',
      '/logdir/../../etc/passwd',
      '/logdir/%2e%2e%2fpackage.json',
      '/assets/..%2f..%2f..%2fpackage.json',
      '/logdir/tb/..%5c..%5cpackage.json',
    ])
      expect((await rawGet(board.url, path)).status, path).toBe(403);
    expect((await rawGet(board.url, '/logdir/broken/notes.txt')).status).toBe(404);
    expect((await rawGet(board.url, '/logdir/escape/events.out.tfevents.9.host.9.0')).status).toBe(404);
    expect((await rawGet(board.url, '/package.json')).status).toBe(404);
    const file = await rawGet(board.url, `/logdir/tb/${FIXTURE}`);
    expect(file.status).toBe(200);
    expect(file.body.equals(readFileSync(FIXTURE_PATH))).toBe(true);
    expect((await rawGet(board.url, '/api/runs', 'attacker.example:80')).status).toBe(403);
    expect(board.store.warnings.join('\n')).toMatch(/escape leads outside the log directory/);
    const listed = (await getJson<RunsResponse>(board, '/api/runs')).warnings;
    expect(listed).toEqual([expect.stringMatching(/^escape leads outside the log directory: not followed$/)]);
    // A warning lasts as long as its cause.
    rmSync(join(logdir, 'escape'));
    expect((await getJson<RunsResponse>(board, '/api/runs')).warnings).toEqual([]);
    symlinkSync(outside, join(logdir, 'escape'));
    const missing = await rawGet(board.url, `/api/scalars?${q('tb', 'nope')}`);
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.body.toString()).error).toMatch(/no scalars tag nope/);
  });

  it('serves the web app', async () => {
    const page = await rawGet(board.url, '/');
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/text\/html/);
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page.body.toString())?.[1];
    expect(script).toBeDefined();
    const js = await rawGet(board.url, `/${script}`);
    expect(js.status).toBe(200);
    expect(js.type).toMatch(/javascript/);
  });

  it('follows a file being written: a half-written record waits, new records and new runs appear, with a change event', async () => {
    const before = await getJson<ScalarSeries>(board, `/api/scalars?${q('live', 'loss')}`);
    expect(before.steps).toEqual([0, 10]); // record 0 is the file version, 3 is still half written
    const events = await fetch(`${board.url}/api/events`);
    const reader = events.body?.getReader();
    if (!reader) throw new Error('no event stream');
    const decoder = new TextDecoder();
    const first = decoder.decode((await reader.read()).value);
    const startVersion = Number(/"version":(\d+)/.exec(first)?.[1]);
    appendFileSync(growing, concat([liveRecords[3]?.subarray(7) ?? new Uint8Array(), ...liveRecords.slice(4)]));
    let next = '';
    while (!/"version"/.test(next)) next = decoder.decode((await reader.read()).value);
    expect(Number(/"version":(\d+)/.exec(next)?.[1])).toBeGreaterThan(startVersion);
    // The first change event may be an earlier one (on a loaded machine the half-written record
    // can stall long enough to earn its warning before the append is read): poll for the records.
    await expect
      .poll(async () => (await getJson<ScalarSeries>(board, `/api/scalars?${q('live', 'loss')}`)).steps)
      .toEqual([0, 10, 20, 30, 40, 50]);
    await reader.cancel();

    mkdirSync(join(logdir, 'later', 'deep'), { recursive: true });
    writeFileSync(join(logdir, 'later', 'deep', 'events.out.tfevents.2.host.3.0'), concat(liveRecords));
    await expect
      .poll(async () => (await getJson<RunsResponse>(board, '/api/runs')).runs.map((r) => r.name))
      .toContain('later/deep');
  });
});

describe('nnlab board shared on every interface (--host 0.0.0.0)', () => {
  it('answers requests by address or this machine’s name, and still refuses other names', async () => {
    const { hostname } = await import('node:os');
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-board-shared-'));
    const board = await startBoard({ logdir, port: 0, host: '0.0.0.0' });
    try {
      const port = new URL(board.url).port;
      expect((await rawGet(board.url, '/api/runs', `127.0.0.1:${port}`)).status).toBe(200);
      expect((await rawGet(board.url, '/api/runs', `10.1.2.3:${port}`)).status).toBe(200);
      expect((await rawGet(board.url, '/api/runs', `${hostname()}:${port}`)).status).toBe(200);
      expect((await rawGet(board.url, '/api/runs', `rebound.example:${port}`)).status).toBe(403);
    } finally {
      await board.close();
    }
  });
});
