import { formatFixed } from '../util/format.js';
import type { Loss } from './deep-neural-network.js';

/** The course's progress line: `Loss after iteration %i: data_loss:%f reg_loss:%f`. */
export function formatLossLine(iteration: number, loss: Loss): string {
  return `Loss after iteration ${iteration}: data_loss:${formatFixed(loss.dataLoss)} reg_loss:${formatFixed(loss.regLoss)}`;
}

/**
 * The test set's line under the course's: `Test loss after iteration %i: data_loss:%f`
 * (the data loss only: the penalty does not depend on the data, only its division by N does).
 */
export function formatTestLossLine(iteration: number, loss: Loss): string {
  return `Test loss after iteration ${iteration}: data_loss:${formatFixed(loss.dataLoss)}`;
}
