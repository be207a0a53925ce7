import { formatWan, percentOf, Split } from '../../money';
import type { InnovationVoucherParams } from '../program-version';
import { isInBureauArea } from '../region';
import { Calculator, formatRate, rule, TraceEntry } from './outcome';

/**
 * 科技创新券: a share of the R&D service fees paid, within per-applicant bounds and a yearly maximum; from
 * 2024 a provincial part with its own rate and yearly cap, the rest paid locally.
 */
export const innovationVoucherCalculator: Calculator<InnovationVoucherParams> = {
  requiredFacts(params, facts) {
    const asMaker = params.maker !== null && facts.flag('isMaker');
    return asMaker ? ['regionCode', 'serviceFeesFen'] : ['isTechSme', 'regionCode', 'serviceFeesFen'];
  },

  run(params, facts) {
    const trace: TraceEntry[] = [];
    const isMaker = facts.flag('isMaker');
    const asMaker = isMaker && params.maker !== null;
    const isTechSme = facts.flag('isTechSme');

    if (params.maker) {
      trace.push(
        rule(
          'tech-sme-or-maker',
          isTechSme || isMaker,
          `科技型中小企业: ${isTechSme}, 创客: ${isMaker}; one of them is required`,
        ),
      );
    } else {
      trace.push(
        rule(
          'tech-sme',
          isTechSme,
          `科技型中小企业 with a registration number for the expense year: ${isTechSme}` +
            (isMaker ? '; makers (创客) are not eligible under this version' : ''),
        ),
      );
    }
    const relatedParty = facts.flag('relatedParty');
    trace.push(rule('not-related-party', !relatedParty, `provider affiliated with the applicant: ${relatedParty}`));
    const blacklisted = facts.flag('blacklisted');
    trace.push(rule('not-blacklisted', !blacklisted, `on a 严重失信 list or 经营异常名录: ${blacklisted}`));
    const region = facts.text('regionCode');
    trace.push(
      rule(
        'region-in-bureau-area',
        isInBureauArea(region, params),
        `region ${region}, bureau area ${params.regionPrefix}xx`,
      ),
    );

    const bounds = asMaker && params.maker ? params.maker : params.enterprise;
    const who = asMaker ? 'maker' : 'enterprise';
    const fees = facts.fen('serviceFeesFen');
    const rateResult = percentOf(fees, params.rateBp);
    trace.push(rule('rate', true, `${formatRate(params.rateBp)} of fees ${formatWan(fees)} = ${formatWan(rateResult)}`));
    if (bounds.minFen > 0) {
      trace.push(
        rule(
          'minimum-amount',
          rateResult >= bounds.minFen,
          `${formatWan(rateResult)} against the ${who} minimum ${formatWan(bounds.minFen)}`,
        ),
      );
    }

    const granted = facts.optionalFen('grantedThisYearFen') ?? 0;
    const room = Math.max(0, bounds.maxFen - granted);
    const amountFen = Math.min(rateResult, room);
    trace.push(
      rule(
        'yearly-maximum',
        room > 0,
        `${who} maximum ${formatWan(bounds.maxFen)} a year, already approved ${formatWan(granted)}, room ` +
          `${formatWan(room)} → ${formatWan(amountFen)}`,
      ),
    );

    const split: Split = {};
    let rest = amountFen;
    if (params.provincePart) {
      const grantedProvince = facts.optionalFen('grantedProvinceThisYearFen') ?? 0;
      const provinceRoom = Math.max(0, params.provincePart.yearCapFen - grantedProvince);
      const byRate = percentOf(fees, params.provincePart.rateBp);
      const province = Math.min(byRate, provinceRoom, amountFen);
      split.province = province;
      rest = amountFen - province;
      trace.push(
        rule(
          'province-part',
          true,
          `min(${formatRate(params.provincePart.rateBp)} of fees = ${formatWan(byRate)}, provincial cap ` +
            `${formatWan(params.provincePart.yearCapFen)} − ${formatWan(grantedProvince)} = ${formatWan(provinceRoom)}, ` +
            `amount ${formatWan(amountFen)}) = ${formatWan(province)}; ${params.restPaidBy} pays ${formatWan(rest)}`,
        ),
      );
    } else {
      trace.push(rule('payer', true, `${params.restPaidBy} pays all ${formatWan(amountFen)}`));
    }
    split[params.restPaidBy] = (split[params.restPaidBy] ?? 0) + rest;
    return { trace, amountFen, split };
  },
};
