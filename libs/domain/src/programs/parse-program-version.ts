import { PAYERS } from '../money';
import { DomainError, FieldError } from '../workflow/domain-error';
import { escalationProblems, yellowProblems } from './escalation-chain';
import { PROGRAM_FACTS, SYSTEM_FACTS } from './facts';
import {
  CALCULATOR_PROGRAM,
  CalculatorKind,
  CANDIDATE_ROLES,
  isProgramCode,
  PROGRAM_CODES,
  ProgramVersion,
  PUBLIC_NOTICE_MIN_DAYS,
  REVIEW_STAGE_CODES,
  STAGE_CODES,
} from './program-version';

type Json = Record<string, unknown>;

/**
 * Collects every problem of a program version's shape with its path, so a bad seed file or an
 * administrator's edit is refused whole, naming each field, before it can judge a case.
 */
class ShapeChecker {
  readonly errors: FieldError[] = [];

  fail(path: string, message: string): void {
    this.errors.push({ field: path, message });
  }

  object(value: unknown, path: string): Json | null {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Json;
    this.fail(path, 'must be an object');
    return null;
  }

  array(value: unknown, path: string): unknown[] | null {
    if (Array.isArray(value)) return value;
    this.fail(path, 'must be an array');
    return null;
  }

  text(value: unknown, path: string): void {
    if (typeof value !== 'string' || value.trim() === '') this.fail(path, 'must be a non-empty string');
  }

  texts(value: unknown, path: string): void {
    this.array(value, path)?.forEach((item, i) => this.text(item, `${path}[${i}]`));
  }

  bool(value: unknown, path: string): void {
    if (typeof value !== 'boolean') this.fail(path, 'must be true or false');
  }

  int(value: unknown, path: string, { min = 0, nullable = false }: { min?: number; nullable?: boolean } = {}): void {
    if (nullable && value === null) return;
    if (!Number.isSafeInteger(value) || (value as number) < min) {
      this.fail(path, `must be an integer ≥ ${min}${nullable ? ' or null' : ''}`);
    }
  }

  oneOf(value: unknown, allowed: readonly unknown[], path: string): void {
    if (!allowed.includes(value)) this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  basisPoints(value: unknown, path: string): void {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 10_000) {
      this.fail(path, 'must be an integer number of basis points between 0 and 10000');
    }
  }

  ratio(value: unknown, path: string): void {
    const ratio = this.object(value, path);
    if (!ratio) return;
    let total = 0;
    for (const key of Object.keys(ratio)) {
      if (!(PAYERS as readonly string[]).includes(key)) {
        this.fail(`${path}.${key}`, `unknown payer (expected ${PAYERS.join(', ')})`);
        continue;
      }
      this.int(ratio[key], `${path}.${key}`);
      total += Number(ratio[key]) || 0;
    }
    if (total <= 0) this.fail(path, 'needs at least one non-zero weight');
  }

  bounds(value: unknown, path: string): void {
    const b = this.object(value, path);
    if (!b) return;
    this.int(b.minFen, `${path}.minFen`);
    this.int(b.maxFen, `${path}.maxFen`);
    if (Number(b.minFen) > Number(b.maxFen)) this.fail(path, 'minFen must not exceed maxFen');
  }
}

