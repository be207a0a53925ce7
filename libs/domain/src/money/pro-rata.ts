import { apportion } from './apportion';
import { assertFen, Fen } from './money';

/**
 * 按比例核减: scales `amounts` down so they add up to `targetFen` exactly, when they add up to more. Each part is
 * the floor of its exact share (amount × target / sum), then the fen left over go one at a time to the largest
 * remainders (ties: the earlier amount), the same rule as `splitByRatio`. So the parts add up to the target,
 * none exceeds its original amount, and each is within one fen of its exact share. Amounts that already fit
 * come back unchanged: a round that is not oversubscribed is not reduced.
 */
export function reduceProRata(amounts: readonly Fen[], targetFen: Fen): Fen[] {
  assertFen(targetFen, 'target');
  amounts.forEach((a, i) => assertFen(a, `amounts[${i}]`));
  const sum = amounts.reduce((s, a) => s + BigInt(a), 0n);
  const target = BigInt(targetFen);
  if (sum <= target) return [...amounts];
  return apportion(target, amounts.map(BigInt)).map(Number);
}
