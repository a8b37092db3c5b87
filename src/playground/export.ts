import { encodeSafetensors, type NamedTensor } from '../checkpoint/safetensors.js';
import type { HParamValue } from '../summary/hparams.js';
import { SummaryWriter } from '../summary/summary-writer.js';
import { concatBytes } from '../util/bytes.js';
import type { PlaygroundConfig } from './config.js';
import type { PlaygroundSession } from './session.js';
import { configToParams } from './url-state.js';

/** A PNG picture and its size (the decision boundary, for the event file's Images tab). */
export interface PngImage {
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * The network's weights as safetensors (float64): `hidden1/weights` `[inputs, units]`,
 * `hidden1/biases` `[units]`, …, `output/weights`, `output/biases`, with the page's
 * configuration (its URL parameters) and the passes done as metadata.
 */
export function weightsSafetensors(session: PlaygroundSession): Uint8Array {
  const layers = session.net.layers;
  const tensors: NamedTensor[] = layers.flatMap((layer, i) => {
    const name = i + 1 === layers.length ? 'output' : `hidden${i + 1}`;
    return [
      { name: `${name}/weights`, shape: [layer.inputs, layer.units], data: layer.W.data },
      { name: `${name}/biases`, shape: [layer.units], data: layer.b },
    ];
  });
  return encodeSafetensors(tensors, {
    format: 'nnlab-playground',
    config: configToParams(session.config).toString(),
    passes: String(session.passes),
  });
}

/** The configuration as hparams, named and valued as its URL parameters (numbers as numbers). */
export function playgroundHParams(config: PlaygroundConfig): Record<string, HParamValue> {
  const out: Record<string, HParamValue> = {};
  for (const [name, raw] of configToParams(config)) {
    if (name === 'points') continue;
    const n = Number(raw);
    out[name] = raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  return out;
}

/**
 * The run as a TensorBoard event file, what `nnlab classic --logdir` writes for the same
 * run: the configuration (Text), its hparams session, the loss curves as `loss/data`,
 * `loss/reg` and `loss/test` at each curve point's pass index, and the decision boundary
 * (Images) at the last pass. `nnlab board` and TensorBoard open it.
 */
export function runEventFile(
  session: PlaygroundSession,
  boundary?: PngImage,
  now = () => Date.now() / 1000,
): Uint8Array {
  const records: Uint8Array[] = [];
  const writer = new SummaryWriter((r) => records.push(r), now);
  const params = configToParams(session.config);
  params.delete('points');
  writer.text(
    'config',
    ['| option | value |', '| --- | --- |', ...[...params].map(([k, v]) => `| ${k} | ${v} |`)].join('\n'),
    0,
  );
  writer.hparams({
    kind: 'sessionStart',
    sessionStart: { hparams: playgroundHParams(session.config), startTimeSecs: now() },
  });
  for (const point of session.curve) {
    writer.scalar('loss/data', point.train.dataLoss, point.iteration);
    writer.scalar('loss/reg', point.train.regLoss, point.iteration);
    if (point.testDataLoss !== undefined) writer.scalar('loss/test', point.testDataLoss, point.iteration);
  }
  const last = Math.max(0, session.passes - 1);
  if (boundary) writer.image('decision_boundary', boundary.png, boundary.width, boundary.height, last);
  writer.hparams({ kind: 'sessionEnd', sessionEnd: { status: 'success', endTimeSecs: now() } });
  return concatBytes(records);
}
