import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/checkpoint/safetensors.js';
import { defaultConfig } from '../../src/playground/config.js';
import { playgroundHParams, runEventFile, weightsSafetensors } from '../../src/playground/export.js';
import { gridMaps, gridOutput, gridPoints, viewBoxOf } from '../../src/playground/grid.js';
import { allPoints, PlaygroundSession } from '../../src/playground/session.js';
import { configFromParams } from '../../src/playground/url-state.js';
import { readEventFile } from '../../src/summary/reader.js';

describe('playground exports', () => {
  const session = new PlaygroundSession({ ...defaultConfig(), hidden: [3, 2], lossEvery: 10 });
  session.advance(50);

  it('writes the weights as float64 safetensors with the configuration as metadata', () => {
    const file = decodeSafetensors(weightsSafetensors(session), 'playground.safetensors');
    expect([...file.tensors.keys()]).toEqual([
      'hidden1/weights',
      'hidden1/biases',
      'hidden2/weights',
      'hidden2/biases',
      'output/weights',
      'output/biases',
    ]);
    const w = file.tensors.get('hidden2/weights');
    expect(w?.shape).toEqual([3, 2]);
    expect(Array.from(w?.data ?? [])).toEqual(Array.from(session.net.layers[1]?.W.data ?? []));
    expect(w?.data).toBeInstanceOf(Float64Array);
    expect(file.metadata.passes).toBe('50');
    expect(configFromParams(new URLSearchParams(file.metadata.config)).config).toEqual(session.config);
  });

  it('writes the run as an event file that reads back: losses, hparams, the boundary image', () => {
    const png = Uint8Array.of(0x89, 0x50, 0x4e, 0x47);
    const contents = readEventFile(
      runEventFile(session, { png, width: 4, height: 4 }),
      'events.out.tfevents.1.playground',
    );
    expect(contents.fileVersion).toBe('brain.Event:2');
    const data = contents.scalars.get('loss/data') ?? [];
    expect(data.map((p) => p.step)).toEqual(session.curve.map((p) => p.iteration));
    expect(data.map((p) => p.value)).toEqual(session.curve.map((p) => Math.fround(p.train.dataLoss)));
    expect(contents.scalars.get('loss/test')?.length).toBe(50);
    expect(contents.images.get('decision_boundary')?.[0]?.step).toBe(49);
    expect(contents.hparams?.sessionStart?.hparams).toEqual(playgroundHParams(session.config));
    expect(contents.hparams?.sessionStart?.hparams.hidden).toBe('3,2');
    expect(contents.hparams?.sessionStart?.hparams.reg).toBe(0.01);
    expect(contents.hparams?.sessionEnd?.status).toBe('success');
    expect(contents.texts.get('config/text_summary')?.[0]?.value).toContain('| activation | tanh |');
  });
});

describe('the grid the page paints', () => {
  const session = new PlaygroundSession({ ...defaultConfig(), hidden: [4, 3], features: ['x1', 'x2', 'x1sq'] });
  session.advance(30);
  const view = viewBoxOf(allPoints(session.points));

  it('is a square around every point with the course margin', () => {
    expect(view.x1 - view.x0).toBeCloseTo(view.y1 - view.y0, 12);
    const all = allPoints(session.points);
    for (let i = 0; i < all.n; i++) {
      expect(all.x[2 * i] as number).toBeGreaterThanOrEqual(view.x0 + 0.5 - 1e-12);
      expect(all.x[2 * i + 1] as number).toBeLessThanOrEqual(view.y1 - 0.5 + 1e-12);
    }
  });

  it("gives the network's own probabilities, and every unit's and input's map", () => {
    const maps = gridMaps(session.net, session.config.features, view, 12);
    expect(maps.neurons.map((l) => l.length)).toEqual([4, 3]);
    expect(maps.inputs).toHaveLength(3);
    const points = gridPoints(view, 12);
    // Top-left cell first: x grows along a row, y falls down the rows.
    expect(points[0]).toBeLessThan(points[2] as number);
    expect(points[1]).toBeGreaterThan(points[2 * 12 + 1] as number);
    expect(maps.inputs[2]?.[5]).toBeCloseTo((points[10] as number) ** 2, 14);
    const sq = new Float64Array(144 * 3);
    for (let i = 0; i < 144; i++)
      sq.set([points[2 * i] as number, points[2 * i + 1] as number, (points[2 * i] as number) ** 2], 3 * i);
    const p = session.net.feedforward(sq);
    for (let i = 0; i < 144; i++) expect(maps.output[i]).toBeCloseTo(p.data[2 * i + 1] as number, 12);
    expect(Array.from(gridOutput(session.net, session.config.features, view, 12))).toEqual(Array.from(maps.output));
  });
});
