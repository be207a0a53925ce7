import { ApiProperty } from '@nestjs/swagger';

export class FactFieldDto {
  @ApiProperty({ example: 'serviceFeesFen' }) name: string;
  @ApiProperty({ enum: ['boolean', 'fen', 'regionCode', 'localDate', 'text', 'scale', 'recognition'] }) type: string;
  @ApiProperty({ enum: ['declared', 'profile', 'system'], description: 'declared: the applicant states it; profile: from the enterprise profile; system: computed' })
  source: string;
}

export class ProgramVersionDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'] }) program: string;
  @ApiProperty({ example: '2024' }) version: string;
  @ApiProperty({ example: 2024 }) yearFrom: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null: open-ended' }) yearTo: number | null;
  @ApiProperty({ type: Object, description: 'The whole version: stages, limits, materials, calculator parameters' })
  definition: Record<string, unknown>;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: [FactFieldDto], description: 'The facts of the program, from which an application form is made' })
  facts: FactFieldDto[];
}

/**
 * The body of a new version, as OpenAPI shows it. The server checks it with the domain's own parser
 * (`parseProgramVersion`), which names every bad field; this schema is for readers and client generators.
 */
export const PROGRAM_VERSION_BODY_SCHEMA = {
  type: 'object',
  required: [
    'program', 'version', 'years', 'name', 'legalBasis', 'eligibilitySummary', 'requiredMaterials', 'optionalMaterials', 'stages',
    'statutoryLimitDays', 'promisedLimitDays', 'confirmationLimitDays', 'directorThresholdFen',
    'supplementLimitDays', 'expertPanel', 'autoOffer', 'calculator', 'onceOnlyClaims', 'assumptions',
  ],
  properties: {
    program: { type: 'string', enum: ['innovation-voucher', 'rd-subsidy', 'high-tech-reward'], description: 'Must equal :program' },
    version: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,19}$', example: '2026' },
    years: {
      type: 'object',
      required: ['from', 'to'],
      properties: { from: { type: 'integer', example: 2026 }, to: { type: 'integer', nullable: true, example: null } },
    },
    name: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
    legalBasis: { type: 'array', items: { type: 'string' } },
    eligibilitySummary: { type: 'string' },
    requiredMaterials: { type: 'array', items: { type: 'string' }, description: 'Kinds every case must hand in before acceptance' },
    optionalMaterials: { type: 'array', items: { type: 'string' }, description: 'Further kinds an upload may be' },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          code: { type: 'string', enum: ['enterprise_confirmation', 'acceptance', 'formal_review', 'expert_review', 'recheck', 'public_notice', 'disbursement'] },
          nameZh: { type: 'string' },
          limitDays: { type: 'integer', nullable: true },
          unit: { type: 'string', enum: ['working', 'calendar'] },
          countsOnCaseClock: { type: 'boolean' },
          candidateRole: { type: 'string' },
        },
      },
    },
    statutoryLimitDays: { type: 'integer', description: '法定时限, working days' },
    promisedLimitDays: { type: 'integer', description: '承诺时限, working days; at most statutoryLimitDays' },
    confirmationLimitDays: { type: 'integer', nullable: true, description: '免申即享 only' },
    directorThresholdFen: { type: 'integer' },
    supplementLimitDays: { type: 'integer' },
    expertPanel: { type: 'object', nullable: true },
    autoOffer: { type: 'boolean', description: '免申即享' },
    calculator: {
      type: 'object',
      properties: {
        kind: { type: 'string', enum: ['innovation-voucher', 'rd-banded', 'rd-increment', 'high-tech-reward'] },
        params: { type: 'object', description: 'Rates in basis points, amounts in fen (see docs/PROGRAMS.md)' },
      },
    },
    onceOnlyClaims: {
      type: 'array',
      description: 'What a case may claim once only among the cases of the program still claiming money (empty: nothing)',
      items: {
        type: 'object',
        required: ['fact', 'refusal', 'repeatFact'],
        properties: {
          fact: { type: 'string', example: 'certificateNo', description: 'A text fact of the program naming what is claimed' },
          refusal: { type: 'string', description: 'The 409 message of a second claim; {value} stands for the value' },
          repeatFact: {
            type: 'string', nullable: true, example: 'certificateRewardedBefore',
            description: 'The boolean system fact through which the calculator refuses a repeat at screening; null: refused at submission only',
          },
        },
      },
    },
    assumptions: { type: 'array', items: { type: 'string' } },
    yellow: {
      type: 'object',
      description: 'When a clock turns yellow: at most max(minDays, floor(N / divisor)) counted days left (absent: N/5, at least 1)',
      properties: { divisor: { type: 'integer', minimum: 1 }, minDays: { type: 'integer', minimum: 0 } },
    },
    escalation: {
      type: 'object',
      description: 'Escalation chain of overdue work (absent: 科长 → 分管副局长 → 局长, every 5 working days)',
      properties: {
        stepDays: { type: 'integer', minimum: 1, description: 'Working days overdue per further level' },
        chain: { type: 'array', maxItems: 3, items: { type: 'object', properties: { level: { type: 'integer' }, post: { type: 'string' }, titleZh: { type: 'string' } } } },
      },
    },
  },
} as const;
