import fc from 'fast-check';
import { isValidUscc, makeUscc, USCC_CHARSET, usccError, usccRegionCode } from './uscc';

describe('USCC (GB 32100-2015)', () => {
  it('accepts published codes', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216', '91110108551385082Q', '91310000MA1FL4B24G']) {
      expect(usccError(code)).toBeNull();
      expect(isValidUscc(code)).toBe(true);
    }
  });

  it('treats a remainder of 0 as check character 0 (31 → 0)', () => {
    // a prefix whose weighted sum is a multiple of 31: all zeros except the division code digits
    const prefix = '00' + '000000' + '000000000';
    expect(makeUscc(prefix)).toBe('000000000000000000');
  });

  it('says what is wrong', () => {
    expect(usccError('91350100M000100Y4')).toBe('must be 18 characters, got 17');
    expect(usccError('91350100M000100Y44')).toBe("check character should be '3', got '4'");
    expect(usccError('91350100M0001O0Y43')).toContain("character 14 'O' is not allowed");
    expect(usccError('9135A100M000100Y43')).toBe('characters 3–8 must be the 6-digit administrative division code');
    expect(usccError(913501)).toBe('must be a string of 18 characters');
    expect(isValidUscc('91350100m000100y43')).toBe(false);
  });

  it('makes codes for seed data and reads their region', () => {
    expect(makeUscc('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(usccRegionCode('91350100M000100Y43')).toBe('350100');
    expect(() => makeUscc('91350100M000100Y')).toThrow(RangeError);
    expect(() => makeUscc('91350100M000100I4')).toThrow(RangeError);
  });

  it('catches every single-character change (property)', () => {
    const prefixArb = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(...USCC_CHARSET), minLength: 2, maxLength: 2 }),
        fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 6, maxLength: 6 }),
        fc.string({ unit: fc.constantFrom(...USCC_CHARSET), minLength: 9, maxLength: 9 }),
      )
      .map(([a, b, c]) => a + b + c);
    fc.assert(
      fc.property(prefixArb, fc.nat(17), fc.constantFrom(...USCC_CHARSET), (prefix, position, replacement) => {
        const code = makeUscc(prefix);
        expect(isValidUscc(code)).toBe(true);
        if (code[position] === replacement) return;
        const changed = code.slice(0, position) + replacement + code.slice(position + 1);
        expect(isValidUscc(changed)).toBe(false);
      }),
    );
  });
});
