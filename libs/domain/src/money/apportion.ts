import { floorDiv, safeProduct } from './money';

/**
 * Shares `total` out in proportion to `weights` (largest remainder method): each part is the floor of its exact
 * share, then the units left over go one at a time to the largest remainders, ties to the earlier weight.
 * The parts add up to `total` exactly and each is within one unit of its exact share. Exact in bigint.
 */
export function apportion(total: bigint, weights: readonly bigint[]): bigint[] {
  const weightSum = weights.reduce((sum, w) => sum + w, 0n);
  if (weightSum <= 0n) throw new RangeError('apportioning needs a positive total weight');
  const shares = weights.map((w, order) => ({ order, part: (total * w) / weightSum, remainder: (total * w) % weightSum }));
  let leftover = total - shares.reduce((sum, s) => sum + s.part, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.order - b.order : a.remainder > b.remainder ? -1 : 1,
  );
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    share.part += 1n;
    leftover -= 1n;
  }
  return shares.map((s) => s.part);
}

/**
 * `apportion` of non-negative safe integers (fen, weights), with the same result: in doubles when every product
 * `total × weight` and the sum of the weights are exact in them — each remainder is below the weight sum and
 * each part at most the total, so nothing else can leave the safe range — in bigint otherwise. The import
 * splits every case it opens; BigInt arithmetic was a tenth of its calculator's time.
 */
export function apportionSafe(total: number, weights: readonly number[]): number[] {
  let weightSum = 0;
  for (const w of weights) weightSum += w;
  if (!(weightSum > 0)) throw new RangeError('apportioning needs a positive total weight');
  if (!Number.isSafeInteger(weightSum) || safeProduct(total, weightSum) === null) {
    return apportion(BigInt(total), weights.map(BigInt)).map(Number);
  }
  const parts = weights.map((w) => floorDiv(total * w, weightSum));
  const remainders = weights.map((w) => (total * w) % weightSum);
  let leftover = total;
  for (const part of parts) leftover -= part;
  if (leftover === 0) return parts;
  const byRemainder = weights.map((_, i) => i).sort((a, b) =>
    remainders[a] === remainders[b] ? a - b : remainders[a] > remainders[b] ? -1 : 1,
  );
  for (const i of byRemainder) {
    if (leftover === 0) break;
    parts[i] += 1;
    leftover -= 1;
  }
  return parts;
}
