import type { RunsResponse } from '../../board/api.js';
import { imageOf, isSeriesKind, seriesOf } from '../../board/run-series.js';
import type { LogdirStore } from './logdir-store.js';

/** What an API route answers: JSON, or bytes of a type (images). */
export type ApiAnswer =
  | { kind: 'json'; status: number; body: unknown }
  | { kind: 'bytes'; type: string; bytes: Uint8Array };

const json = (body: unknown, status = 200): ApiAnswer => ({ kind: 'json', status, body });

/**
 * Answers `GET /api/…` from the store (see src/board/api.ts for the shapes; the series
 * are shaped by src/board/run-series.ts, as the in-page runs shape theirs).
 */
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
  const kind = path.slice('/api/'.length);
  let answer: ApiAnswer | undefined;
  if (kind === 'image') {
    const image = imageOf(run.contents, tag, Number(query.get('index')));
    answer = image && { kind: 'bytes', ...image };
  } else if (isSeriesKind(kind)) {
    const body = seriesOf(run.contents, kind, tag);
    answer = body && json(body);
  } else return json({ error: `no API ${path}` }, 404);
  return answer ?? json({ error: `run ${runName} has no ${kind} tag ${tag}` }, 404);
}
