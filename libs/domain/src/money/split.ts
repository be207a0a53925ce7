import { apportionSafe } from './apportion';
import { assertFen, Fen } from './money';

/** The levels of government that can pay a part of a subsidy, in tie-break order. */
export const PAYERS = ['province', 'city', 'district'] as const;
export type Payer = (typeof PAYERS)[number];

/** Weights such as 3 : 3 : 4; a missing or zero weight means the party pays nothing. */
export type Ratio = Partial<Record<Payer, number>>;
export type Split = Partial<Record<Payer, Fen>>;

/**
 * Splits `totalFen` by `ratio`: each party gets the floor of its exact share, then the fen left over go one
 * at a time to the largest remainders (ties: province, city, district). The parts add up to the total
 * exactly, each part is within one fen of its exact share, and every party with a non-zero weight appears
 * (possibly with 0 when the total is tiny).
 */
export function splitByRatio(totalFen: Fen, ratio: Ratio): Split {
  assertFen(totalFen, 'total');
  const parties = PAYERS.filter((p) => (ratio[p] ?? 0) !== 0);
  for (const p of PAYERS) {
    const w = ratio[p];
    if (w !== undefined && (!Number.isSafeInteger(w) || w < 0)) {
      throw new RangeError(`ratio.${p} must be a non-negative integer, got ${w}`);
    }
  }
  if (parties.length === 0) throw new RangeError('a ratio needs at least one non-zero weight');

  const parts = apportionSafe(totalFen, parties.map((p) => ratio[p] ?? 0));
  const split: Split = {};
  parties.forEach((party, i) => (split[party] = parts[i]));
  return split;
}

/** Only the parties that pay something: what the calculator contract shows. */
export function nonZeroParts(split: Split): Split {
  const out: Split = {};
  for (const p of PAYERS) {
    const fen = split[p];
    if (fen !== undefined && fen !== 0) out[p] = fen;
  }
  return out;
}

export function sumSplit(split: Split): Fen {
  return PAYERS.reduce((sum, p) => sum + (split[p] ?? 0), 0);
}
