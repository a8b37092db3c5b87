import { type HParamInfo, type HParamValue, hparamType } from '../../summary/hparams.js';
import { SummaryWriter } from '../../summary/summary-writer.js';
import type { SweepPlan } from './plan.js';
import { metricTags, type SweepReport } from './results.js';

/**
 * The sweep's experiment record lives in this file at the log directory's top (the
 * "empty run" where TensorBoard's hparams plugin looks for it); a fixed name, so running
 * the sweep again replaces it rather than adding another.
 */
export const SWEEP_EXPERIMENT_FILE = 'events.out.tfevents.0000000000.nnlab-sweep';

/**
 * The experiment record as an event file: every hyperparameter the trials report, with
 * the values they took (the grid's in grid order) as its discrete domain, and every
 * metric tag, the objective first.
 */
export function experimentBytes(plan: SweepPlan, report: SweepReport): Uint8Array {
  const values = new Map<string, HParamValue[]>();
  for (const trial of report.trials) {
    for (const [name, value] of Object.entries(trial.hparams)) {
      const list = values.get(name) ?? [];
      if (!list.includes(value)) list.push(value);
      values.set(name, list);
    }
  }
  // Values of mixed types (deep's `--hidden 5` and `8x6x4`) get no type nor domain: TensorBoard then takes any value.
  const hparams: HParamInfo[] = [...values].map(([name, list]) => {
    const type = hparamType(list);
    return type ? { name, type, values: list } : { name };
  });
  const records: Uint8Array[] = [];
  // Its time is fixed too, so an unchanged sweep gives the same bytes.
  const writer = new SummaryWriter(
    (r) => records.push(r),
    () => 0,
    0,
  );
  writer.hparams({
    kind: 'experiment',
    experiment: {
      description: `nnlab sweep ${plan.command} over ${plan.grid.map((a) => a.name).join(' × ')}`,
      hparams,
      metrics: metricTags(report.trials, plan.objective).map((tag) => ({ tag })),
    },
  });
  return Buffer.concat(records);
}
