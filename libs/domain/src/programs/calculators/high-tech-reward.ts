import { yearOf } from '../../calendar';
import { formatWan, Split } from '../../money';
import type { AwardLine, HighTechRewardParams } from '../program-version';
import { isInBureauArea } from '../region';
import { Calculator, rule, TraceEntry } from './outcome';

type Scale = 'above' | 'below';
type Recognition = 'first' | 'renewal';

function award(line: AwardLine, recognition: Recognition, scale: Scale): number {
  const byScale = line[recognition];
  return scale === 'above' ? byScale.aboveFen : byScale.belowFen;
}

/** 高企认定奖励: the city's award by scale, plus 福州高新区's own line for enterprises registered there. */
export const highTechRewardCalculator: Calculator<HighTechRewardParams> = {
  requiredFacts() {
    return ['recognition', 'scale', 'certificateNo', 'certificateIssuedOn'];
  },

  run(params, facts, { year }) {
    const trace: TraceEntry[] = [];
    const issuedOn = facts.date('certificateIssuedOn');
    const certificateNo = facts.text('certificateNo');
    trace.push(
      rule(
        'certificate-in-reward-year',
        yearOf(issuedOn) === year,
        `certificate ${certificateNo} issued on ${issuedOn}, reward year ${year}`,
      ),
    );
    const inZone = facts.flag('inHighTechZone');
    const region = facts.optionalText('regionCode');
    trace.push(
      region === null
        ? rule(
            'region-in-bureau-area',
            true,
            `no regionCode given: the enterprise comes from the bureau's own list${inZone ? ' (福州高新区)' : ''}`,
          )
        : rule(
            'region-in-bureau-area',
            isInBureauArea(region, params),
            `region ${region}, bureau area ${params.regionPrefix}xx`,
          ),
    );
    const blacklisted = facts.flag('blacklisted');
    trace.push(rule('not-blacklisted', !blacklisted, `on a 严重失信 list or 经营异常名录: ${blacklisted}`));
    const rewardedBefore = facts.flag('certificateRewardedBefore');
    trace.push(
      rule(
        'one-reward-per-certificate',
        !rewardedBefore,
        `certificate ${certificateNo} already rewarded: ${rewardedBefore}`,
      ),
    );

    const recognition = facts.choice<Recognition>('recognition');
    const scale = facts.choice<Scale>('scale');
    const split: Split = {};
    const city = award(params.cityAward, recognition, scale);
    split[params.cityAward.paidBy] = city;
    trace.push(
      rule('city-award', true, `${recognition} recognition, scale ${scale}: ${formatWan(city)} paid by ${params.cityAward.paidBy}`),
    );
    let amountFen = city;
    if (inZone) {
      const zone = award(params.zoneAward, recognition, scale);
      split[params.zoneAward.paidBy] = (split[params.zoneAward.paidBy] ?? 0) + zone;
      amountFen += zone;
      trace.push(
        rule(
          'high-tech-zone-award',
          true,
          `福州高新区, ${recognition} recognition, scale ${scale}: ${formatWan(zone)} paid by ${params.zoneAward.paidBy}`,
        ),
      );
    } else {
      trace.push(rule('high-tech-zone-award', true, 'not registered in 福州高新区 → 0'));
    }
    return { trace, amountFen, split };
  },
};
