import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomState } from '../../src/random/random-state.js';
import { decodeEvent } from '../../src/summary/event.js';
import { makeHistogram } from '../../src/summary/histogram.js';
import { readEventFile } from '../../src/summary/reader.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';
import { frameRecord, parseRecords } from '../../src/summary/tfrecord.js';
import { fixtureBytes, fixtureJson } from '../helpers/fixtures.js';

// The fixture: an event file written by PyTorch's SummaryWriter and what TensorBoard's
// EventAccumulator read from it (see test/fixtures/tensorboard/make_fixture.py).
const FILE = 'tensorboard/events.out.tfevents.1795758286.vm.431.0.fixture';
interface Readback {
  scalars: Record<string, [number, number, number][]>;
  histograms: Record<
    string,
    Array<{
      step: number;
      min: number;
      max: number;
      num: number;
      sum: number;
      sum_squares: number;
      bucket_limit: number[];
      bucket: number[];
    }>
  >;
  images: Record<string, Array<{ step: number; width: number; height: number; png_bytes: number }>>;
}
const readback = fixtureJson<Readback>('tensorboard/readback.json');

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe("reading TensorBoard's own files", () => {
  const contents = readEventFile(fixtureBytes(FILE), 'fixture');

  it('finds the same tags, steps, values and wall times as TensorBoard', () => {
    expect(contents.fileVersion).toBe('brain.Event:2');
    expect([...contents.scalars.keys()]).toEqual(Object.keys(readback.scalars));
    for (const [tag, points] of Object.entries(readback.scalars)) {
      expect(contents.scalars.get(tag)?.map((p) => [p.step, p.value, p.wallTime])).toEqual(points);
    }
    expect([...contents.texts.entries()]).toEqual([
      ['config/text_summary', [{ step: 0, wallTime: 1700000002, value: 'lr=1e-4 batch=50' }]],
    ]);
    const image = contents.images.get('boundary')?.[0];
    expect(image && [image.step, image.value.width, image.value.height, image.value.encoded.length]).toEqual([
      0,
      5,
      4,
      readback.images.boundary?.[0]?.png_bytes,
    ]);
  });

  it('reads the histograms bucket for bucket', () => {
    for (const [tag, points] of Object.entries(readback.histograms)) {
      const ours = contents.histograms.get(tag) ?? [];
      expect(ours).toHaveLength(points.length);
      points.forEach((p, i) => {
        const h = ours[i]!.value;
        expect([ours[i]!.step, h.min, h.max, h.num, h.sum, h.sumSquares]).toEqual([
          p.step,
          p.min,
          p.max,
          p.num,
          p.sum,
          p.sum_squares,
        ]);
        expect(h.bucketLimit).toEqual(p.bucket_limit);
        expect(h.bucket).toEqual(p.bucket);
      });
    }
  });
});

describe('writing', () => {
  it('given the fixture’s inputs, writes the records PyTorch wrote (byte for byte; histogram sums to an ulp)', () => {
    const original = parseRecords(fixtureBytes(FILE), 'fixture').records;
    const records: Uint8Array[] = [];
    const first = decodeEvent(original[0]!);
    const w = new SummaryWriter(
      (r) => records.push(r),
      () => 0,
      first.wallTime,
    );
    const rng = new RandomState(0);
    for (const step of [0, 100, 200]) {
      w.scalar('loss', 2.5 / (1 + step), step, 1700000000 + step);
      w.scalar('accuracy/train', Math.min(1, 0.1 + step / 250), step, 1700000000 + step);
      w.histogram('conv1/weights', rng.normal(0, 0.1, 800), step, 1700000000 + step);
    }
    w.histogram('relu/activations', [...new Float64Array(50), ...rng.randomSample(50)], 0, 1700000001);
    w.text('config', 'lr=1e-4 batch=50', 0, 1700000002);
    const png = readEventFile(fixtureBytes(FILE), 'f').images.get('boundary')![0]!.value.encoded;
    w.image('boundary', png, 5, 4, 0, 1700000003);
    expect(records).toHaveLength(original.length);
    records.forEach((r, i) => {
      const theirs = decodeEvent(original[i]!);
      const ours = decodeEvent(parseRecords(r, 'ours').records[0]!);
      const histo = ours.summary?.[0]?.histo;
      if (histo) {
        const ref = theirs.summary![0]!.histo!;
        expect(histo.sum).toBeCloseTo(ref.sum, 12);
        expect(histo.sumSquares).toBeCloseTo(ref.sumSquares, 12);
        expect({ ...ours, summary: [{ ...ours.summary![0]!, histo: { ...histo, sum: 0, sumSquares: 0 } }] }).toEqual({
          ...theirs,
          summary: [{ ...theirs.summary![0]!, histo: { ...ref, sum: 0, sumSquares: 0 } }],
        });
      } else if (i === 0) {
        expect({ ...ours, sourceWriter: '' }).toEqual({ ...theirs, sourceWriter: '' });
      } else {
        // Framing is shown byte-equal to PyTorch's in tfrecord.test.ts.
        expect(Buffer.from(r).equals(Buffer.from(frameRecord(original[i]!)))).toBe(true);
      }
    });
  });

  it('round-trips random scalars, histograms and unicode tags', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            tag: fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }),
            value: fc.float({ noNaN: true }),
            step: fc.nat(1e9),
          }),
          { maxLength: 8 },
        ),
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (scalars, values) => {
          const records: Uint8Array[] = [];
          const w = new SummaryWriter(
            (r) => records.push(r),
            () => 1.5,
          );
          for (const s of scalars) w.scalar(s.tag, s.value, s.step);
          w.histogram('h/ü', values, 3);
          const read = readEventFile(concat(records), 'mem');
          const expected = new Map<string, Array<[number, number]>>();
          for (const s of scalars)
            expected.set(s.tag, [...(expected.get(s.tag) ?? []), [s.step, Math.fround(s.value)]]);
          expect(new Map([...read.scalars].map(([t, ps]) => [t, ps.map((p) => [p.step, p.value])]))).toEqual(expected);
          expect(read.histograms.get('h/ü')?.[0]?.value).toEqual(makeHistogram(values));
        },
      ),
      { numRuns: 50 },
    );
  });
});
