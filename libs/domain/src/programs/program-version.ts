import type { Payer, Ratio } from '../money';
import type { StageCode } from '../workflow/case-status';
import type { EscalationChain, YellowRule } from './escalation-chain';

export const PROGRAM_CODES = ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] as const;
export type ProgramCode = (typeof PROGRAM_CODES)[number];

export function isProgramCode(value: unknown): value is ProgramCode {
  return (PROGRAM_CODES as readonly unknown[]).includes(value);
}

/** In the order a case meets them. */
export const STAGE_CODES: readonly StageCode[] = [
  'enterprise_confirmation',
  'acceptance',
  'formal_review',
  'expert_review',
  'recheck',
  'public_notice',
  'disbursement',
];

/**
 * The shortest public notice (公示) a version may set, in days: the bureau's notices on subsidy lists require a
 * publicity period of no fewer than 5 days (公示期不少于5天; docs/PROGRAMS.md's programs use 7 calendar and 10 working
 * days). A validation rule, not a policy number of one program: every version is held to it.
 */
export const PUBLIC_NOTICE_MIN_DAYS = 5;

/** The stages where a reviewer decides: each needs its own working-day limit (限时办结). */
export const REVIEW_STAGE_CODES: readonly StageCode[] = ['acceptance', 'formal_review', 'recheck'];

export const CANDIDATE_ROLES = [
  'district_reviewer',
  'city_reviewer',
  'expert',
  'director',
  'administrator',
  'enterprise',
] as const;
export type CandidateRole = (typeof CANDIDATE_ROLES)[number];

export interface ProgramStage {
  code: StageCode;
  nameZh: string;
  /** null: no limit of its own (专家评审 runs while the case clock is paused). */
  limitDays: number | null;
  unit: 'working' | 'calendar';
  /** Whether the stage's days count towards 承诺时限 (公示 and expert review do not). */
  countsOnCaseClock: boolean;
  /** Who may claim the stage's task. */
  candidateRole: CandidateRole;
}

export interface ExpertPanel {
  size: number;
  /** The mean score at or above which the panel recommends approval. */
  thresholdScore: number;
  /** `nameEn`: the criterion's name on English pages (absent: the Chinese name there too). */
  criteria: Array<{ code: string; nameZh: string; nameEn?: string; maxScore: number }>;
}

/** Per-applicant bounds of a voucher, in fen. */
export interface AmountBounds {
  minFen: number;
  maxFen: number;
}

export interface InnovationVoucherParams {
  /** Administrative division codes of the bureau's area start with this (Fuzhou: 3501). */
  regionPrefix: string;
  rateBp: number;
  enterprise: AmountBounds;
  /** null: makers (创客) cannot apply under this version. */
  maker: AmountBounds | null;
  /** The provincial part's own rate and yearly cap; null when the province pays everything. */
  provincePart: { rateBp: number; yearCapFen: number } | null;
  /** Who pays what the provincial part does not cover (all of it when provincePart is null). */
  restPaidBy: Payer;
}

export interface RdBand {
  /** Upper edge of the band on the base (null: no upper edge). */
  uptoFen: number | null;
  rateBp: number;
}

export interface RdBandedParams {
  eligibleScales: Array<'above' | 'below'>;
  /** A valid 高企 certificate makes an enterprise of any scale eligible. */
  highTechAlwaysEligible: boolean;
  /** E must be at least this. */
  minExpenseFen: number;
  /** Bands apply to E ('total') or to E − previous E ('increment'). */
  base: 'total' | 'increment';
  bands: RdBand[];
  baseCapFen: number;
  bonus: {
    outputValueAboveFen: number;
    taxPaidAboveFen: number;
    /** E / revenue must exceed this. */
    intensityAboveBp: number;
    rateBp: number;
    capFen: number;
  } | null;
  ratio: Ratio;
}

export interface RdIncrementParams {
  requireTechEnterprise: boolean;
  /** E must exceed this. */
  expenseAboveFen: number;
  /** E − previous E must be at least this. */
  minIncreaseFen: number;
  rateBp: number;
  capFen: number;
  ratio: Ratio;
}

export interface AwardByScale {
  aboveFen: number;
  belowFen: number;
}

export interface AwardLine {
  first: AwardByScale;
  renewal: AwardByScale;
  paidBy: Payer;
}

export interface HighTechRewardParams {
  regionPrefix: string;
  cityAward: AwardLine;
  /** 福州高新区's own award, stacking with the city's. */
  zoneAward: AwardLine;
}

