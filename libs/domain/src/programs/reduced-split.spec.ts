import { sumSplit } from '../money';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { reducedSplit } from './reduced-split';

const version = (program: string, v: string) => {
  const found = BUILTIN_PROGRAM_VERSIONS.find((x) => x.program === program && x.version === v);
  if (!found) throw new Error(`no ${program} ${v}`);
  return found;
};

describe('reducedSplit (the split of an amount reduced pro rata)', () => {
  it('splits rd-subsidy again by its version ratio, 3 : 3 : 4', () => {
    expect(reducedSplit(version('rd-subsidy', '2019'), 428_572, { province: 180_000, city: 180_000, district: 240_000 }))
      .toEqual({ province: 128_572, city: 128_571, district: 171_429 });
  });

  it("keeps a voucher's provincial and local parts in the proportions the case had", () => {
    // 5万 = 3万 province + 2万 city, reduced to 2.5万: 1.5万 + 1万.
    expect(reducedSplit(version('innovation-voucher', '2024'), 2_500_000, { province: 3_000_000, city: 2_000_000 }))
      .toEqual({ province: 1_500_000, city: 1_000_000 });
    const odd = reducedSplit(version('innovation-voucher', '2024'), 1_234_567, { province: 3_000_000, city: 2_000_001 });
    expect(sumSplit(odd)).toBe(1_234_567);
  });

  it('leaves an all-zero split as it is', () => {
    expect(reducedSplit(version('high-tech-reward', '2019'), 0, { city: 0 })).toEqual({ city: 0 });
  });
});
