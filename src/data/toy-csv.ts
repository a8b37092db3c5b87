import { DataError } from './data-error.js';
import type { Dataset } from './dataset.js';

// A playground upload is read whole in the page: a cap keeps a wrong file from
// freezing it, and 10 000 points is far more than a 2-d toy problem needs.
/** Most points a CSV of labelled points may hold (and the playground's limit on points in all). */
export const MAX_TOY_POINTS = 10_000;

// Non-finite spellings of numpy (`nan`, `inf`) and JavaScript (`NaN`, `Infinity`): a
// first row starting with one is a data row with a bad number, not a header.
const NON_FINITE = /^[+-]?(nan|inf|infinity)$/i;

/**
 * Reads labelled 2-d points, one `x1,x2,label[,set]` row per line, into a training set
 * and a test set (features 2, classes 2; the test set may be empty).
 *
 * - `label` is 0 or 1 (the playground is binary); `set` is `train` or `test`, default
 *   `train`; `x1`, `x2` are finite numbers as `Number()` reads them.
 * - Fields are separated by commas, else (in a line without one) semicolons, else tabs,
 *   and trimmed; blank lines and lines starting with `#` are skipped; `\r\n` line ends
 *   are accepted.
 * - The first row is a header, and skipped, when its first field is not a number
 *   (e.g. `x1,x2,label,set`).
 * - At most 10 000 rows, at least one training row.
 *
 * @throws DataError with one line naming the line number and the problem, e.g.
 *   `line 4: label must be 0 or 1, got "2"`.
 */
export function parseToyCsv(text: string): { train: Dataset; test: Dataset } {
  const train: Row[] = [];
  const test: Row[] = [];
  let first = true;
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] as string).trim();
    if (line === '' || line.startsWith('#')) continue;
    const lineNo = index + 1;
    const fields = line.split(separatorOf(line)).map((f) => f.trim());
    if (first) {
      first = false;
      if (isHeaderField(fields[0] as string)) continue;
    }
    if (train.length + test.length === MAX_TOY_POINTS) fail(lineNo, `more than ${MAX_TOY_POINTS} rows`);
    const row = parseRow(fields, lineNo);
    (row.test ? test : train).push(row);
  }
  if (train.length === 0) {
    throw new DataError(test.length === 0 ? 'no data rows' : 'no training rows: every row has set test');
  }
  return { train: toDataset(train), test: toDataset(test) };
}

/**
 * Writes `train` (and `test`, if given) as the CSV {@link parseToyCsv} reads: the header
 * `x1,x2,label,set`, then one row per point, newline-terminated. Numbers are written with
 * `String(v)`, the shortest text that reads back to the same double (and `-0` as `-0`),
 * so parsing the output gives the same bits.
 *
 * @throws RangeError when a set does not have 2 features, a label is not 0 or 1, or a
 *   coordinate is not finite: such a file could not be read back.
 */
export function formatToyCsv(train: Dataset, test?: Dataset): string {
  const out = ['x1,x2,label,set\n'];
  for (const [data, set] of [
    [train, 'train'],
    [test, 'test'],
  ] as const) {
    if (data === undefined) continue;
    if (data.features !== 2) throw new RangeError(`${set} set has ${data.features} features, a toy CSV needs 2`);
    for (let i = 0; i < data.n; i++) {
      const x1 = data.x[2 * i] as number;
      const x2 = data.x[2 * i + 1] as number;
      const label = data.y[i] as number;
      if (!Number.isFinite(x1) || !Number.isFinite(x2)) throw new RangeError(`${set} row ${i} is not finite`);
      if (label !== 0 && label !== 1) throw new RangeError(`${set} row ${i} has label ${label}, not 0 or 1`);
      out.push(`${numberText(x1)},${numberText(x2)},${label},${set}\n`);
    }
  }
  return out.join('');
}

interface Row {
  readonly x1: number;
  readonly x2: number;
  readonly label: number;
  readonly test: boolean;
}

function parseRow(fields: readonly string[], lineNo: number): Row {
  if (fields.length !== 3 && fields.length !== 4) {
    fail(lineNo, `expected x1,x2,label[,set], got ${fields.length} field${fields.length === 1 ? '' : 's'}`);
  }
  const x1 = coordinate(fields[0] as string, 'x1', lineNo);
  const x2 = coordinate(fields[1] as string, 'x2', lineNo);
  const labelText = fields[2] as string;
  // Number() so that `1.0` and numpy's `1.000000000000000000e+00` are read as 1 too.
  const label = labelText === '' ? Number.NaN : Number(labelText);
  if (label !== 0 && label !== 1) fail(lineNo, `label must be 0 or 1, got ${quote(labelText)}`);
  // An empty set field (a trailing separator) means the default, train.
  const set = (fields[3] ?? '').toLowerCase();
  if (set !== '' && set !== 'train' && set !== 'test') {
    fail(lineNo, `set must be train or test, got ${quote(fields[3] as string)}`);
  }
  return { x1, x2, label, test: set === 'test' };
}

function coordinate(text: string, name: string, lineNo: number): number {
  // Number('') is 0, so an empty field is refused before it can become a point on an axis.
  if (text === '') fail(lineNo, `${name} is empty`);
  const value = Number(text);
  if (Number.isNaN(value)) fail(lineNo, `${name} is not a number: ${quote(text)}`);
  if (!Number.isFinite(value)) fail(lineNo, `${name} is not finite: ${quote(text)}`);
  return value;
}

// One separator per line, in this order: a tab beside a comma is padding to trim, not
// another separator (`1,\t2,\t0` is three fields).
function separatorOf(line: string): string {
  if (line.includes(',')) return ',';
  return line.includes(';') ? ';' : '\t';
}

function isHeaderField(field: string): boolean {
  return field !== '' && Number.isNaN(Number(field)) && !NON_FINITE.test(field);
}

function toDataset(rows: readonly Row[]): Dataset {
  return pointsDataset(rows.map((r) => [r.x1, r.x2, r.label]));
}

/** A two-class data set in the plane from rows `[x1, x2, label]`. */
export function pointsDataset(rows: readonly (readonly number[])[]): Dataset {
  const x = new Float64Array(2 * rows.length);
  const y = new Int32Array(rows.length);
  rows.forEach((r, i) => {
    x[2 * i] = r[0] as number;
    x[2 * i + 1] = r[1] as number;
    y[i] = r[2] as number;
  });
  return { x, y, n: rows.length, features: 2, classes: 2 };
}

/** A double as the shortest text that reads back to it, `-0` included (`String(-0)` is "0": the sign would be lost). */
export function numberText(v: number): string {
  return Object.is(v, -0) ? '-0' : String(v);
}

// A binary file read as text can have a megabyte-long "field": the message stays one short line.
function quote(text: string): string {
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}

function fail(lineNo: number, problem: string): never {
  throw new DataError(`line ${lineNo}: ${problem}`);
}
