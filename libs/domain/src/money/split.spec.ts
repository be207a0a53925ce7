import fc from 'fast-check';
import { apportion, apportionSafe } from './apportion';
import { wanToFen } from './money';
import { nonZeroParts, PAYERS, Ratio, splitByRatio, sumSplit } from './split';

describe('splitByRatio', () => {
  it('splits 70万 at 3:3:4 into 21/21/28万', () => {
    expect(splitByRatio(wanToFen(70), { province: 3, city: 3, district: 4 })).toEqual({
      province: 21_000_000,
      city: 21_000_000,
      district: 28_000_000,
    });
  });

  it('splits 18万 at 8:1:1 into 14.4/1.8/1.8万', () => {
    expect(splitByRatio(wanToFen(18), { province: 8, city: 1, district: 1 })).toEqual({
      province: 14_400_000,
      city: 1_800_000,
      district: 1_800_000,
    });
  });

  it('hands left-over fen to the largest remainders, ties to province then city then district', () => {
    // 10 fen at 3:3:4 → exact 3/3/4, no remainder
    expect(splitByRatio(10, { province: 3, city: 3, district: 4 })).toEqual({ province: 3, city: 3, district: 4 });
    // 1 fen at 1:1:1 → all remainders equal: province wins
    expect(splitByRatio(1, { province: 1, city: 1, district: 1 })).toEqual({ province: 1, city: 0, district: 0 });
    // 2 fen at 1:1:1 → province and city
    expect(splitByRatio(2, { province: 1, city: 1, district: 1 })).toEqual({ province: 1, city: 1, district: 0 });
    // 7 fen at 3:3:4 → exact 2.1/2.1/2.8: district has the largest remainder
    expect(splitByRatio(7, { province: 3, city: 3, district: 4 })).toEqual({ province: 2, city: 2, district: 3 });
    // 5 fen at 3:3:4 → exact 1.5/1.5/2: one fen left, province and city tie at .5, province wins
    expect(splitByRatio(5, { province: 3, city: 3, district: 4 })).toEqual({ province: 2, city: 1, district: 2 });
  });

  it('names only parties with a non-zero weight', () => {
    expect(splitByRatio(100, { province: 1, city: 0 })).toEqual({ province: 100 });
    expect(nonZeroParts({ province: 0, city: 5 })).toEqual({ city: 5 });
  });

  it('refuses an empty or a bad ratio', () => {
    expect(() => splitByRatio(100, {})).toThrow(RangeError);
    expect(() => splitByRatio(100, { province: -1, city: 2 })).toThrow(RangeError);
    expect(() => splitByRatio(100, { province: 1.5 })).toThrow(RangeError);
  });

  const ratioArb: fc.Arbitrary<Ratio> = fc
    .record({ province: fc.nat(100), city: fc.nat(100), district: fc.nat(100) })
    .filter((r) => r.province + r.city + r.district > 0);

  it('always adds up to the total (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), ratioArb, (total, ratio) => {
        expect(sumSplit(splitByRatio(total, ratio))).toBe(total);
      }),
    );
  });

  it('gives each part within one fen of its exact share (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), ratioArb, (total, ratio) => {
        const split = splitByRatio(total, ratio);
        const weightSum = BigInt(PAYERS.reduce((s, p) => s + (ratio[p] ?? 0), 0));
        for (const p of PAYERS) {
          const w = ratio[p] ?? 0;
          if (w === 0) {
            expect(split[p]).toBeUndefined();
            continue;
          }
          const exactTimesSum = BigInt(total) * BigInt(w);
          const partTimesSum = BigInt(split[p] ?? -1) * weightSum;
          const diff = partTimesSum > exactTimesSum ? partTimesSum - exactTimesSum : exactTimesSum - partTimesSum;
          expect(diff < weightSum).toBe(true);
        }
      }),
    );
  });

  it('apportions in doubles exactly as in BigInt, small and huge totals and weights alike (property)', () => {
    const total = fc.oneof(fc.integer({ min: 0, max: 1e10 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }));
    const weights = fc.array(fc.oneof(fc.nat(10), fc.nat(1_000_000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })), { minLength: 1, maxLength: 5 })
      .filter((ws) => ws.some((w) => w > 0));
    fc.assert(
      fc.property(total, weights, (t, ws) => {
        expect(apportionSafe(t, ws)).toEqual(apportion(BigInt(t), ws.map(BigInt)).map(Number));
      }),
      { numRuns: 20_000 },
    );
    // Remainders that tie, and totals whose product with the weight sum is just below and above 2^53.
    const edge = Math.floor(Number.MAX_SAFE_INTEGER / 10);
    for (const t of [0, 1, 2, 5, 7, edge - 1, edge, edge + 1]) {
      for (const ws of [[8, 1, 1], [3, 3, 4], [1, 1, 1], [0, 5, 5]]) {
        expect(apportionSafe(t, ws)).toEqual(apportion(BigInt(t), ws.map(BigInt)).map(Number));
      }
    }
    expect(() => apportionSafe(10, [0, 0])).toThrow(RangeError);
  });
});
