import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LogdirStore } from '../../src/node/board/logdir-store.js';
import { decodeHParamsRecord, encodeHParamsRecord, type HParamsRecord, hparamType } from '../../src/summary/hparams.js';
import { readEventFile } from '../../src/summary/reader.js';
import { SummaryWriter } from '../../src/summary/summary-writer.js';
import { fixtureBytes } from '../helpers/fixtures.js';

const TORCH_RUN = 'tensorboard/hparams/1700000000.0/events.out.tfevents.1700000000.torch-hparams';

describe('hparams plugin records', () => {
  it('round-trip every field of the experiment, session start and session end', () => {
    const records: HParamsRecord[] = [
      {
        kind: 'experiment',
        experiment: {
          name: 'p1',
          description: 'activation × hidden',
          user: 'me',
          timeCreatedSecs: 1700000000.5,
          hparams: [
            {
              name: 'activation',
              type: 'string',
              values: ['tanh', 'relu'],
              displayName: 'act',
              description: 'hidden f',
            },
            { name: 'lr', type: 'float64', interval: { min: 1e-5, max: 0.1 } },
            { name: 'nesterov', type: 'bool', values: [false, true] },
          ],
          metrics: [
            { tag: 'loss/data', displayName: 'loss', description: 'mean CE', datasetType: 'training' },
            { tag: 'x', group: 'eval' },
          ],
        },
      },
      {
        kind: 'sessionStart',
        sessionStart: {
          hparams: { activation: 'tanh', lr: 0, hidden: 3, nesterov: false },
          modelUri: 'runs/a',
          monitorUrl: 'http://x',
          groupName: 'activation=tanh',
          startTimeSecs: 1700000001.25,
        },
      },
      { kind: 'sessionEnd', sessionEnd: { status: 'failure', endTimeSecs: 1700000002 } },
      { kind: 'sessionEnd', sessionEnd: { status: 'unknown' } },
    ];
    for (const r of records) expect(decodeHParamsRecord(encodeHParamsRecord(r))).toEqual(r);
  });

  it('encode a zero or false hparam (a oneof is always written) and skip proto3 defaults elsewhere', () => {
    const bytes = encodeHParamsRecord({ kind: 'sessionStart', sessionStart: { hparams: { seed: 0 } } });
    const off = encodeHParamsRecord({ kind: 'sessionStart', sessionStart: { hparams: { on: false } } });
    expect([...off.slice(-4)]).toEqual([0x12, 2, 0x20, 0]); // entry.value = Value{4: false}
    // HParamsPluginData{3: SessionStartInfo{1: entry{1: "seed", 2: Value{2: 0.0}}}}: Value is 9 bytes,
    // the entry 2 + 4 + 2 + 9 = 17, SessionStartInfo 2 + 17 = 19; nothing else (no version 0, no times).
    expect([...bytes]).toEqual([
      0x1a,
      19,
      0x0a,
      17,
      0x0a,
      4,
      ...new TextEncoder().encode('seed'),
      0x12,
      9,
      0x11,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(() => decodeHParamsRecord(new Uint8Array([0x08, 0x00]))).toThrow(
      /no experiment, session start or session end/,
    );
  });

  it('types a list of values as TensorBoard does', () => {
    expect(hparamType([1, 2.5])).toBe('float64');
    expect(hparamType([true, false])).toBe('bool');
    expect(hparamType(['a', 'b'])).toBe('string');
    expect(hparamType(['8x6x4', 5])).toBeUndefined();
  });

  it("read PyTorch's add_hparams layout (fixture from make_hparams_fixture.py): its hparams, its experiment, its metric", () => {
    const contents = readEventFile(fixtureBytes(TORCH_RUN), TORCH_RUN);
    expect(contents.hparams).toEqual({
      experiment: {
        hparams: [
          { name: 'lr', type: 'float64' },
          { name: 'bsize', type: 'float64' },
          { name: 'optimizer', type: 'string' },
          { name: 'nesterov', type: 'float64' },
        ],
        metrics: [{ tag: 'hparam/accuracy' }],
      },
      sessionStart: { hparams: { lr: 0.1, bsize: 4, optimizer: 'adam', nesterov: 1 } },
      sessionEnd: { status: 'success' },
    });
    expect(contents.scalars.get('hparam/accuracy')?.map((p) => p.value)).toEqual([Math.fround(0.9)]);
    // The hparams values are not filed as scalars, images or texts.
    expect([...contents.scalars.keys()]).toEqual(['hparam/accuracy']);
  });

  it('reach the board: GET /api/runs lists the PyTorch run with its hparams, status and experiment', async () => {
    const store = await LogdirStore.open(fileURLToPath(new URL('../fixtures/tensorboard/hparams', import.meta.url)));
    const [run] = store.runInfos();
    expect(run?.name).toBe('1700000000.0');
    expect(run?.hparams).toEqual({
      values: { lr: 0.1, bsize: 4, optimizer: 'adam', nesterov: 1 },
      group: '',
      status: 'success',
      startTime: null,
      endTime: null,
    });
    expect(run?.experiment).toEqual({
      hparams: [{ name: 'lr' }, { name: 'bsize' }, { name: 'optimizer' }, { name: 'nesterov' }],
      metrics: ['hparam/accuracy'],
    });
  });

  it('SummaryWriter.hparams writes what readEventFile files as the run hparams, the last of each kind winning', () => {
    const chunks: Uint8Array[] = [];
    const w = new SummaryWriter(
      (r) => chunks.push(r),
      () => 5,
    );
    w.hparams({ kind: 'sessionStart', sessionStart: { hparams: { a: 1 }, groupName: 'g' } });
    w.scalar('loss', 0.5, 1);
    w.hparams({ kind: 'sessionEnd', sessionEnd: { status: 'running' } });
    w.hparams({ kind: 'sessionEnd', sessionEnd: { status: 'success', endTimeSecs: 9 } });
    const bytes = Uint8Array.from(chunks.flatMap((c) => [...c]));
    const contents = readEventFile(bytes, 'mem');
    expect(contents.hparams).toEqual({
      sessionStart: { hparams: { a: 1 }, groupName: 'g' },
      sessionEnd: { status: 'success', endTimeSecs: 9 },
    });
    expect([...contents.scalars.keys()]).toEqual(['loss']);
  });
});
