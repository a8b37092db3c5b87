import type { Backend } from '../backend/backend.js';
import type { Param } from '../layers/layer.js';
import type { Tensor } from '../tensor/tensor.js';

/** Optimizer names the CLI accepts. */
export const OPTIMIZER_KINDS = ['adam', 'sgd', 'momentum', 'adagrad', 'rmsprop'] as const;
/** One of {@link OPTIMIZER_KINDS}. */
export type OptimizerKind = (typeof OPTIMIZER_KINDS)[number];

/** An optimizer and its hyper-parameters (TensorFlow 1.x defaults where not given). */
export type OptimizerConfig =
  | { kind: 'sgd'; lr: number }
  | { kind: 'momentum'; lr: number; momentum?: number }
  | { kind: 'adagrad'; lr: number; initialAccumulator?: number }
  | { kind: 'rmsprop'; lr: number; decay?: number; momentum?: number; epsilon?: number }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; epsilon?: number };

/** Applies one update to every parameter from its gradient. */
export interface Optimizer {
  readonly config: OptimizerConfig;
  /** Number of steps taken so far. */
  readonly steps: number;
  step(params: readonly Param[]): void;
  /**
   * Every state tensor (slot) of the optimizer for `params`, named `<param>/<slot>`
   * (`conv1/weights/m`), created with its initial values if no step ran yet.
   */
  slots(params: readonly Param[]): Array<{ name: string; tensor: Tensor }>;
  /**
   * Continues from a saved state: the step count and each slot's values by the names
   * {@link slots} gives (throws for a missing or mis-sized one).
   */
  restore(params: readonly Param[], steps: number, values: (name: string) => ArrayLike<number> | undefined): void;
  /** Frees the optimizer's state tensors (its slots); it is unusable afterwards. */
  dispose(): void;
}

/** The optimizer a config describes, on `backend`. */
export function createOptimizer(backend: Backend, config: OptimizerConfig): Optimizer {
  if (!(config.lr > 0 && Number.isFinite(config.lr)))
    throw new RangeError(`learning rate must be positive, got ${config.lr}`);
  switch (config.kind) {
    case 'sgd':
      // w −= lr·g
      return new SlotOptimizer(backend, config, {}, (p, _s) => backend.sgdUpdate(p.value, p.grad, config.lr));
    case 'momentum': {
      // a = μ·a + g; w −= lr·a   (MomentumOptimizer, use_nesterov=False)
      const mu = config.momentum ?? 0.9;
      return new SlotOptimizer(backend, config, { accumulator: 0 }, (p, [a]) =>
        backend.momentumUpdate(p.value, p.grad, a as Tensor, config.lr, mu),
      );
    }
    case 'adagrad':
      // a += g²; w −= lr·g/√a   (AdagradOptimizer, accumulators start at 0.1)
      return new SlotOptimizer(backend, config, { accumulator: config.initialAccumulator ?? 0.1 }, (p, [a]) =>
        backend.adagradUpdate(p.value, p.grad, a as Tensor, config.lr),
      );
    case 'rmsprop': {
      // ms = ρ·ms + (1−ρ)·g²; mom = μ·mom + lr·g/√(ms + ε); w −= mom   (RMSPropOptimizer: ms starts at 1)
      const { decay = 0.9, momentum = 0, epsilon = 1e-10 } = config;
      return new SlotOptimizer(backend, config, { ms: 1, momentum: 0 }, (p, [ms, mom]) =>
        backend.rmspropUpdate(p.value, p.grad, ms as Tensor, mom as Tensor, config.lr, decay, momentum, epsilon),
      );
    }
    case 'adam': {
      // t += 1; lr_t = lr·√(1−β2^t)/(1−β1^t); m = β1·m + (1−β1)·g; v = β2·v + (1−β2)·g²; w −= lr_t·m/(√v + ε)
      const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = config;
      const optimizer: SlotOptimizer = new SlotOptimizer(backend, config, { m: 0, v: 0 }, (p, [m, v]) => {
        const t = optimizer.steps + 1;
        const lr = (config.lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
        backend.adamUpdate(p.value, p.grad, m as Tensor, v as Tensor, { lr, beta1, beta2, epsilon });
      });
      return optimizer;
    }
    default: {
      const unknown: never = config;
      throw new Error(`unknown optimizer ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * An optimizer whose state is a few tensors ("slots") per parameter, shaped like it
 * and filled with the given initial values on first use.
 */
class SlotOptimizer implements Optimizer {
  private readonly state = new Map<Param, Tensor[]>();
  steps = 0;

  constructor(
    private readonly backend: Backend,
    readonly config: OptimizerConfig,
    /** Each slot's name and initial value, in the order `update` takes them. */
    private readonly slotInits: Readonly<Record<string, number>>,
    /** Applies the update to one parameter; `slots` has one tensor per entry of `slotInits`. */
    private readonly update: (p: Param, slots: readonly Tensor[]) => void,
  ) {}

  step(params: readonly Param[]): void {
    for (const p of params) this.update(p, this.slotsOf(p));
    this.steps++;
  }

  slots(params: readonly Param[]): Array<{ name: string; tensor: Tensor }> {
    const names = Object.keys(this.slotInits);
    return params.flatMap((p) => this.slotsOf(p).map((tensor, i) => ({ name: `${p.name}/${names[i]}`, tensor })));
  }

  restore(params: readonly Param[], steps: number, values: (name: string) => ArrayLike<number> | undefined): void {
    if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`optimizer steps must be a count, got ${steps}`);
    for (const { name, tensor } of this.slots(params)) {
      const v = values(name);
      if (!v || v.length !== tensor.data.length) {
        throw new RangeError(
          `optimizer slot ${name} ${v ? `has ${v.length} values, needs ${tensor.data.length}` : 'is missing'}`,
        );
      }
      this.backend.write(tensor, v);
    }
    this.steps = steps;
  }

  dispose(): void {
    for (const slots of this.state.values()) for (const t of slots) this.backend.free(t);
    this.state.clear();
  }

  /** The parameter's slots, allocated with their initial values on first use. */
  private slotsOf(p: Param): Tensor[] {
    let slots = this.state.get(p);
    if (!slots) {
      slots = Object.values(this.slotInits).map((value) => {
        const t = this.backend.alloc(p.value.shape);
        if (value !== 0) this.backend.fill(t, value);
        return t;
      });
      this.state.set(p, slots);
    }
    return slots;
  }
}
