import { formatWan, percentOf, ratioExceeds, splitByRatio } from '../../money';
import type { RdBand, RdBandedParams } from '../program-version';
import { Calculator, formatRate, rule, TraceEntry } from './outcome';

/** Marginal bands, like tax brackets: each band's rate applies only to the part of the base inside it. */
export function bandedAmount(baseFen: number, bands: readonly RdBand[]): { amountFen: number; steps: string[] } {
  let lower = 0;
  let amountFen = 0;
  const steps: string[] = [];
  for (const band of bands) {
    if (baseFen <= lower) break;
    const upper = band.uptoFen === null ? baseFen : Math.min(baseFen, band.uptoFen);
    const part = upper - lower;
    const value = percentOf(part, band.rateBp);
    amountFen += value;
    steps.push(`${formatWan(part)} × ${formatRate(band.rateBp)} = ${formatWan(value)}`);
    if (band.uptoFen === null) break;
    lower = band.uptoFen;
  }
  return { amountFen, steps };
}

/** 研发经费投入分段补助 (2019 rules): marginal bands on E or on its increase, plus the high-intensity bonus. */
export const rdBandedCalculator: Calculator<RdBandedParams> = {
  requiredFacts(params, facts) {
    const required = ['rdExpenseFen'];
    const scale = facts.optionalChoice<'above' | 'below'>('scale');
    if (!(params.highTechAlwaysEligible && facts.flag('isHighTech'))) required.push('scale');
    const knownScale = scale === 'above' || scale === 'below';
    if (params.highTechAlwaysEligible && knownScale && !params.eligibleScales.includes(scale)) {
      required.push('isHighTech');
    }
    if (params.base === 'increment') required.push('rdExpensePrevFen');
    return required;
  },

  run(params, facts) {
    const trace: TraceEntry[] = [];
    const scale = facts.optionalChoice<'above' | 'below'>('scale');
    const isHighTech = facts.flag('isHighTech');
    const byScale = scale !== null && params.eligibleScales.includes(scale);
    const byHighTech = params.highTechAlwaysEligible && isHighTech;
    trace.push(
      rule(
        'scale-or-high-tech',
        byScale || byHighTech,
        `scale ${scale ?? 'not given'} (eligible: ${params.eligibleScales.join(', ')})` +
          (params.highTechAlwaysEligible ? `, 高企: ${isHighTech}` : ''),
      ),
    );
    const expense = facts.fen('rdExpenseFen');
    trace.push(
      rule(
        'minimum-rd-expense',
        expense >= params.minExpenseFen,
        `R&D internal expenditure ${formatWan(expense)} ≥ ${formatWan(params.minExpenseFen)}`,
      ),
    );
    const blacklisted = facts.flag('blacklisted');
    trace.push(rule('not-blacklisted', !blacklisted, `on a 严重失信 list or 经营异常名录: ${blacklisted}`));

    const previous = facts.optionalFen('rdExpensePrevFen');
    const increase = previous === null ? null : Math.max(0, expense - previous);
    const base = params.base === 'total' ? expense : (increase ?? 0);
    const banded = bandedAmount(base, params.bands);
    trace.push(
      rule(
        'banded-base',
        true,
        `${params.base === 'total' ? 'E' : 'E − previous E'} = ${formatWan(base)}: ` +
          `${banded.steps.join('; ') || 'nothing'} → ${formatWan(banded.amountFen)}`,
      ),
    );
    const baseFen = Math.min(banded.amountFen, params.baseCapFen);
    trace.push(
      rule('base-cap', true, `min(${formatWan(banded.amountFen)}, cap ${formatWan(params.baseCapFen)}) = ${formatWan(baseFen)}`),
    );

    let bonusFen = 0;
    const bonus = params.bonus;
    if (bonus) {
      const output = facts.optionalFen('outputValueFen');
      const tax = facts.optionalFen('taxPaidFen');
      const revenue = facts.optionalFen('revenueFen');
      const missing = [
        ['rdExpensePrevFen', previous],
        ['outputValueFen', output],
        ['taxPaidFen', tax],
        ['revenueFen', revenue],
      ]
        .filter(([, v]) => v === null)
        .map(([name]) => name);
      if (missing.length > 0 || increase === null || output === null || tax === null || revenue === null) {
        trace.push(rule('high-intensity-bonus', true, `not assessed, facts not given: ${missing.join(', ')} → 0`));
      } else {
        const conditions = [
          `output value ${formatWan(output)} > ${formatWan(bonus.outputValueAboveFen)}: ${output > bonus.outputValueAboveFen}`,
          `tax paid ${formatWan(tax)} > ${formatWan(bonus.taxPaidAboveFen)}: ${tax > bonus.taxPaidAboveFen}`,
          `R&D / revenue ${formatWan(expense)} / ${formatWan(revenue)} > ${formatRate(bonus.intensityAboveBp)}: ` +
            `${ratioExceeds(expense, revenue, bonus.intensityAboveBp)}`,
        ];
        const qualifies =
          output > bonus.outputValueAboveFen &&
          tax > bonus.taxPaidAboveFen &&
          ratioExceeds(expense, revenue, bonus.intensityAboveBp);
        if (qualifies) {
          const byRate = percentOf(increase, bonus.rateBp);
          bonusFen = Math.min(byRate, bonus.capFen);
          conditions.push(
            `min(${formatRate(bonus.rateBp)} of increase ${formatWan(increase)} = ${formatWan(byRate)}, cap ` +
              `${formatWan(bonus.capFen)}) = ${formatWan(bonusFen)}`,
          );
        } else {
          conditions.push('not all conditions met → 0');
        }
        trace.push(rule('high-intensity-bonus', true, conditions.join('; ')));
      }
    }

    const amountFen = baseFen + bonusFen;
    const split = splitByRatio(amountFen, params.ratio);
    trace.push(rule('split', true, describeSplit(amountFen, params.ratio, split)));
    return { trace, amountFen, split };
  },
};

export function describeSplit(
  amountFen: number,
  ratio: Partial<Record<string, number>>,
  split: Partial<Record<string, number>>,
): string {
  const parties = Object.keys(split);
  return (
    `${formatWan(amountFen)} at ${parties.map((p) => ratio[p]).join(':')} → ` +
    parties.map((p) => `${p} ${formatWan(split[p] ?? 0)}`).join(', ')
  );
}
