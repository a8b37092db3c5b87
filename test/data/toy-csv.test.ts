import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, type Dataset, formatToyCsv, makeMoons, parseToyCsv, RandomState } from '../../src/index.js';

/** The raw bytes of a data set's points and labels: equal bits, not merely close values. */
function bits(data: Dataset): Uint8Array[] {
  return [new Uint8Array(data.x.buffer, data.x.byteOffset, data.x.byteLength), new Uint8Array(data.y.buffer)];
}

function points(data: Dataset): number[][] {
  return Array.from({ length: data.n }, (_, i) => [
    data.x[2 * i] as number,
    data.x[2 * i + 1] as number,
    data.y[i] as number,
  ]);
}

/** The message of the DataError that parsing `text` throws (fails the test for any other outcome). */
function errorOf(text: string): string {
  try {
    parseToyCsv(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return (error as Error).message;
  }
  throw new Error('parseToyCsv did not throw');
}

describe('parseToyCsv', () => {
  it('reads x1,x2,label[,set] rows into a training and a test set, train by default', () => {
    const { train, test } = parseToyCsv('0.5,-1,0\n2,3e-2,1,test\n-4,0,1,train\n');
    expect(points(train)).toEqual([
      [0.5, -1, 0],
      [-4, 0, 1],
    ]);
    expect(points(test)).toEqual([[2, 0.03, 1]]);
    expect([train.n, train.features, train.classes, test.n, test.features, test.classes]).toEqual([2, 2, 2, 1, 2, 2]);
  });

  it('gives an empty test set when no row is a test row', () => {
    const { test } = parseToyCsv('1,2,1');
    expect(test).toEqual({ x: new Float64Array(0), y: new Int32Array(0), n: 0, features: 2, classes: 2 });
  });

  it('skips a first row whose first field is not a number, and only the first', () => {
    expect(points(parseToyCsv('x1,x2,label,set\n1,2,0\n').train)).toEqual([[1, 2, 0]]);
    expect(points(parseToyCsv('# made by hand\n\nx,y,class\n1,2,0\n').train)).toEqual([[1, 2, 0]]);
    expect(errorOf('x1,x2,label\n1,2,0\nx1,x2,label\n')).toBe('line 3: x1 is not a number: "x1"');
    // numpy's and JavaScript's non-finite spellings are numbers gone wrong, not a header.
    expect(errorOf('nan,1,0\n')).toBe('line 1: x1 is not a number: "nan"');
    expect(errorOf('Infinity,1,0\n')).toBe('line 1: x1 is not finite: "Infinity"');
  });

  it('accepts commas, tabs and semicolons, trims fields, skips blank and # lines, reads CRLF', () => {
    const expected = [
      [1, 2, 0],
      [3, 4, 1],
    ];
    for (const text of [
      '1,2,0\n3,4,1\n',
      '1\t2\t0\n3\t4\t1',
      '1;2;0\r\n3;4;1\r\n',
      // A tab beside a comma or semicolon is padding, not a second separator.
      '1,\t2,\t0\n3;\t4;\t1\n',
      'x1,x2,label\r\n  1 ,\t2, 0  \r\n\r\n   \n# a comment\n  # indented comment\n3,4,1,\n',
    ]) {
      expect(points(parseToyCsv(text).train)).toEqual(expected);
    }
  });

  it('reads labels written as floats, as numpy writes them', () => {
    expect(Array.from(parseToyCsv('1,2,1.000000000000000000e+00\n1,2,0.0\n').train.y)).toEqual([1, 0]);
  });

  it('names the line and the problem in one line for every bad row', () => {
    const cases: [string, string][] = [
      ['1,2,0\n1,2\n', 'line 2: expected x1,x2,label[,set], got 2 fields'],
      ['1,2,0\n5\n', 'line 2: expected x1,x2,label[,set], got 1 field'],
      ['1,2,0,train,extra\n', 'line 1: expected x1,x2,label[,set], got 5 fields'],
      ['x1,x2,label\n1,2,0\n\n1,2,2\n', 'line 4: label must be 0 or 1, got "2"'],
      ['1,2,-1\n', 'line 1: label must be 0 or 1, got "-1"'],
      ['1,2,\n', 'line 1: label must be 0 or 1, got ""'],
      ['1,2,one\n', 'line 1: label must be 0 or 1, got "one"'],
      ['1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,2,0\n1,abc,0\n', 'line 7: x2 is not a number: "abc"'],
      ['1,,0\n', 'line 1: x2 is empty'],
      ['1,2,0\n,2,0\n', 'line 2: x1 is empty'],
      ['1,2,0\n1,NaN,0\n', 'line 2: x2 is not a number: "NaN"'],
      ['1,2,0\n-Infinity,2,0\n', 'line 2: x1 is not finite: "-Infinity"'],
      ['1,1e999,0\n', 'line 1: x2 is not finite: "1e999"'],
      ['1,2,0,valid\n', 'line 1: set must be train or test, got "valid"'],
      [
        `1,${'9'.repeat(30)}x${'9'.repeat(30)},0\n`,
        `line 1: x2 is not a number: "${'9'.repeat(30)}x${'9'.repeat(9)}…"`,
      ],
    ];
    for (const [text, message] of cases) expect(errorOf(text)).toBe(message);
  });

  it('needs at least one training row', () => {
    expect(errorOf('')).toBe('no data rows');
    expect(errorOf('x1,x2,label\n# nothing yet\n')).toBe('no data rows');
    expect(errorOf('1,2,0,test\n3,4,1,test\n')).toBe('no training rows: every row has set test');
  });

  it('reads 10 000 rows and refuses the 10 001st, naming its line', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => `${i},${-i},${i % 2}${i % 3 === 0 ? ',test' : ''}`);
    const { train, test } = parseToyCsv(`x1,x2,label,set\n${rows.join('\n')}\n`);
    expect(train.n + test.n).toBe(10_000);
    expect(test.n).toBe(3334);
    expect(errorOf(`x1,x2,label,set\n# comment\n${rows.join('\n')}\n1,2,0\n`)).toBe('line 10003: more than 10000 rows');
  });
});

