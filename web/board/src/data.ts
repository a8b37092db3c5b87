import type { RunInfo, RunsResponse, SeriesKind, SeriesKinds } from '@nnlab/board/api.js';
import type { SeriesSource } from '@nnlab/board/source.js';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${(await res.text()).slice(0, 200)}`);
  return (await res.json()) as T;
}

export const fetchRuns = (): Promise<RunsResponse> => getJson<RunsResponse>('api/runs');

/**
 * Series fetched from the server, cached per run version: a run that did not change
 * since the last fetch is not asked again. The board page's {@link SeriesSource}.
 */
export class SeriesCache implements SeriesSource {
  private entries = new Map<string, { version: number; value: Promise<unknown> }>();

  get<K extends SeriesKind>(kind: K, run: RunInfo, tag: string): Promise<SeriesKinds[K]> {
    const key = `${kind}\u0000${run.name}\u0000${tag}`;
    const hit = this.entries.get(key);
    if (hit && hit.version === run.version) return hit.value as Promise<SeriesKinds[K]>;
    const value = getJson<SeriesKinds[K]>(`api/${kind}?${new URLSearchParams({ run: run.name, tag })}`);
    this.entries.set(key, { version: run.version, value });
    value.catch(() => this.entries.delete(key));
    return value;
  }

  /** The server's route for the image's bytes. */
  imageUrl(run: string, tag: string, index: number): string {
    return `api/image?${new URLSearchParams({ run, tag, index: String(index) })}`;
  }
}
