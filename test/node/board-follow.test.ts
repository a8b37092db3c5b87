import { appendFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunsResponse, ScalarSeries } from '../../src/board/api.js';
import { EventFileFollower } from '../../src/node/board/event-file-follower.js';
import { startBoard } from '../../src/node/board/server.js';
import { emptyContents } from '../../src/summary/reader.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';

/** The records of a run that logs `loss` at the given steps. */
function records(steps: number[], tag = 'loss'): Uint8Array[] {
  const out: Uint8Array[] = [];
  const w = new SummaryWriter(
    (r) => out.push(r),
    () => 1_700_000_000,
  );
  for (const step of steps) w.scalar(tag, step / 10, step, 1_700_000_000 + step);
  return out;
}
const join8 = (parts: Uint8Array[]) => Buffer.concat(parts);

describe('following event files', () => {
  it('reads a file in pieces smaller than its records', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-follow-'));
    const file = join(dir, 'events.out.tfevents.1');
    const big = records([0, 1, 2], 'a-tag-long-enough-to-make-each-record-longer-than-one-piece-of-the-read');
    writeFileSync(file, join8(big));
    const follower = new EventFileFollower(file, 'f', 40);
    const into = emptyContents();
    const size = join8(big).length;
    expect(await follower.poll(into, size)).toBe(4); // the file version and three values
    expect(
      into.scalars
        .values()
        .next()
        .value?.map((p) => p.step),
    ).toEqual([0, 1, 2]);
    expect(follower.warnings).toEqual([]);
  });

  it('waits for a last record whose data is not all written yet, then reads it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-follow-'));
    const file = join(dir, 'events.out.tfevents.1');
    const parts = records([0, 1]);
    const last = parts[2] as Uint8Array;
    // The last record's header and zeros where its data will be (a writer that sized the file first).
    const blank = Uint8Array.from(last);
    blank.fill(0, 12);
    writeFileSync(file, join8([...parts.slice(0, 2), blank]));
    const follower = new EventFileFollower(file, 'f');
    const into = emptyContents();
    const size = join8(parts).length;
    await follower.poll(into, size);
    expect(into.scalars.get('loss')?.map((p) => p.step)).toEqual([0]);
    expect(follower.warnings.join('\n')).toMatch(/data CRC mismatch\): waiting for the writer to finish it/);
    writeFileSync(file, join8(parts));
    await follower.poll(into, size);
    expect(into.scalars.get('loss')?.map((p) => p.step)).toEqual([0, 1]);
    expect(follower.warnings).toEqual([]);
  });

  it('gives up on a bad last record that nobody rewrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-follow-'));
    const file = join(dir, 'events.out.tfevents.1');
    const bytes = join8(records([0, 1]));
    bytes[bytes.length - 6] = (bytes[bytes.length - 6] as number) ^ 0xff;
    writeFileSync(file, bytes);
    const follower = new EventFileFollower(file, 'f');
    const into = emptyContents();
    await follower.poll(into, bytes.length);
    expect(follower.warnings.join('\n')).toMatch(/waiting for the writer to finish it/);
    for (let i = 0; i < 5; i++) await follower.poll(into, bytes.length);
    expect(follower.warnings).toEqual([
      expect.stringMatching(/^f: corrupt record at byte \d+ \(data CRC mismatch\): showing the records before it$/),
    ]);
    expect(into.scalars.get('loss')?.map((p) => p.step)).toEqual([0]);
  });

  it('says so when a file stays cut off inside a record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-follow-'));
    const file = join(dir, 'events.out.tfevents.1');
    const parts = records([0, 1]);
    const cut = join8(parts).subarray(0, join8(parts).length - 5);
    writeFileSync(file, cut);
    const follower = new EventFileFollower(file, 'f');
    const into = emptyContents();
    // The first poll reads the complete record; then four polls find the same cut-off one.
    for (let i = 0; i < 5; i++) await follower.poll(into, cut.length);
    expect(into.scalars.get('loss')?.map((p) => p.step)).toEqual([0]);
    expect(follower.warnings).toEqual([]);
    await follower.poll(into, cut.length);
    expect(follower.warnings.join('\n')).toMatch(
      /f: ends inside a record at byte \d+ \(a writer still running, or one that crashed\)/,
    );
  });

  it('a file deleted while read is a warning, not an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnlab-follow-'));
    const follower = new EventFileFollower(join(dir, 'gone'), 'gone');
    expect(await follower.poll(emptyContents(), 100)).toBe(0);
    expect(follower.warnings).toEqual(['gone: cannot be read (ENOENT)']);
  });
});

