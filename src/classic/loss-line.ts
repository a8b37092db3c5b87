import { formatFixed } from '../util/format.js';
import type { Loss } from './deep-neural-network.js';

/** The course's progress line: `Loss after iteration %i: data_loss:%f reg_loss:%f`. */
export function formatLossLine(iteration: number, loss: Loss): string {
  return `Loss after iteration ${iteration}: data_loss:${formatFixed(loss.dataLoss)} reg_loss:${formatFixed(loss.regLoss)}`;
}