function checkCalculator(c: ShapeChecker, value: unknown, program: unknown): void {
  const path = 'calculator';
  const spec = c.object(value, path);
  if (!spec) return;
  const kinds = Object.keys(CALCULATOR_PROGRAM) as CalculatorKind[];
  c.oneOf(spec.kind, kinds, `${path}.kind`);
  const kind = spec.kind as CalculatorKind;
  if (kinds.includes(kind) && isProgramCode(program) && CALCULATOR_PROGRAM[kind] !== program) {
    c.fail(`${path}.kind`, `${kind} is a formula of ${CALCULATOR_PROGRAM[kind]}, not of ${program}`);
  }
  const p = c.object(spec.params, `${path}.params`);
  if (!p) return;
  const at = (key: string) => `${path}.params.${key}`;
  switch (kind) {
    case 'innovation-voucher': {
      c.text(p.regionPrefix, at('regionPrefix'));
      c.basisPoints(p.rateBp, at('rateBp'));
      c.bounds(p.enterprise, at('enterprise'));
      if (p.maker !== null) c.bounds(p.maker, at('maker'));
      if (p.provincePart !== null) {
        const part = c.object(p.provincePart, at('provincePart'));
        if (part) {
          c.basisPoints(part.rateBp, at('provincePart.rateBp'));
          c.int(part.yearCapFen, at('provincePart.yearCapFen'));
        }
      }
      c.oneOf(p.restPaidBy, PAYERS, at('restPaidBy'));
      break;
    }
    case 'rd-banded': {
      c.array(p.eligibleScales, at('eligibleScales'))?.forEach((s, i) => c.oneOf(s, ['above', 'below'], at(`eligibleScales[${i}]`)));
      c.bool(p.highTechAlwaysEligible, at('highTechAlwaysEligible'));
      c.int(p.minExpenseFen, at('minExpenseFen'));
      c.oneOf(p.base, ['total', 'increment'], at('base'));
      const bands = c.array(p.bands, at('bands'));
      let previousEdge = 0;
      bands?.forEach((raw, i) => {
        const band = c.object(raw, at(`bands[${i}]`));
        if (!band) return;
        c.basisPoints(band.rateBp, at(`bands[${i}].rateBp`));
        const last = i === bands.length - 1;
        if (last && band.uptoFen !== null) c.fail(at(`bands[${i}].uptoFen`), 'the last band must be open (null)');
        if (!last) {
          c.int(band.uptoFen, at(`bands[${i}].uptoFen`), { min: previousEdge + 1 });
          previousEdge = Number(band.uptoFen) || previousEdge;
        }
      });
      if (bands && bands.length === 0) c.fail(at('bands'), 'needs at least one band');
      c.int(p.baseCapFen, at('baseCapFen'));
      if (p.bonus !== null) {
        const bonus = c.object(p.bonus, at('bonus'));
        if (bonus) {
          c.int(bonus.outputValueAboveFen, at('bonus.outputValueAboveFen'));
          c.int(bonus.taxPaidAboveFen, at('bonus.taxPaidAboveFen'));
          c.basisPoints(bonus.intensityAboveBp, at('bonus.intensityAboveBp'));
          c.basisPoints(bonus.rateBp, at('bonus.rateBp'));
          c.int(bonus.capFen, at('bonus.capFen'));
        }
      }
      c.ratio(p.ratio, at('ratio'));
      break;
    }
    case 'rd-increment':
      c.bool(p.requireTechEnterprise, at('requireTechEnterprise'));
      c.int(p.expenseAboveFen, at('expenseAboveFen'));
      c.int(p.minIncreaseFen, at('minIncreaseFen'));
      c.basisPoints(p.rateBp, at('rateBp'));
      c.int(p.capFen, at('capFen'));
      c.ratio(p.ratio, at('ratio'));
      break;
    case 'high-tech-reward':
      c.text(p.regionPrefix, at('regionPrefix'));
      for (const line of ['cityAward', 'zoneAward']) {
        const award = c.object(p[line], at(line));
        if (!award) continue;
        for (const recognition of ['first', 'renewal']) {
          const byScale = c.object(award[recognition], at(`${line}.${recognition}`));
          if (!byScale) continue;
          c.int(byScale.aboveFen, at(`${line}.${recognition}.aboveFen`));
          c.int(byScale.belowFen, at(`${line}.${recognition}.belowFen`));
        }
        c.oneOf(award.paidBy, PAYERS, at(`${line}.paidBy`));
      }
      break;
  }
}

