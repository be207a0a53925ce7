import { formatWan, percentOf, splitByRatio } from '../../money';
import type { RdIncrementParams } from '../program-version';
import { Calculator, formatRate, rule, TraceEntry } from './outcome';
import { describeSplit } from './rd-banded';

/** 研发经费投入 increase rule (2025, 免申即享): a share of the year's increase, capped. */
export const rdIncrementCalculator: Calculator<RdIncrementParams> = {
  requiredFacts(params) {
    return [...(params.requireTechEnterprise ? ['isTechEnterprise'] : []), 'rdExpenseFen', 'rdExpensePrevFen'];
  },

  run(params, facts) {
    const trace: TraceEntry[] = [];
    if (params.requireTechEnterprise) {
      const tech = facts.flag('isTechEnterprise');
      trace.push(rule('tech-enterprise', tech, `科技型企业: ${tech}`));
    }
    const expense = facts.fen('rdExpenseFen');
    const previous = facts.fen('rdExpensePrevFen');
    trace.push(
      rule(
        'rd-expense-above',
        expense > params.expenseAboveFen,
        `R&D expenditure ${formatWan(expense)} > ${formatWan(params.expenseAboveFen)}`,
      ),
    );
    const increase = Math.max(0, expense - previous);
    trace.push(
      rule(
        'rd-increase',
        expense - previous >= params.minIncreaseFen,
        `increase ${formatWan(expense)} − ${formatWan(previous)} = ${formatWan(expense - previous)} ≥ ${formatWan(params.minIncreaseFen)}`,
      ),
    );
    const blacklisted = facts.flag('blacklisted');
    trace.push(rule('not-blacklisted', !blacklisted, `on a 严重失信 list or 经营异常名录: ${blacklisted}`));

    const byRate = percentOf(increase, params.rateBp);
    const amountFen = Math.min(byRate, params.capFen);
    trace.push(
      rule(
        'increase-rate',
        true,
        `min(${formatRate(params.rateBp)} of ${formatWan(increase)} = ${formatWan(byRate)}, cap ${formatWan(params.capFen)}) = ${formatWan(amountFen)}`,
      ),
    );
    const split = splitByRatio(amountFen, params.ratio);
    trace.push(rule('split', true, describeSplit(amountFen, params.ratio, split)));
    return { trace, amountFen, split };
  },
};
