/** One row of a benchmark table. */
export interface BenchRow {
  name: string;
  [column: string]: string | number;
}

/** Prints rows as an aligned plain-text table (columns from the first row). */
export function printTable(rows: BenchRow[]): void {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const cell = (v: string | number | undefined) => (typeof v === 'number' ? v.toFixed(3) : (v ?? ''));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => values.map((v, i) => v.padEnd(widths[i] as number)).join('  ');
  console.log(line(columns));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(columns.map((c) => cell(r[c]))));
}
