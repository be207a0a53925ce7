import { calculate } from '../programs/calculate';
import { BUILTIN_PROGRAM_VERSIONS } from '../programs/data';
import { selectVersion } from '../programs/select-version';
import type { FailedRule } from './system-reasons';

/**
 * For specs: the failed rules of a real screening refusal — a voucher of an enterprise that is neither a
 * 科技型中小企业 nor a maker, registered elsewhere, buying from a related party — as the calculator words them.
 */
export function failedRulesOfARefusal(): FailedRule[] {
  return calculate(
    selectVersion(BUILTIN_PROGRAM_VERSIONS, 'innovation-voucher', 2024),
    { isTechSme: false, isMaker: false, regionCode: '110101', serviceFeesFen: 6_000_000, relatedParty: true, blacklisted: false },
    2024,
  )
    .trace.filter((t) => !t.passed)
    .map(({ rule, detail }) => ({ rule, detail }));
}
