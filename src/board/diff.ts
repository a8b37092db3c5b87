import type { HParamValueInfo } from './api.js';

/** One line of a two-run comparison. */
export interface DiffRow {
  name: string;
  a: string;
  b: string;
  differs: boolean;
}

/**
 * Two runs' named values side by side: every name either has, in the order given
 * (then the others, sorted), a missing one as empty text; `differs` where they disagree.
 */
export function diffValues(
  a: Readonly<Record<string, HParamValueInfo | string>>,
  b: Readonly<Record<string, HParamValueInfo | string>>,
  order: readonly string[] = [],
): DiffRow[] {
  const names = [...new Set([...order.filter((n) => n in a || n in b)])];
  const rest = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((n) => !names.includes(n)).sort();
  return [...names, ...rest].map((name) => {
    const has = (r: Readonly<Record<string, HParamValueInfo | string>>) => Object.hasOwn(r, name);
    const av = has(a) ? String(a[name]) : '';
    const bv = has(b) ? String(b[name]) : '';
    return { name, a: av, b: bv, differs: has(a) !== has(b) || av !== bv };
  });
}

/**
 * The options of a configuration text as nnlab logs it (a Markdown table of
 * `| option | value |` rows, `config/text_summary`); null when the text holds no such table.
 */
export function parseConfigTable(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let rows = 0;
  for (const line of text.split('\n')) {
    const cells = line
      .trim()
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim());
    if (cells.length !== 2 || /^-+$/.test(cells[0] ?? '') || !line.includes('|')) continue;
    const [key = '', value = ''] = cells;
    if (rows++ === 0 && key === 'option') continue; // the header
    out[key] = value;
  }
  return rows ? out : null;
}