describe('the board server over a changing log directory', () => {
  it('announces changes found by an API request, shows a restarted run’s latest attempt, survives deletions and link loops', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-board-change-'));
    mkdirSync(join(logdir, 'a'));
    const fileA = join(logdir, 'a', 'events.out.tfevents.1.h.1.0');
    writeFileSync(fileA, join8(records([0, 10, 20, 30])));
    mkdirSync(join(logdir, 'b'));
    const fileB1 = join(logdir, 'b', 'events.out.tfevents.1.h.2.0');
    const fileB2 = join(logdir, 'b', 'events.out.tfevents.2.h.2.0');
    // An empty file beside one with records: the run's version moves once when read.
    writeFileSync(fileB1, new Uint8Array());
    writeFileSync(fileB2, join8(records([2, 3])));
    symlinkSync('.', join(logdir, 'loop'));
    // No timer in the way: only API requests read the folder again.
    const board = await startBoard({ logdir, port: 0, pollMs: 600_000 });
    try {
      const runs = async () => (await (await fetch(`${board.url}/api/runs`)).json()) as RunsResponse;
      expect((await runs()).runs.map((r) => r.name)).toEqual(['a', 'b']);
      const events = await fetch(`${board.url}/api/events`);
      const reader = events.body?.getReader();
      if (!reader) throw new Error('no event stream');
      const decoder = new TextDecoder();
      const first = Number(/"version":(\d+)/.exec(decoder.decode((await reader.read()).value))?.[1]);

      // The run restarts from step 15: its old 20 and 30 give way.
      appendFileSync(fileA, join8(records([15, 25]).slice(1)));
      expect((await runs()).version).toBeGreaterThan(first);
      let message = '';
      while (!/"version"/.test(message)) message = decoder.decode((await reader.read()).value);
      expect(Number(/"version":(\d+)/.exec(message)?.[1])).toBeGreaterThan(first);
      await reader.cancel();
      const a = (await (await fetch(`${board.url}/api/scalars?run=a&tag=loss`)).json()) as ScalarSeries;
      expect(a.steps).toEqual([0, 10, 15, 25]);

      // A deleted file: its run is read again from what is left (under a new version, so
      // pages do not keep the old data), and the file is no longer served.
      const before = (await runs()).runs.find((r) => r.name === 'b')?.version;
      rmSync(fileB1);
      expect((await runs()).runs.find((r) => r.name === 'b')?.version).not.toBe(before);
      const raw = await fetch(`${board.url}/logdir/b/events.out.tfevents.1.h.2.0`);
      expect(raw.status).toBe(404);
      const b = (await (await fetch(`${board.url}/api/scalars?run=b&tag=loss`)).json()) as ScalarSeries;
      expect(b.steps).toEqual([2, 3]);
      expect((await fetch(`${board.url}/logdir/b/events.out.tfevents.2.h.2.0`)).status).toBe(200);
    } finally {
      await board.close();
    }
  });
});

describe('bounded memory', () => {
  it('thins long histogram and image series evenly, keeping the newest, and serves every image it lists', async () => {
    const logdir = mkdtempSync(join(tmpdir(), 'nnlab-board-thin-'));
    mkdirSync(join(logdir, 'run'));
    const out: Uint8Array[] = [];
    const w = new SummaryWriter((r) => out.push(r));
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47]);
    for (let step = 0; step < 10; step++) {
      w.histogram('w', [step, step + 1], step);
      w.image('img', png, 1, 1, step);
      w.scalar('loss', step, step);
    }
    writeFileSync(join(logdir, 'run', 'events.out.tfevents.1.h.1.0'), join8(out));
    const board = await startBoard({ logdir, port: 0, pollMs: 600_000, keep: { histograms: 4, images: 3 } });
    try {
      const get = async <T>(path: string) => (await (await fetch(`${board.url}${path}`)).json()) as T;
      const histograms = await get<Array<{ step: number }>>('/api/histograms?run=run&tag=w');
      expect(histograms.map((h) => h.step)).toEqual([0, 4, 8, 9]);
      const images = await get<Array<{ step: number; index: number }>>('/api/images?run=run&tag=img');
      expect(images.map((i) => i.step)).toEqual([0, 8, 9]);
      for (const { index } of images)
        expect((await fetch(`${board.url}/api/image?run=run&tag=img&index=${index}`)).status).toBe(200);
      // Scalars are kept whole.
      expect((await get<ScalarSeries>('/api/scalars?run=run&tag=loss')).steps).toHaveLength(10);
    } finally {
      await board.close();
    }
  });
});
