import type { HistogramPoint, ImagePoint, RunsResponse, ScalarSeries, TextPoint } from '../../board/api.js';
import { keptAfterRestarts } from '../../board/orphans.js';
import type { SummaryImage } from '../../summary/event.js';
import type { Point } from '../../summary/reader.js';
import type { LogdirStore, RunState } from './logdir-store.js';

/** What an API route answers: JSON, or bytes of a type (images). */
export type ApiAnswer =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'bytes'; type: string; bytes: Uint8Array };

const json = (body: unknown, status = 200): ApiAnswer => ({ kind: 'json', status, body });

/** Answers `GET /api/…` from the store (see src/board/api.ts for the shapes). */
export function apiResponse(store: LogdirStore, path: string, query: URLSearchParams): ApiAnswer {
  if (path === '/api/runs') {
    const body: RunsResponse = {
      logdir: store.root,
      version: store.version,
      runs: store.runInfos(),
      warnings: store.warnings,
    };
    return json(body);
  }
  const runName = query.get('run');
  const tag = query.get('tag');
  if (runName === null || tag === null) return json({ error: 'run and tag are required' }, 400);
  const run = store.runs.get(runName);
  if (!run) return json({ error: `no run ${runName}` }, 404);
  const route = ROUTES[path];
  if (!route) return json({ error: `no API ${path}` }, 404);
  return route(run, tag, query) ?? json({ error: `run ${runName} has no ${path.slice(5)} tag ${tag}` }, 404);
}

type Route = (run: RunState, tag: string, query: URLSearchParams) => ApiAnswer | undefined;

const ROUTES: Record<string, Route> = {
  '/api/scalars': (run, tag) => {
    const points = latest(run.contents.scalars.get(tag));
    if (!points) return undefined;
    const body: ScalarSeries = {
      steps: points.map((p) => p.step),
      wallTimes: points.map((p) => p.wallTime),
      // JSON has no NaN or infinities: they travel as null and are drawn as gaps.
      values: points.map((p) => (Number.isFinite(p.value) ? p.value : null)),
    };
    return json(body);
  },
  '/api/histograms': (run, tag) => {
    const points = latest(run.contents.histograms.get(tag));
    if (!points) return undefined;
    const body: HistogramPoint[] = points.map(({ step, wallTime, value: h }) => ({
      step,
      wallTime,
      min: h.min,
      max: h.max,
      num: h.num,
      limits: h.bucketLimit.map((l) => (Number.isFinite(l) ? l : l > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE)),
      counts: h.bucket,
    }));
    return json(body);
  },
  '/api/images': (run, tag) => {
    const points = run.contents.images.get(tag);
    if (!points) return undefined;
    // Indices stay those of the stored list: /api/image serves by them.
    const body: ImagePoint[] = keptAfterRestarts(points.map((p) => p.step)).map((index) => {
      const p = points[index] as Point<SummaryImage>;
      return { step: p.step, wallTime: p.wallTime, width: p.value.width, height: p.value.height, index };
    });
    return json(body);
  },
  '/api/image': (run, tag, query) => {
    const points = run.contents.images.get(tag);
    const index = Number(query.get('index'));
    const point = Number.isInteger(index) ? points?.[index] : undefined;
    if (!point) return undefined;
    return { kind: 'bytes', type: imageType(point.value.encoded), bytes: point.value.encoded };
  },
  '/api/texts': (run, tag) => {
    const points = latest(run.contents.texts.get(tag));
    if (!points) return undefined;
    const body: TextPoint[] = points.map((p) => ({ step: p.step, wallTime: p.wallTime, text: p.value }));
    return json(body);
  },
};

/** A series without the points a restart from an earlier step replaced. */
function latest<T>(points: Point<T>[] | undefined): Point<T>[] | undefined {
  return points && keptAfterRestarts(points.map((p) => p.step)).map((i) => points[i] as Point<T>);
}

/** The image's type from its first bytes (summaries hold PNG; TensorFlow also allows JPEG and GIF). */
function imageType(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'image/jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49) return 'image/gif';
  return 'image/png';
}
