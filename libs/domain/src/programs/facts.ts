import { isLocalDate, LocalDate } from '../calendar';
import type { FieldError } from '../workflow/domain-error';
import type { ProgramCode } from './program-version';

/** Facts as they arrive (JSON); calculators read them only after `validateFacts` found nothing wrong. */
export type RawFacts = Readonly<Record<string, unknown>>;

export type FactType = 'boolean' | 'fen' | 'regionCode' | 'localDate' | 'text' | 'scale' | 'recognition';

/** Every fact a program knows (docs/PROGRAMS.md), with its type. Facts not listed are ignored. */
export const PROGRAM_FACTS: Readonly<Record<ProgramCode, Readonly<Record<string, FactType>>>> = {
  'innovation-voucher': {
    isTechSme: 'boolean',
    isMaker: 'boolean',
    regionCode: 'regionCode',
    serviceFeesFen: 'fen',
    relatedParty: 'boolean',
    blacklisted: 'boolean',
    grantedThisYearFen: 'fen',
    grantedProvinceThisYearFen: 'fen',
    /** Number of the R&D service contract the fees were paid under: one voucher per contract, ever. Optional. */
    contractNo: 'text',
  },
  'rd-subsidy': {
    scale: 'scale',
    isHighTech: 'boolean',
    isTechEnterprise: 'boolean',
    rdExpenseFen: 'fen',
    rdExpensePrevFen: 'fen',
    outputValueFen: 'fen',
    taxPaidFen: 'fen',
    revenueFen: 'fen',
    blacklisted: 'boolean',
  },
  'high-tech-reward': {
    recognition: 'recognition',
    scale: 'scale',
    inHighTechZone: 'boolean',
    certificateNo: 'text',
    certificateIssuedOn: 'localDate',
    regionCode: 'regionCode',
    blacklisted: 'boolean',
    /** Set by the adapter when another case already rewarded this certificate number. */
    certificateRewardedBefore: 'boolean',
  },
};

const REGION_CODE = /^\d{6}$/;

/** Why a value is not of its type, or null when it is. */
function typeError(type: FactType, value: unknown): string | null {
  switch (type) {
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'fen':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a number of fen';
      if (value < 0) return `must not be negative, got ${value}`;
      if (!Number.isSafeInteger(value)) return `must be a whole number of fen, got ${value}`;
      return null;
    case 'regionCode':
      return (typeof value === 'string' || typeof value === 'number') && REGION_CODE.test(String(value))
        ? null
        : `must be a 6-digit administrative division code, got ${JSON.stringify(value)}`;
    case 'localDate':
      return isLocalDate(value) ? null : `must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(value)}`;
    case 'text':
      return typeof value === 'string' && value.trim() !== '' ? null : 'must be a non-empty string';
    case 'scale':
      return value === 'above' || value === 'below' ? null : `must be 'above' (规上) or 'below' (规下), got ${JSON.stringify(value)}`;
    case 'recognition':
      return value === 'first' || value === 'renewal' ? null : `must be 'first' or 'renewal', got ${JSON.stringify(value)}`;
  }
}

export function isFactsObject(facts: unknown): facts is RawFacts {
  return typeof facts === 'object' && facts !== null && !Array.isArray(facts);
}

/** A null is read as "not given", which JSON forms send for empty optional fields. */
export function isGiven(facts: RawFacts, name: string): boolean {
  return facts[name] !== undefined && facts[name] !== null;
}

/** Each program's facts as entries, made once (checked for every row of an import). */
const FACT_ENTRIES: ReadonlyMap<string, readonly (readonly [string, FactType])[]> = new Map(
  Object.entries(PROGRAM_FACTS).map(([program, types]) => [program, Object.entries(types)]),
);

/** Type errors of every given fact, then a "required" error for each required fact that is missing. */
export function checkFacts(program: ProgramCode, facts: unknown, required: readonly string[] = []): FieldError[] {
  if (!isFactsObject(facts)) return [{ field: 'facts', message: 'must be an object' }];
  const errors: FieldError[] = [];
  for (const [name, type] of FACT_ENTRIES.get(program) ?? Object.entries(PROGRAM_FACTS[program])) {
    if (!isGiven(facts, name)) {
      if (required.includes(name)) errors.push({ field: `facts.${name}`, message: `is required (${describe(type)})` });
      continue;
    }
    const problem = typeError(type, facts[name]);
    if (problem) errors.push({ field: `facts.${name}`, message: problem });
  }
  return errors;
}

function describe(type: FactType): string {
  return {
    boolean: 'true or false',
    fen: 'an integer number of fen',
    regionCode: 'a 6-digit administrative division code',
    localDate: "a date 'YYYY-MM-DD'",
    text: 'a string',
    scale: "'above' or 'below'",
    recognition: "'first' or 'renewal'",
  }[type];
}

/** Typed reads of facts that passed validation; optional facts take their documented defaults. */
export class FactReader {
  constructor(private readonly facts: RawFacts) {}

  flag(name: string): boolean {
    return this.facts[name] === true;
  }

  fen(name: string): number {
    const value = this.optionalFen(name);
    if (value === null) throw new Error(`fact ${name} was not validated`);
    return value;
  }

  optionalFen(name: string): number | null {
    return isGiven(this.facts, name) ? (this.facts[name] as number) : null;
  }

  text(name: string): string {
    return String(this.facts[name]);
  }

  optionalText(name: string): string | null {
    return isGiven(this.facts, name) ? String(this.facts[name]) : null;
  }

  date(name: string): LocalDate {
    return this.facts[name] as LocalDate;
  }

  choice<T extends string>(name: string): T {
    return this.facts[name] as T;
  }

  optionalChoice<T extends string>(name: string): T | null {
    return isGiven(this.facts, name) ? (this.facts[name] as T) : null;
  }
}

/** Facts the bureau fills in from the enterprise's profile (never declared in an application). */
export const PROFILE_FACTS: readonly string[] = ['regionCode', 'scale', 'blacklisted', 'isTechSme', 'isHighTech', 'inHighTechZone'];
/** Facts the system computes itself (earlier grants, an earlier reward of the certificate). */
export const SYSTEM_FACTS: readonly string[] = ['grantedThisYearFen', 'grantedProvinceThisYearFen', 'certificateRewardedBefore'];

export interface FactField {
  name: string;
  type: FactType;
  /** declared: the applicant states it; profile: taken from the enterprise's profile; system: computed. */
  source: 'declared' | 'profile' | 'system';
}

/** The facts of a program as a form needs them: name, type and who supplies each. */
export function factSchema(program: ProgramCode): FactField[] {
  return Object.entries(PROGRAM_FACTS[program]).map(([name, type]) => ({
    name,
    type,
    source: PROFILE_FACTS.includes(name) ? 'profile' : SYSTEM_FACTS.includes(name) ? 'system' : 'declared',
  }));
}