/** Each once-only claim names a text fact of the program, a refusal saying the value, and a system flag or null. */
function checkOnceOnlyClaims(c: ShapeChecker, value: unknown, program: unknown): void {
  const facts = isProgramCode(program) ? PROGRAM_FACTS[program] : null;
  const seen = new Set<unknown>();
  c.array(value, 'onceOnlyClaims')?.forEach((raw, i) => {
    const path = `onceOnlyClaims[${i}]`;
    const claim = c.object(raw, path);
    if (!claim) return;
    if (facts && facts[claim.fact as string] !== 'text') {
      c.fail(`${path}.fact`, `must be a text fact of ${String(program)} (${Object.keys(facts).filter((f) => facts[f] === 'text').join(', ') || 'it has none'})`);
    } else if (seen.has(claim.fact)) {
      c.fail(`${path}.fact`, `${String(claim.fact)} is listed twice`);
    }
    seen.add(claim.fact);
    if (typeof claim.refusal !== 'string' || !claim.refusal.includes('{value}')) {
      c.fail(`${path}.refusal`, 'must be a message saying the claimed value as {value}');
    }
    const repeat = claim.repeatFact;
    if (repeat !== null && facts && (facts[repeat as string] !== 'boolean' || !SYSTEM_FACTS.includes(repeat as string))) {
      c.fail(`${path}.repeatFact`, `must be null or a boolean fact of ${String(program)} the system sets (${SYSTEM_FACTS.filter((f) => facts[f] === 'boolean').join(', ') || 'it has none'})`);
    }
  });
}

