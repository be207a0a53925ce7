import { Split, splitByRatio, sumSplit } from '../money';
import type { ProgramVersion } from './program-version';

/**
 * The split of an amount reduced pro rata (按比例核减). Versions whose calculator splits by a fixed ratio
 * (rd-subsidy) split again by that ratio, as the calculator would; the others (a voucher's provincial part, a
 * reward's city and zone lines) keep the proportions the case had, so every payer bears the reduction alike.
 * Either way the parts add up to the amount, fen-exact.
 */
export function reducedSplit(definition: ProgramVersion, amountFen: number, previous: Split | null): Split {
  const params = definition.calculator.params;
  if ('ratio' in params) return splitByRatio(amountFen, params.ratio);
  const weights = previous ?? {};
  if (sumSplit(weights) === 0) return { ...weights };
  return splitByRatio(amountFen, weights);
}
