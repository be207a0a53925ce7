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
