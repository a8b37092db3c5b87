import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { type Classifier, classColor, type Dataset, decisionBoundarySvg, makeGrid } from '../../src/index.js';

// Four points, split by the vertical line x = 0.5: a classifier whose boundary we know.
const data: Dataset = {
  x: Float64Array.of(0, 0, 0, 1, 1, 0, 1, 1),
  y: Int32Array.of(0, 0, 1, 1),
  n: 4,
  features: 2,
  classes: 2,
};
const split: Classifier = {
  predict: (x) => Int32Array.from({ length: x.length / 2 }, (_, i) => ((x[2 * i] as number) > 0.5 ? 1 : 0)),
};

function pixel(svg: string, px: number, py: number): [number, number, number] {
  const image = new Resvg(svg).render();
  const i = 4 * (py * image.width + px);
  return [image.pixels[i] as number, image.pixels[i + 1] as number, image.pixels[i + 2] as number];
}

describe('decision-boundary pictures', () => {
  it('evaluates on numpy arange(min − 0.5, max + 0.5, 0.01) grids', () => {
    const grid = makeGrid(data, 0.01, 0.5);
    expect(grid.xs.length).toBe(200);
    expect(grid.xs[0]).toBe(-0.5);
    expect(grid.xs[199]).toBeCloseTo(1.49, 12);
  });

  it('fills each side of the boundary with its class shade, points in their label colour', () => {
    const svg = decisionBoundarySvg(split, data, { title: 'Split <test>' });
    expect(svg).toContain('Split &#60;test&#62;');
    expect(svg.match(/<circle /g)).toHaveLength(4);
    expect(svg).toContain(`fill="${classColor(1, 2)}"`);
    // Plot area spans x ∈ [-0.5, 1.5] over pixels 58..624: x = 0 is at ~199 px, x = 1 at ~482 px.
    const left = pixel(svg, 130, 300);
    const right = pixel(svg, 560, 300);
    expect(left[0]).toBeGreaterThan(left[2]); // reddish: class 0
    expect(right[2]).toBeGreaterThan(right[0]); // bluish: class 1
    // Regions are lighter than the points drawn on them.
    expect(left.reduce((a, b) => a + b)).toBeGreaterThan(3 * 150);
  });

  it("draws ticks with d3's nice 0.2 steps on both axes", () => {
    const svg = decisionBoundarySvg(split, data);
    for (const label of ['−0.4', '0.0', '0.4', '1.0', '1.4']) expect(svg).toContain(`>${label}</text>`);
  });

  it('refuses non-2-d data', () => {
    expect(() => decisionBoundarySvg(split, { ...data, features: 3 })).toThrow(/2-d/);
  });
});
