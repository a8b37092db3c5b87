import type { ActivationName } from '../activations/activations.js';
import type { InitKind } from '../init/initializers.js';
import type { Shape } from '../tensor/tensor.js';
import { Activation } from './activation.js';
import { Conv2D, type Padding } from './conv2d.js';
import { Dense } from './dense.js';
import { Dropout } from './dropout.js';
import { Flatten } from './flatten.js';
import type { BuildContext, Layer } from './layer.js';
import { MaxPool2D } from './max-pool2d.js';

/** A layer described as data (what configs and the CLI produce); `name` defaults to kind + index. */
export type LayerSpec =
  | { kind: 'conv2d'; name?: string; filters: number; kernelSize: number; padding: Padding; init?: InitKind }
  | { kind: 'dense'; name?: string; units: number; init?: InitKind }
  | { kind: 'activation'; name?: string; activation: ActivationName; alpha?: number }
  | { kind: 'max-pool2d'; name?: string }
  | { kind: 'flatten'; name?: string }
  | { kind: 'dropout'; name?: string; keepProb: number };

/** Builds the layer a spec describes, for inputs of `inputShape` (per example). */
export function buildLayer(ctx: BuildContext, spec: LayerSpec, name: string, inputShape: Shape): Layer {
  switch (spec.kind) {
    case 'conv2d':
      return new Conv2D(ctx, name, inputShape, spec.filters, spec.kernelSize, spec.padding, spec.init ?? 'default');
    case 'dense':
      return new Dense(ctx, name, inputShape, spec.units, spec.init ?? 'default');
    case 'activation':
      return spec.alpha === undefined
        ? new Activation(ctx, name, inputShape, spec.activation)
        : new Activation(ctx, name, inputShape, spec.activation, spec.alpha);
    case 'max-pool2d':
      return new MaxPool2D(ctx, name, inputShape);
    case 'flatten':
      return new Flatten(name, inputShape);
    case 'dropout':
      return new Dropout(ctx, name, inputShape, spec.keepProb);
    default: {
      const unknown: never = spec;
      throw new Error(`unknown layer kind ${JSON.stringify(unknown)}`);
    }
  }
}
