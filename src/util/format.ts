/** printf's `%f`: fixed notation with 6 decimals (as Python's `'%f' % x`). */
export function formatFixed(x: number, decimals = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(decimals);
}

/**
 * printf's `%g` with the default precision 6, as Python's `'%g' % x` (TensorFlow's
 * course output uses it): the shorter of fixed and exponent notation, trailing zeros dropped.
 */
export function formatGeneral(x: number, precision = 6): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const exp = Number.parseInt(x.toExponential(precision - 1).split('e')[1] as string, 10);
  if (exp < -4 || exp >= precision) {
    const [mantissa, e] = x.toExponential(precision - 1).split('e') as [string, string];
    const sign = e.startsWith('-') ? '-' : '+';
    const digits = e.replace(/^[+-]/, '').padStart(2, '0');
    return `${stripZeros(mantissa)}e${sign}${digits}`;
  }
  return stripZeros(x.toFixed(Math.max(0, precision - 1 - exp)));
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/**
 * The shortest decimal that reads back as the same float32 (`0.06712215`, not the
 * float64 expansion `0.06712214648723602`): how a scalar from an event file is written out.
 */
export function formatFloat32(x: number): string {
  if (!Number.isFinite(x)) return formatFixed(x);
  const f = Math.fround(x);
  for (let digits = 1; digits <= 9; digits++) {
    const s = Number(f.toPrecision(digits));
    if (Math.fround(s) === f) return String(s);
  }
  return String(f);
}
