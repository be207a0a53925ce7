import fc from 'fast-check';
import { wanToFen } from './money';
import { reduceProRata } from './pro-rata';

describe('reduceProRata (按比例核减)', () => {
  it('scales an oversubscribed round down to the pool', () => {
    // 3 × 10万 against a 15万 pool: each gets half.
    expect(reduceProRata([wanToFen(10), wanToFen(10), wanToFen(10)], wanToFen(15))).toEqual([
      wanToFen(5), wanToFen(5), wanToFen(5),
    ]);
    // 20万 + 10万 against 20万: two thirds each, 13.333333万 and 6.666666万 plus the one fen left over.
    expect(reduceProRata([wanToFen(20), wanToFen(10)], wanToFen(20))).toEqual([13_333_333, 6_666_667]);
  });

  it('hands left-over fen to the largest remainders, ties to the earlier amount', () => {
    expect(reduceProRata([1, 1, 1], 2)).toEqual([1, 1, 0]);
    expect(reduceProRata([3, 3, 4], 7)).toEqual([2, 2, 3]);
  });

  it('leaves a round that fits unchanged', () => {
    expect(reduceProRata([100, 200], 300)).toEqual([100, 200]);
    expect(reduceProRata([100, 200], 1_000)).toEqual([100, 200]);
    expect(reduceProRata([], 0)).toEqual([]);
  });

  it('reduces everything to zero for an empty pool', () => {
    expect(reduceProRata([5, 7], 0)).toEqual([0, 0]);
  });

  it('refuses fractional or negative fen', () => {
    expect(() => reduceProRata([1.5], 1)).toThrow(RangeError);
    expect(() => reduceProRata([1], -1)).toThrow(RangeError);
  });

  const round = fc.tuple(
    fc.array(fc.integer({ min: 0, max: 1e10 }), { minLength: 1, maxLength: 30 }),
    fc.integer({ min: 0, max: 1e11 }),
  );

  it('adds up to the target when oversubscribed, and never raises an amount (property)', () => {
    fc.assert(
      fc.property(round, ([amounts, target]) => {
        const parts = reduceProRata(amounts, target);
        const sum = amounts.reduce((s, a) => s + a, 0);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(Math.min(sum, target));
        parts.forEach((p, i) => expect(p).toBeLessThanOrEqual(amounts[i]));
      }),
    );
  });

  it('gives each amount within one fen of its exact share (property)', () => {
    fc.assert(
      fc.property(round, ([amounts, target]) => {
        const sum = amounts.reduce((s, a) => s + BigInt(a), 0n);
        fc.pre(sum > BigInt(target));
        const parts = reduceProRata(amounts, target);
        parts.forEach((p, i) => {
          const exactTimesSum = BigInt(amounts[i]) * BigInt(target);
          const partTimesSum = BigInt(p) * sum;
          const diff = partTimesSum > exactTimesSum ? partTimesSum - exactTimesSum : exactTimesSum - partTimesSum;
          expect(diff < sum).toBe(true);
        });
      }),
    );
  });
});
