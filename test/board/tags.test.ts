import { describe, expect, it } from 'vitest';
import { runColor } from '../../src/board/colors.js';
import { deadUnitTags, groupTags, makeFilter } from '../../src/board/tags.js';

describe('tags', () => {
  it('groups by the first path segment, sorted', () => {
    const groups = groupTags(['loss', 'conv1/weights/mean', 'accuracy/train', 'conv1/biases/max', 'accuracy/test']);
    expect([...groups.keys()]).toEqual(['accuracy', 'conv1', 'loss']);
    expect(groups.get('accuracy')).toEqual(['accuracy/test', 'accuracy/train']);
    expect(groups.get('loss')).toEqual(['loss']);
  });

  it('filters by regular expression, or by plain text while the expression is half typed', () => {
    expect(makeFilter('^conv[12]/')('conv2/weights')).toBe(true);
    expect(makeFilter('^conv[12]/')('fc1/weights')).toBe(false);
    expect(makeFilter('RELU')('mnist-relu')).toBe(true);
    expect(makeFilter('conv1/(')('conv1/(x')).toBe(true);
    expect(makeFilter('conv1/(')('conv1/x')).toBe(false);
    expect(makeFilter('  ')('anything')).toBe(true);
  });

  it('finds the dead-unit tags', () => {
    expect(
      deadUnitTags(['fc1/activation/zero_fraction', 'fc1/weights/zero_fraction', 'conv1/activation/zero_fraction']),
    ).toEqual(['conv1/activation/zero_fraction', 'fc1/activation/zero_fraction']);
  });

  it('gives runs distinct colours until the palette wraps', () => {
    const colors = Array.from({ length: 10 }, (_, i) => runColor(i));
    expect(new Set(colors).size).toBe(10);
    expect(runColor(10)).toBe(runColor(0));
  });
});
