import { describe, expect, it } from 'vitest';
import { encodeEvent, type SummaryValue, type TfEvent } from '../../src/summary/event.js';
import { readEventFile } from '../../src/summary/reader.js';
import { frameRecord } from '../../src/summary/tfrecord.js';

// TensorFlow 2's summary ops write every value as a tensor (numbers packed into
// tensor_content) and put the plugin metadata on a tag's first value only. These
// records are built field by field from tensorflow/core/framework/{summary,tensor}.proto.

const float32 = (...xs: number[]) => {
  const b = new Uint8Array(4 * xs.length);
  xs.forEach((x, i) => {
    new DataView(b.buffer).setFloat32(4 * i, x, true);
  });
  return b;
};
const float64 = (...xs: number[]) => {
  const b = new Uint8Array(8 * xs.length);
  xs.forEach((x, i) => {
    new DataView(b.buffer).setFloat64(8 * i, x, true);
  });
  return b;
};
const text = (s: string) => new TextEncoder().encode(s);
const tensor = (dtype: number, shape: number[], content?: Uint8Array, strings: Uint8Array[] = []) => ({
  dtype,
  shape,
  stringVal: strings,
  floatVal: [],
  doubleVal: [],
  ...(content ? { content } : {}),
});

function file(events: Array<{ step: number; value: SummaryValue }>): Uint8Array {
  const records = events.map(({ step, value }) => {
    const e: TfEvent = { wallTime: 1_700_000_000 + step, step, summary: [value] };
    return frameRecord(encodeEvent(e));
  });
  return Uint8Array.from(records.flatMap((r) => [...r]));
}

describe('reading TensorFlow 2 summaries', () => {
  it('reads tensor scalars, histograms, images and text, knowing later values by their first value’s plugin', () => {
    const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    const bytes = file([
      { step: 0, value: { tag: 'loss', metadata: { pluginName: 'scalars' }, tensor: tensor(1, [], float32(0.5)) } },
      { step: 1, value: { tag: 'loss', tensor: tensor(1, [], float32(0.25)) } },
      { step: 2, value: { tag: 'loss', tensor: tensor(2, [], float64(0.125)) } },
      {
        step: 0,
        value: {
          tag: 'dense/kernel',
          metadata: { pluginName: 'histograms' },
          tensor: tensor(2, [2, 3], float64(-1, 0, 3, 0, 1, 5)),
        },
      },
      {
        step: 0,
        value: {
          tag: 'boundary',
          metadata: { pluginName: 'images' },
          tensor: tensor(7, [4], undefined, [text('5'), text('4'), png, png.subarray(0, 5)]),
        },
      },
      {
        step: 0,
        value: { tag: 'notes', metadata: { pluginName: 'text' }, tensor: tensor(7, [], undefined, [text('a')]) },
      },
      { step: 1, value: { tag: 'notes', tensor: tensor(7, [], undefined, [text('b')]) } },
      // Half precision 1.5 is 0x3e00.
      {
        step: 0,
        value: {
          tag: 'half',
          metadata: { pluginName: 'scalars' },
          tensor: tensor(19, [], Uint8Array.from([0x00, 0x3e])),
        },
      },
      // An unknown plugin is skipped, not misread.
      { step: 0, value: { tag: 'pr', metadata: { pluginName: 'pr_curves' }, tensor: tensor(1, [1], float32(1)) } },
    ]);
    const c = readEventFile(bytes, 'tf2');
    expect(c.scalars.get('loss')?.map((p) => [p.step, p.value])).toEqual([
      [0, 0.5],
      [1, 0.25],
      [2, 0.125],
    ]);
    expect(c.scalars.get('half')?.[0]?.value).toBe(1.5);
    const h = c.histograms.get('dense/kernel')?.[0]?.value;
    expect(h).toMatchObject({ min: -1, max: 1, num: 8, bucketLimit: [0, 1], bucket: [3, 5] });
    expect(h?.sum).toBeCloseTo(3 * -0.5 + 5 * 0.5, 12);
    // A batch of two pictures: two points of step 0.
    const images = c.images.get('boundary')?.map((p) => [p.step, p.value.width, p.value.height, [...p.value.encoded]]);
    expect(images).toEqual([
      [0, 5, 4, [...png]],
      [0, 5, 4, [...png.subarray(0, 5)]],
    ]);
    expect(c.texts.get('notes')?.map((p) => p.value)).toEqual(['a', 'b']);
    expect(c.scalars.has('pr')).toBe(false);
    expect(c.plugins?.get('loss')).toBe('scalars');
  });
});
