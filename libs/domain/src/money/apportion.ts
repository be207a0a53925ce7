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
