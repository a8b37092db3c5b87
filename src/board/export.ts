import type { ScalarSeries } from './api.js';

/** One run's series of one scalar tag, as the board exports it. */
export interface ExportSeries {
  run: string;
  tag: string;
  series: ScalarSeries;
}

/** The CSV header: TensorBoard's `Wall time,Step,Value` per run and tag, here in one file for all, so `run,tag` lead. */
export const CSV_HEADER = 'run,tag,step,wall_time,value';

/** A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A number as exported: the shortest text that reads back as the same double; a gap (NaN, ±∞ on the wire) as empty. */
function numberText(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/**
 * Scalars of several runs and tags as one CSV file: `run,tag,step,wall_time,value`, one
 * line per point, in the order given (run by run, tag by tag, steps ascending), `\n`
 * line ends. TensorBoard exports one file per run and tag with the columns
 * `Wall time,Step,Value`; combining them needs the two leading columns. A value the
 * server sent as null (NaN or infinite) is an empty field.
 */
export function scalarsCsv(items: readonly ExportSeries[]): string {
  const lines = [CSV_HEADER];
  for (const { run, tag, series } of items) {
    const prefix = `${csvField(run)},${csvField(tag)},`;
    for (let i = 0; i < series.steps.length; i++)
      lines.push(
        `${prefix}${series.steps[i]},${numberText(series.wallTimes[i])},${numberText(series.values[i] ?? null)}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** One entry of the JSON export: TensorBoard's `[[wall_time, step, value], …]` for one run and tag. */
export interface ExportJsonEntry {
  run: string;
  tag: string;
  points: Array<[number, number, number | null]>;
}

/**
 * Scalars of several runs and tags as one JSON document: an array of
 * `{run, tag, points: [[wall_time, step, value], …]}` — each `points` is what
 * TensorBoard's JSON export holds for one run and tag. A gap (NaN, ±∞) is null, since JSON has no NaN.
 */
export function scalarsJson(items: readonly ExportSeries[]): string {
  const out: ExportJsonEntry[] = items.map(({ run, tag, series }) => ({
    run,
    tag,
    points: series.steps.map((step, i): [number, number, number | null] => {
      const v = series.values[i] ?? null;
      return [series.wallTimes[i] as number, step, v !== null && Number.isFinite(v) ? v : null];
    }),
  }));
  return JSON.stringify(out);
}