/** A formula and its numbers. A new version is new params; a new kind of formula is a new calculator. */
export type CalculatorSpec =
  | { kind: 'innovation-voucher'; params: InnovationVoucherParams }
  | { kind: 'rd-banded'; params: RdBandedParams }
  | { kind: 'rd-increment'; params: RdIncrementParams }
  | { kind: 'high-tech-reward'; params: HighTechRewardParams };

export type CalculatorKind = CalculatorSpec['kind'];

/** Which program each formula belongs to. */
export const CALCULATOR_PROGRAM: Readonly<Record<CalculatorKind, ProgramCode>> = {
  'innovation-voucher': 'innovation-voucher',
  'rd-banded': 'rd-subsidy',
  'rd-increment': 'rd-subsidy',
  'high-tech-reward': 'high-tech-reward',
};

/**
 * What may be granted once only, whatever the year or version (one reward per 高企 certificate, one voucher per
 * service contract): among a program's cases that still claim money, one per value of `fact`. Program data, so a
 * new program with the same rule needs no code.
 */
export interface OnceOnlyClaim {
  /** The text fact naming what is claimed, e.g. 'certificateNo'. A case without it is not constrained. */
  fact: string;
  /** Why a second claim is refused (409); `{value}` stands for the fact's value. */
  refusal: string;
  /**
   * The boolean system fact through which the calculator refuses a repeat at screening, its rule in the trace
   * (e.g. 'certificateRewardedBefore'); null: a repeat is refused at submission only.
   */
  repeatFact: string | null;
}

/**
 * What a bureau publishes for one service item in one period: the rules a case of those years is judged
 * by, for ever. Seeded from `data/*.json`, stored whole in `program_versions.definition`.
 */
export interface ProgramVersion {
  program: ProgramCode;
  /** Label, e.g. '2019'. */
  version: string;
  /** The application years (fiscal year of the expense or recognition) this version judges. */
  years: { from: number; to: number | null };
  name: { zh: string; en: string };
  legalBasis: string[];
  eligibilitySummary: string;
  /** The kinds of 申报材料 every case must hand in before acceptance approves it. */
  requiredMaterials: string[];
  /** Further kinds an upload may be (accepted kinds = required + optional); absent in versions stored before it. */
  optionalMaterials: string[];
  /**
   * English names of the material kinds, for pages and messages read in English (a kind is its Chinese name, the
   * value an upload names); a kind without one is shown as written. Absent in versions stored before it.
   */
  materialNamesEn?: Record<string, string>;
  stages: ProgramStage[];
  /** 法定时限, working days. */
  statutoryLimitDays: number;
  /** 承诺时限, working days, from acceptance to 办结. */
  promisedLimitDays: number;
  /** 免申即享: working days the enterprise has to confirm an offer; null without auto offers. */
  confirmationLimitDays: number | null;
  /** Amounts above this need a second approval by a director (分级审批). */
  directorThresholdFen: number;
  /** Working days the enterprise has to hand in 补正 materials. */
  supplementLimitDays: number;
  expertPanel: ExpertPanel | null;
  /** 免申即享: the bureau imports data and offers the case; the enterprise only confirms. */
  autoOffer: boolean;
  calculator: CalculatorSpec;
  /** What a case may claim once only (empty: nothing beyond one open case per enterprise, program and year). */
  onceOnlyClaims: OnceOnlyClaim[];
  /** The escalation chain of overdue work and its step in working days (absent: the bureau's default). */
  escalation?: EscalationChain;
  /** When its clocks turn yellow (absent: the bureau's default, N/5 and at least one day). */
  yellow?: YellowRule;
  /** Rules adopted without a primary source, kept visible next to the numbers they explain. */
  assumptions: string[];
}

/** The 409's message for a second claim of `value`. */
export function onceOnlyRefusal(claim: OnceOnlyClaim, value: string): string {
  return claim.refusal.split('{value}').join(value);
}

/** Every kind an upload of a case under this version may be. */
export function acceptedMaterialKinds(version: ProgramVersion): string[] {
  return [...version.requiredMaterials, ...(version.optionalMaterials ?? [])];
}

/** How a material kind reads in `language`: its English name where the version gives one, else as written. */
export function materialName(names: Record<string, string> | null | undefined, kind: string, language: string): string {
  return (language === 'en' && names?.[kind]) || kind;
}

export function appliesToYear(version: ProgramVersion, year: number): boolean {
  return year >= version.years.from && (version.years.to === null || year <= version.years.to);
}
