import { expandFeatures } from '../../../src/data/features.js';
import { runEventFile, weightsSafetensors } from '../../../src/playground/export.js';
import type { PlaygroundSession } from '../../../src/playground/session.js';
import { decisionBoundarySvg } from '../../../src/plot/decision-boundary.js';
import { h } from '../../shared/dom.js';
import { download } from './fields.js';

/** The boundary canvas as PNG bytes (what the page shows: heat map and points). */
function boundaryPng(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) =>
        blob ? blob.arrayBuffer().then((b) => resolve(new Uint8Array(b)), reject) : reject(new Error('no PNG')),
      'image/png',
    ),
  );
}

function boundarySvg(session: PlaygroundSession): string {
  const { net, config } = session;
  const classifier = { predict: (x: Float64Array) => net.predict(expandFeatures(x, config.features)) };
  return decisionBoundarySvg(classifier, session.points.train, { title: `nnlab playground — pass ${session.passes}` });
}

/**
 * The run's exports: the weights as safetensors, the run as a TensorBoard event file
 * (with the boundary as shown), the boundary as PNG (the canvas) or SVG (the CLI's
 * `--plot` picture), and the shareable link.
 */
export function exportButtons(
  current: () => PlaygroundSession,
  canvas: HTMLCanvasElement,
  say: (text: string) => void,
): HTMLElement {
  return h(
    'div',
    { class: 'exports' },
    h(
      'button',
      {
        type: 'button',
        class: 'export-weights',
        onclick: () => download('playground.safetensors', weightsSafetensors(current()), 'application/octet-stream'),
      },
      'Weights (.safetensors)',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'export-events',
        onclick: () => {
          boundaryPng(canvas).then(
            (png) =>
              download(
                `events.out.tfevents.${Math.floor(Date.now() / 1000)}.playground`,
                runEventFile(current(), { png, width: canvas.width, height: canvas.height }),
                'application/octet-stream',
              ),
            (e: Error) => say(e.message),
          );
        },
      },
      'Run (TensorBoard event file)',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'export-png',
        onclick: () => canvas.toBlob((b) => b && download('boundary.png', b, 'image/png')),
      },
      'Boundary PNG',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'export-svg',
        onclick: () => download('boundary.svg', boundarySvg(current()), 'image/svg+xml'),
      },
      'Boundary SVG',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'copy-link',
        onclick: () =>
          navigator.clipboard?.writeText(location.href).then(
            () => say('Link copied: it replays this configuration, seed included.'),
            () => say(location.href),
          ),
      },
      'Copy link',
    ),
  );
}
