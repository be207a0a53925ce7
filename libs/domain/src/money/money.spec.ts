import fc from 'fast-check';
import { formatWan, formatYuan, percentOf, ratioExceeds, wanToFen } from './money';

describe('percentOf', () => {
  it('rounds down to the fen', () => {
    expect(percentOf(999, 300)).toBe(29); // 29.97
    expect(percentOf(wanToFen(3000), 300)).toBe(wanToFen(90));
    expect(percentOf(1, 9999)).toBe(0);
  });

  it('is exact for amounts where a double product would lose precision', () => {
    const huge = Number.MAX_SAFE_INTEGER;
    expect(percentOf(huge, 10_000)).toBe(huge);
    expect(percentOf(huge, 5_000)).toBe(Math.floor(huge / 2));
  });

  it('refuses fractional fen and fractional basis points', () => {
    expect(() => percentOf(1.5, 100)).toThrow(RangeError);
    expect(() => percentOf(-1, 100)).toThrow(RangeError);
    expect(() => percentOf(100, 2.5)).toThrow(RangeError);
  });

  it('never exceeds the exact value and is within one fen of it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 0, max: 10_000 }), (amount, bp) => {
        const result = percentOf(amount, bp);
        const exactTimes10k = BigInt(amount) * BigInt(bp);
        expect(BigInt(result) * 10_000n <= exactTimes10k).toBe(true);
        expect(BigInt(result + 1) * 10_000n > exactTimes10k).toBe(true);
      }),
    );
  });
});

/** The definitions in BigInt, against which the arithmetic in doubles is checked. */
const exactPercentOf = (amount: number, bp: number) => Number((BigInt(amount) * BigInt(bp)) / 10_000n);
const exactRatioExceeds = (a: number, b: number, bp: number) => b !== 0 && BigInt(a) * 10_000n > BigInt(b) * BigInt(bp);
/** Safe integers of every size, the edges of exact products among them. */
const anyFen = fc.oneof(
  fc.integer({ min: 0, max: 1e9 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: Math.floor(Number.MAX_SAFE_INTEGER / 10_000) - 1000, max: Math.floor(Number.MAX_SAFE_INTEGER / 10_000) + 1000 }),
);
const anyBp = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 2 ** 40 }));

describe('percentOf and ratioExceeds in doubles', () => {
  it('give exactly what BigInt gives, for every safe amount and rate (property)', () => {
    fc.assert(
      fc.property(anyFen, anyBp, (amount, bp) => {
        expect(percentOf(amount, bp)).toBe(exactPercentOf(amount, bp));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(anyFen, anyFen, anyBp, (a, b, bp) => {
        expect(ratioExceeds(a, b, bp)).toBe(exactRatioExceeds(a, b, bp));
      }),
      { numRuns: 20_000 },
    );
  });

  it('give exactly what BigInt gives where the product crosses 2^53', () => {
    const edge = Math.floor(Number.MAX_SAFE_INTEGER / 10_000);
    for (let amount = edge - 3; amount <= edge + 3; amount++) {
      for (const bp of [9_999, 10_000, 10_001]) expect(percentOf(amount, bp)).toBe(exactPercentOf(amount, bp));
      expect(ratioExceeds(amount, edge, 10_000)).toBe(exactRatioExceeds(amount, edge, 10_000));
    }
    expect(percentOf(Number.MAX_SAFE_INTEGER, 9_999)).toBe(exactPercentOf(Number.MAX_SAFE_INTEGER, 9_999));
    expect(percentOf(2 ** 52 + 1, 2)).toBe(exactPercentOf(2 ** 52 + 1, 2));
  });
});

describe('ratioExceeds', () => {
  it('compares a ratio with basis points exactly', () => {
    expect(ratioExceeds(wanToFen(400), wanToFen(6000), 500)).toBe(true); // 6.67% > 5%
    expect(ratioExceeds(wanToFen(300), wanToFen(6000), 500)).toBe(false); // exactly 5% is not above
    expect(ratioExceeds(1, 0, 500)).toBe(false);
  });
});

describe('wanToFen and formatWan', () => {
  it('converts 万 and formats back', () => {
    expect(wanToFen(1)).toBe(1_000_000);
    expect(wanToFen(14.4)).toBe(14_400_000);
    expect(formatWan(70_000_000)).toBe('70万');
    expect(formatWan(14_400_000)).toBe('14.4万');
    expect(formatWan(7_500)).toBe('0.0075万');
  });
});

describe('formatYuan', () => {
  it('shows yuan to the fen, exactly', () => {
    expect(formatYuan(285_714)).toBe('2857.14元');
    expect(formatYuan(600_000)).toBe('6000.00元');
    expect(formatYuan(5)).toBe('0.05元');
    expect(formatYuan(9_007_199_254_740_991)).toBe('90071992547409.91元');
  });
});
