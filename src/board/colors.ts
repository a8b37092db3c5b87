/**
 * Run colours: a fixed palette (Tableau 10, readable on white and distinguishable
 * for most colour-vision types), assigned in run order so a run keeps its colour
 * while the board is open.
 */
export const RUN_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** Colour of the `index`-th run. */
export function runColor(index: number): string {
  return RUN_PALETTE[((index % RUN_PALETTE.length) + RUN_PALETTE.length) % RUN_PALETTE.length] as string;
}