describe('formatToyCsv', () => {
  it('writes the header, then train rows, then test rows, newline-terminated', () => {
    const train: Dataset = { x: Float64Array.of(0.1, -2), y: Int32Array.of(1), n: 1, features: 2, classes: 2 };
    const test: Dataset = {
      x: Float64Array.of(1e21, -0, 5e-324, 3),
      y: Int32Array.of(0, 1),
      n: 2,
      features: 2,
      classes: 2,
    };
    expect(formatToyCsv(train)).toBe('x1,x2,label,set\n0.1,-2,1,train\n');
    expect(formatToyCsv(train, test)).toBe('x1,x2,label,set\n0.1,-2,1,train\n1e+21,-0,0,test\n5e-324,3,1,test\n');
  });

  it('refuses sets that could not be read back', () => {
    const three: Dataset = { x: new Float64Array(3), y: Int32Array.of(0), n: 1, features: 3, classes: 2 };
    const label2: Dataset = { x: new Float64Array(2), y: Int32Array.of(2), n: 1, features: 2, classes: 3 };
    const nan: Dataset = { x: Float64Array.of(0, Number.NaN), y: Int32Array.of(0), n: 1, features: 2, classes: 2 };
    expect(() => formatToyCsv(three)).toThrow('train set has 3 features, a toy CSV needs 2');
    expect(() => formatToyCsv(nan, label2)).toThrow('train row 0 is not finite');
    expect(() => formatToyCsv(label2)).toThrow('train row 0 has label 2, not 0 or 1');
  });

  it('round-trips the moons bit for bit', () => {
    const train = makeMoons(200, { noise: 0.2, random: new RandomState(0) });
    const test = makeMoons(57, { noise: 0.2, random: new RandomState(1) });
    const back = parseToyCsv(formatToyCsv(train, test));
    expect(bits(back.train)).toEqual(bits(train));
    expect(bits(back.test)).toEqual(bits(test));
  });

  it('round-trips any finite doubles, −0 and subnormals included, bit for bit', () => {
    const row = fc.record({
      x1: fc.double({ noNaN: true, noDefaultInfinity: true }),
      x2: fc.double({ noNaN: true, noDefaultInfinity: true }),
      label: fc.constantFrom(0, 1),
    });
    const toDataset = (rows: { x1: number; x2: number; label: number }[]): Dataset => ({
      x: Float64Array.from(rows.flatMap((r) => [r.x1, r.x2])),
      y: Int32Array.from(rows, (r) => r.label),
      n: rows.length,
      features: 2,
      classes: 2,
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), fc.array(row, { maxLength: 30 }), (a, b) => {
        const train = toDataset(a);
        const test = toDataset(b);
        const back = parseToyCsv(formatToyCsv(train, test));
        expect(bits(back.train)).toEqual(bits(train));
        expect(bits(back.test)).toEqual(bits(test));
      }),
      { numRuns: 300 },
    );
  });
});