/** Checks a program version from a seed file or a database row; throws a validation error listing every problem. */
export function parseProgramVersion(value: unknown): ProgramVersion {
  const c = new ShapeChecker();
  const v = c.object(value, 'version');
  if (!v) throw DomainError.invalid(c.errors);

  c.oneOf(v.program, PROGRAM_CODES, 'program');
  c.text(v.version, 'version');
  const years = c.object(v.years, 'years');
  if (years) {
    c.int(years.from, 'years.from', { min: 1900 });
    c.int(years.to, 'years.to', { min: Number(years.from) || 1900, nullable: true });
  }
  const name = c.object(v.name, 'name');
  if (name) {
    c.text(name.zh, 'name.zh');
    c.text(name.en, 'name.en');
  }
  c.texts(v.legalBasis, 'legalBasis');
  c.text(v.eligibilitySummary, 'eligibilitySummary');
  c.texts(v.requiredMaterials, 'requiredMaterials');
  c.texts(v.optionalMaterials, 'optionalMaterials');
  if (Array.isArray(v.requiredMaterials) && v.requiredMaterials.length === 0) {
    c.fail('requiredMaterials', 'needs at least one kind of material');
  }
  const kinds = [...(Array.isArray(v.requiredMaterials) ? v.requiredMaterials : []), ...(Array.isArray(v.optionalMaterials) ? v.optionalMaterials : [])];
  kinds.forEach((kind, i) => {
    if (kinds.indexOf(kind) !== i) c.fail('optionalMaterials', `${String(kind)} is listed twice`);
  });
  c.texts(v.assumptions, 'assumptions');

  const stages = c.array(v.stages, 'stages');
  let lastIndex = -1;
  stages?.forEach((raw, i) => {
    const path = `stages[${i}]`;
    const stage = c.object(raw, path);
    if (!stage) return;
    c.oneOf(stage.code, STAGE_CODES, `${path}.code`);
    const index = STAGE_CODES.indexOf(stage.code as (typeof STAGE_CODES)[number]);
    if (index >= 0 && index <= lastIndex) c.fail(`${path}.code`, 'stages must be in order and not repeat');
    lastIndex = Math.max(lastIndex, index);
    c.text(stage.nameZh, `${path}.nameZh`);
    c.int(stage.limitDays, `${path}.limitDays`, { nullable: true });
    c.oneOf(stage.unit, ['working', 'calendar'], `${path}.unit`);
    c.bool(stage.countsOnCaseClock, `${path}.countsOnCaseClock`);
    c.oneOf(stage.candidateRole, CANDIDATE_ROLES, `${path}.candidateRole`);
    if (stage.countsOnCaseClock === true && stage.unit !== 'working') {
      c.fail(`${path}.unit`, 'a stage counted on the case clock is limited in working days');
    }
    if ((REVIEW_STAGE_CODES as readonly unknown[]).includes(stage.code)) {
      if (stage.limitDays === null || stage.limitDays === undefined) {
        c.fail(`${path}.limitDays`, `a review stage needs a working-day limit (${String(stage.code)} has none)`);
      } else if (stage.limitDays === 0) {
        c.fail(`${path}.limitDays`, 'a review stage needs a working-day limit of at least 1');
      }
      if (stage.unit !== 'working') c.fail(`${path}.unit`, 'a review stage is limited in working days');
    }
    if (stage.code === 'public_notice' && Number.isSafeInteger(stage.limitDays) && (stage.limitDays as number) < PUBLIC_NOTICE_MIN_DAYS) {
      c.fail(`${path}.limitDays`, `公示 lasts at least ${PUBLIC_NOTICE_MIN_DAYS} days (the bureau's notices), not ${String(stage.limitDays)}`);
    }
    if (stage.code === 'public_notice' && stage.limitDays === null) {
      c.fail(`${path}.limitDays`, `公示 needs its length (at least ${PUBLIC_NOTICE_MIN_DAYS} days)`);
    }
  });
  if (stages && stages.length === 0) c.fail('stages', 'needs at least one stage');

  c.int(v.statutoryLimitDays, 'statutoryLimitDays', { min: 1 });
  c.int(v.promisedLimitDays, 'promisedLimitDays', { min: 1 });
  if (Number(v.promisedLimitDays) > Number(v.statutoryLimitDays)) {
    c.fail('promisedLimitDays', '承诺时限 must not exceed 法定时限');
  }
  const counted = (stages ?? []).reduce<number>((sum, raw) => {
    const s = raw as Json;
    return sum + (s && s.countsOnCaseClock === true && typeof s.limitDays === 'number' ? s.limitDays : 0);
  }, 0);
  if (counted > Number(v.promisedLimitDays)) {
    c.fail('stages', `the stage limits counted on the case clock (${counted}) exceed 承诺时限 (${String(v.promisedLimitDays)})`);
  }
  c.bool(v.autoOffer, 'autoOffer');
  c.int(v.confirmationLimitDays, 'confirmationLimitDays', { min: 1, nullable: v.autoOffer !== true });
  c.int(v.directorThresholdFen, 'directorThresholdFen');
  c.int(v.supplementLimitDays, 'supplementLimitDays', { min: 1 });
  if (v.expertPanel !== null) {
    const panel = c.object(v.expertPanel, 'expertPanel');
    if (panel) {
      c.int(panel.size, 'expertPanel.size', { min: 1 });
      c.int(panel.thresholdScore, 'expertPanel.thresholdScore');
      c.array(panel.criteria, 'expertPanel.criteria')?.forEach((raw, i) => {
        const criterion = c.object(raw, `expertPanel.criteria[${i}]`);
        if (!criterion) return;
        c.text(criterion.code, `expertPanel.criteria[${i}].code`);
        c.text(criterion.nameZh, `expertPanel.criteria[${i}].nameZh`);
        c.int(criterion.maxScore, `expertPanel.criteria[${i}].maxScore`, { min: 1 });
      });
    }
  }
  const hasExpertStage = (stages ?? []).some((s) => (s as Json)?.code === 'expert_review');
  if (hasExpertStage && v.expertPanel === null) c.fail('expertPanel', 'a version with an expert_review stage needs a panel');
  checkCalculator(c, v.calculator, v.program);
  checkOnceOnlyClaims(c, v.onceOnlyClaims, v.program);
  c.errors.push(...escalationProblems(v.escalation));
  c.errors.push(...yellowProblems(v.yellow));

  if (c.errors.length > 0) throw DomainError.invalid(c.errors);
  return value as ProgramVersion;
}
