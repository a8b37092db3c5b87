import type { ActivationName } from '../activations/activations.js';
import { ACT_ELU, ACT_GELU, ACT_IDENTITY, ACT_LEAKY_RELU, ACT_RELU, ACT_SIGMOID, ACT_TANH } from './codes.js';

/** The kernel code of every activation (a name without a code does not compile). */
export const ACTIVATION_CODES: Readonly<Record<ActivationName, number>> = {
  relu: ACT_RELU,
  'leaky-relu': ACT_LEAKY_RELU,
  tanh: ACT_TANH,
  sigmoid: ACT_SIGMOID,
  identity: ACT_IDENTITY,
  gelu: ACT_GELU,
  elu: ACT_ELU,
};
