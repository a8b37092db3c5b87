/**
 * The activation functions nnlab knows, one list for every network: the float32
 * engine's {@link Activation} layer, the course's float64 networks (`classic`), the
 * CLI's `--activation` and the kernels (codes in src/kernel-abi).
 *
 * - relu: max(0, x)
 * - tanh: tanh x
 * - sigmoid: 1 / (1 + e^−x)
 * - leaky-relu: x if x > 0 else αx, α = {@link LEAKY_RELU_ALPHA}
 * - gelu: the tanh form ½x(1 + tanh(√(2/π)(x + 0.044715x³))) (Hendrycks & Gimpel; BERT's, PyTorch's `approximate='tanh'`)
 * - elu: x if x > 0 else α(eˣ − 1), α = {@link ELU_ALPHA}
 * - identity: x (a linear layer)
 */
export const ACTIVATION_NAMES = ['relu', 'tanh', 'sigmoid', 'leaky-relu', 'gelu', 'elu', 'identity'] as const;

/** Name of an activation function: one of {@link ACTIVATION_NAMES}. */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

// The constants are declared with the kernel codes, which AssemblyScript compiles too.
import { ELU_ALPHA, LEAKY_RELU_ALPHA } from '../kernel-abi/codes.js';

export { ELU_ALPHA, GELU_CUBIC, GELU_SCALE, LEAKY_RELU_ALPHA } from '../kernel-abi/codes.js';

/** True when `name` is one of {@link ACTIVATION_NAMES}. */
export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(name);
}

/** The α a kernel takes for an activation: leaky ReLU's slope, ELU's α, else 0 (unused). */
export function activationAlpha(name: ActivationName): number {
  if (name === 'leaky-relu') return LEAKY_RELU_ALPHA;
  if (name === 'elu') return ELU_ALPHA;
  return 0;
}
