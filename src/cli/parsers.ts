import { InvalidArgumentError } from 'commander';

/** Commander value parser: an integer ≥ `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new InvalidArgumentError(`expected an integer ≥ ${min}`);
    }
    return n;
  };
}

/** Commander value parser: a finite number ≥ `min` (or > `min` when `strict`). */
export function numberAtLeast(min: number, strict = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || (strict && n === min)) {
      throw new InvalidArgumentError(`expected a number ${strict ? '>' : '≥'} ${min}`);
    }
    return n;
  };
}

/** Commander value parser: positive integers separated by commas or `x` (`5`, `8,6,4`, `8x6x4`). */
export function widthList(value: string): number[] {
  const parse = integerAtLeast(1);
  return value.split(/[,x]/).map((part) => parse(part));
}
