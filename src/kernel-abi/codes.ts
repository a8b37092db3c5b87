// The codes nnlab's WebAssembly modules and their TypeScript loaders agree on,
// declared once. AssemblyScript (assembly/*.ts) and TypeScript (src/) both compile
// this file, so it holds integer constants only: no imports, no types, no `as const`.
// The loaders check ABI_SIGNATURE against the value a built module exports, so a
// module built from other codes than these is refused at start-up.

// Activation functions (ActivationName → code: src/kernel-abi/activations.ts).
export const ACT_RELU = 0;
export const ACT_LEAKY_RELU = 1;
export const ACT_TANH = 2;
export const ACT_SIGMOID = 3;
export const ACT_IDENTITY = 4;
export const ACT_GELU = 5;
export const ACT_ELU = 6;
/** One past the largest activation code. */
export const ACT_COUNT = 7;

// Optimizer updates of the float32 kernels' `update`.
export const OPT_SGD = 0;
export const OPT_MOMENTUM = 1;
export const OPT_ADAGRAD = 2;
export const OPT_RMSPROP = 3;
export const OPT_ADAM = 4;
/** One past the largest optimizer code. */
export const OPT_COUNT = 5;

// The fixed parameters of two activations (the float32 kernels also take them as
// arguments; the float64 kernels of the course's networks use these).
/** Leaky ReLU's slope for negative inputs (TensorFlow's `tf.nn.leaky_relu` default). */
export const LEAKY_RELU_ALPHA = 0.2;
/** ELU's α: ELU tends to −α as x → −∞ (the paper's and PyTorch's default, 1). */
export const ELU_ALPHA = 1.0;

// GELU's tanh form ½x(1 + tanh(GELU_SCALE·(x + GELU_CUBIC·x³))), the same numbers in
// every kernel and reference; GELU_SCALE is √(2/π) rounded to float64 (a test checks).
/** √(2/π), the scale inside GELU's tanh form. */
export const GELU_SCALE = 0.7978845608028654;
/** The cubic coefficient inside GELU's tanh form. */
export const GELU_CUBIC = 0.044715;

/** Bumped whenever a kernel's parameters change meaning (the loaders check arity themselves). */
export const ABI_VERSION = 2;

/** A checksum of every code above: a module built from other codes exports another value. */
export const ABI_SIGNATURE =
  ABI_VERSION * 1000003 +
  ((ACT_RELU + 1) * 3 +
    (ACT_LEAKY_RELU + 1) * 5 +
    (ACT_TANH + 1) * 7 +
    (ACT_SIGMOID + 1) * 11 +
    (ACT_IDENTITY + 1) * 13 +
    (ACT_GELU + 1) * 17 +
    (ACT_ELU + 1) * 19 +
    ACT_COUNT * 23) *
    101 +
  (OPT_SGD + 1) * 29 +
  (OPT_MOMENTUM + 1) * 31 +
  (OPT_ADAGRAD + 1) * 37 +
  (OPT_RMSPROP + 1) * 41 +
  (OPT_ADAM + 1) * 43 +
  OPT_COUNT * 47;
