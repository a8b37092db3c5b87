import type { Conv2DGeometry } from './backend.js';

/**
 * How a backend computes 2-d convolutions: `direct` (im2col and one GEMM per pass),
 * `winograd` (F(4×4, 5×5) wherever it applies: 5×5 filters, SAME padding, stride 1;
 * direct elsewhere) or `auto` (Winograd where it applies and pays: at least
 * {@link WINOGRAD_MIN_CHANNELS} input channels).
 */
export const CONV_ALGORITHMS = ['auto', 'direct', 'winograd'] as const;
/** One of {@link CONV_ALGORITHMS}. */
export type ConvAlgorithm = (typeof CONV_ALGORITHMS)[number];

/**
 * Input channels from which `auto` takes Winograd. With one input channel (the DCN's
 * conv1) the transforms cost more than the GEMM they shrink.
 */
export const WINOGRAD_MIN_CHANNELS = 8;

/** Whether F(4×4, 5×5) computes this convolution: 5×5 filters, 2 rows and columns of zeros on every side, output the input's size. */
export function winogradApplies(g: Conv2DGeometry): boolean {
  return (
    g.kernelHeight === 5 &&
    g.kernelWidth === 5 &&
    g.padTop === 2 &&
    g.padLeft === 2 &&
    g.outHeight === g.inHeight &&
    g.outWidth === g.inWidth
  );
}

/** Whether a backend set to `algorithm` computes this convolution by Winograd. */
export function usesWinograd(algorithm: ConvAlgorithm, g: Conv2DGeometry): boolean {
  if (algorithm === 'direct' || !winogradApplies(g)) return false;
  return algorithm === 'winograd' || g.inChannels >= WINOGRAD_MIN_CHANNELS;
}
