import { caseNumber } from './catalogue';

describe('caseNumber', () => {
  it('is the year and the case’s number from the sequence, eight digits at least', () => {
    expect(caseNumber(2026, '0193f1a2-0000-7000-8000-000000000000', '42')).toBe('2026-00000042');
    expect(caseNumber(2026, '0193f1a2-0000-7000-8000-000000000000', 123456789)).toBe('2026-123456789');
  });

  it('keeps the number a case from before the sequence was told: the first eight hex digits of its id', () => {
    expect(caseNumber(2024, '3f2a9c1b-55aa-4d2e-9b1c-0123456789ab', null)).toBe('2024-3F2A9C1B');
  });
});
