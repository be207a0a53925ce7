import { z } from 'zod';
import { PAYERS } from '../money';
import { PROGRAM_FACTS, SYSTEM_FACTS } from './facts';
import {
  CALCULATOR_PROGRAM,
  CalculatorKind,
  CANDIDATE_ROLES,
  isProgramCode,
  PROGRAM_CODES,
  PUBLIC_NOTICE_MIN_DAYS,
  REVIEW_STAGE_CODES,
  STAGE_CODES,
} from './program-version';

/**
 * The one schema of a program version: `parseProgramVersion` validates with it, the API's OpenAPI document is
 * generated from it (`z.toJSONSchema`), so the two cannot drift. Every message is the project's own (an error
 * names the field and says what it must be). Rules between fields are refinements that run even when other
 * fields are broken (`ALWAYS`), so a bad seed file or an administrator's edit is refused whole, naming each field.
 */

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** Refinements check what they can of a value whose other parts failed, as long as it is an object (an array). */
const ALWAYS = { when: (payload: { value: unknown }) => isObject(payload.value) };
const ALWAYS_ARRAY = { when: (payload: { value: unknown }) => Array.isArray(payload.value) };

const object = <S extends z.core.$ZodLooseShape>(shape: S) => z.object(shape, { error: 'must be an object' });
const text = z
  .string({ error: 'must be a non-empty string' })
  .refine((s) => s.trim() !== '', 'must be a non-empty string');
const texts = z.array(text, { error: 'must be an array' });
const bool = z.boolean({ error: 'must be true or false' });
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
const intMessage = (min: number, nullable = false) =>
  `must be an integer ≥ ${min}${nullable ? ' or null' : ''}`;
/**
 * An integer within bounds, as one refinement with one message: zod's own `z.int()` aborts the whole parse on a
 * fraction (no rule between fields would then run), and a fraction below the minimum would be named twice.
 * The JSON Schema says what the refinement checks.
 */
const whole = (min: number, max: number | undefined, message: string) =>
  z
    .number({ error: message })
    .refine((n) => Number.isSafeInteger(n) && n >= min && (max === undefined || n <= max), { error: message })
    .meta({ type: 'integer', minimum: min, ...(max === undefined ? {} : { maximum: max }) });
const int = (min = 0, message = intMessage(min)) => whole(min, undefined, message);
const intOrNull = (min = 0) => int(min, intMessage(min, true)).nullable();
/**
 * An array's length rule as a refinement (its JSON Schema says it too): zod's own `.min()` also fires on an empty
 * string given for the array, naming the field twice.
 */
const lengthBetween = <T extends z.ZodArray<z.ZodType>>(
  schema: T,
  min: number,
  max: number | undefined,
  message: string,
) =>
  schema
    .superRefine((list, ctx) => {
      if (list.length < min || (max !== undefined && list.length > max))
        ctx.addIssue({ code: 'custom', message });
    }, ALWAYS_ARRAY)
    .meta({ minItems: min, ...(max === undefined ? {} : { maxItems: max }) });
/** A number whose bounds depend on its siblings: only its type here, the rest in its parent's refinement. */
const numberOrNull = (min: number) =>
  z
    .number({ error: intMessage(min, true) })
    .nullable()
    .meta({ type: 'integer', minimum: min });
const basisPoints = whole(0, 10_000, 'must be an integer number of basis points between 0 and 10000');
const payer = oneOf(PAYERS);

/** Weights such as 3 : 3 : 4 by payer; an unknown payer is named by its key. */
const ratio = z
  .strictObject(
    Object.fromEntries(PAYERS.map((p) => [p, int().optional()])) as Record<
      (typeof PAYERS)[number],
      z.ZodOptional<ReturnType<typeof int>>
    >,
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown payer (expected ${PAYERS.join(', ')})`
          : 'must be an object',
    },
  )
  .superRefine((r, ctx) => {
    const total = PAYERS.reduce((sum, p) => sum + (Number(r[p]) || 0), 0);
    if (total <= 0) ctx.addIssue({ code: 'custom', message: 'needs at least one non-zero weight' });
  }, ALWAYS);

const bounds = object({ minFen: int(), maxFen: int() }).superRefine((b, ctx) => {
  if (Number(b.minFen) > Number(b.maxFen))
    ctx.addIssue({ code: 'custom', message: 'minFen must not exceed maxFen' });
}, ALWAYS);

/** Bands rise: each upper edge above the one before, the last one open (null). */
const bands = lengthBetween(
  z.array(object({ uptoFen: numberOrNull(1), rateBp: basisPoints }), { error: 'must be an array' }),
  1,
  undefined,
  'needs at least one band',
).superRefine((list, ctx) => {
  let previousEdge = 0;
  list.forEach((band, i) => {
    if (!isObject(band)) return;
    const upto = band.uptoFen;
    if (upto !== null && typeof upto !== 'number') return; // named by its type already
    if (i === list.length - 1) {
      if (upto !== null)
        ctx.addIssue({ code: 'custom', path: [i, 'uptoFen'], message: 'the last band must be open (null)' });
      return;
    }
    if (upto === null || !Number.isSafeInteger(upto) || upto < previousEdge + 1) {
      ctx.addIssue({ code: 'custom', path: [i, 'uptoFen'], message: intMessage(previousEdge + 1) });
    }
    previousEdge = Number(upto) || previousEdge;
  });
}, ALWAYS_ARRAY);

const awardLine = object({
  first: object({ aboveFen: int(), belowFen: int() }),
  renewal: object({ aboveFen: int(), belowFen: int() }),
  paidBy: payer,
});

const calculatorOf = <K extends CalculatorKind, P extends z.core.$ZodLooseShape>(kind: K, params: P) =>
  object({ kind: z.literal(kind), params: object(params) });

/** A formula and its numbers (rates in basis points, amounts in fen; docs/PROGRAMS.md). */
const calculator = z.discriminatedUnion(
  'kind',
  [
    calculatorOf('innovation-voucher', {
      regionPrefix: text,
      rateBp: basisPoints,
      enterprise: bounds,
      maker: bounds.nullable(),
      provincePart: object({ rateBp: basisPoints, yearCapFen: int() }).nullable(),
      restPaidBy: payer,
    }),
    calculatorOf('rd-banded', {
      eligibleScales: z.array(oneOf(['above', 'below']), { error: 'must be an array' }),
      highTechAlwaysEligible: bool,
      minExpenseFen: int(),
      base: oneOf(['total', 'increment']),
      bands,
      baseCapFen: int(),
      bonus: object({
        outputValueAboveFen: int(),
        taxPaidAboveFen: int(),
        intensityAboveBp: basisPoints,
        rateBp: basisPoints,
        capFen: int(),
      }).nullable(),
      ratio,
    }),
    calculatorOf('rd-increment', {
      requireTechEnterprise: bool,
      expenseAboveFen: int(),
      minIncreaseFen: int(),
      rateBp: basisPoints,
      capFen: int(),
      ratio,
    }),
    calculatorOf('high-tech-reward', { regionPrefix: text, cityAward: awardLine, zoneAward: awardLine }),
  ],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? `must be one of ${Object.keys(CALCULATOR_PROGRAM)
            .map((k) => JSON.stringify(k))
            .join(', ')}`
        : 'must be an object',
  },
);

/** A stage's own rules: review stages have a working-day limit, 公示 its minimum length. */
const stage = object({
  code: oneOf(STAGE_CODES as unknown as readonly [string, ...string[]]),
  nameZh: text,
  limitDays: intOrNull(),
  unit: oneOf(['working', 'calendar']),
  countsOnCaseClock: bool,
  candidateRole: oneOf(CANDIDATE_ROLES),
}).superRefine((s, ctx) => {
  const fail = (field: string, message: string) => ctx.addIssue({ code: 'custom', path: [field], message });
  if (s.countsOnCaseClock === true && s.unit !== 'working')
    fail('unit', 'a stage counted on the case clock is limited in working days');
  if ((REVIEW_STAGE_CODES as readonly unknown[]).includes(s.code)) {
    if (s.limitDays === null || s.limitDays === undefined) {
      fail('limitDays', `a review stage needs a working-day limit (${String(s.code)} has none)`);
    } else if (s.limitDays === 0) {
      fail('limitDays', 'a review stage needs a working-day limit of at least 1');
    }
    if (s.unit !== 'working') fail('unit', 'a review stage is limited in working days');
  }
  if (
    s.code === 'public_notice' &&
    Number.isSafeInteger(s.limitDays) &&
    (s.limitDays as number) < PUBLIC_NOTICE_MIN_DAYS
  ) {
    fail(
      'limitDays',
      `公示 lasts at least ${PUBLIC_NOTICE_MIN_DAYS} days (the bureau's notices), not ${String(s.limitDays)}`,
    );
  }
  if (s.code === 'public_notice' && s.limitDays === null)
    fail('limitDays', `公示 needs its length (at least ${PUBLIC_NOTICE_MIN_DAYS} days)`);
}, ALWAYS);

const stages = lengthBetween(
  z.array(stage, { error: 'must be an array' }),
  1,
  undefined,
  'needs at least one stage',
).superRefine((list, ctx) => {
  let lastIndex = -1;
  list.forEach((s, i) => {
    const index = isObject(s) ? STAGE_CODES.indexOf(s.code as (typeof STAGE_CODES)[number]) : -1;
    if (index >= 0 && index <= lastIndex)
      ctx.addIssue({ code: 'custom', path: [i, 'code'], message: 'stages must be in order and not repeat' });
    lastIndex = Math.max(lastIndex, index);
  });
}, ALWAYS_ARRAY);

/** When a clock turns yellow (absent: the bureau's default). */
export const YELLOW_SCHEMA = z
  .object(
    {
      divisor: int(1, 'must be an integer ≥ 1 (yellow at N / divisor days left)'),
      minDays: int(0, 'must be an integer ≥ 0 (working days)'),
    },
    { error: 'must be an object { divisor, minDays }' },
  )
  .meta({
    description:
      'When a clock turns yellow: at most max(minDays, floor(N / divisor)) counted days left (absent: N/5, at least 1)',
  });

/** The escalation chain of overdue work: 1 to 3 posts, level 1 first (absent: the bureau's default). */
export const ESCALATION_SCHEMA = object({
  stepDays: int(1, 'must be an integer ≥ 1 (working days)').meta({
    description: 'Working days overdue per further level',
  }),
  chain: lengthBetween(
    z.array(
      object({
        level: z
          .number({ error: 'must be the level, 1 first' })
          .meta({ type: 'integer', minimum: 1, maximum: 3 }),
        post: z
          .string({ error: 'must be a lower-case code' })
          .regex(/^[a-z][a-z_]{1,31}$/, { error: 'must be a lower-case code' }),
        titleZh: text,
      }),
      { error: 'must list 1 to 3 posts, level 1 first' },
    ),
    1,
    3,
    'must list 1 to 3 posts, level 1 first',
  ).superRefine((posts, ctx) => {
    posts.forEach((post, i) => {
      const level = isObject(post) ? post.level : undefined;
      if (typeof level === 'number' && level !== i + 1) {
        ctx.addIssue({ code: 'custom', path: [i, 'level'], message: `must be ${i + 1}` });
      }
    });
  }, ALWAYS_ARRAY),
}).meta({
  description: 'Escalation chain of overdue work (absent: 科长 → 分管副局长 → 局长, every 5 working days)',
});

const onceOnlyClaim = object({
  fact: z
    .string({ error: 'must be a text fact of the program' })
    .meta({ example: 'certificateNo', description: 'A text fact of the program naming what is claimed' }),
  refusal: z
    .string({ error: 'must be a message saying the claimed value as {value}' })
    .meta({ description: 'The 409 message of a second claim; {value} stands for the value' }),
  repeatFact: z.string({ error: 'must be null or a boolean fact the system sets' }).nullable().meta({
    example: 'certificateRewardedBefore',
    description:
      'The boolean system fact through which the calculator refuses a repeat at screening; null: refused at submission only',
  }),
});

/** The version's fields, in the order their problems are reported. */
const shape = {
  program: oneOf(PROGRAM_CODES).meta({ description: 'Must equal :program' }),
  version: text.meta({ example: '2026' }),
  years: object({ from: int(1900).meta({ example: 2026 }), to: numberOrNull(1900).meta({ example: null }) }),
  name: object({ zh: text, en: text }),
  legalBasis: texts,
  eligibilitySummary: text,
  requiredMaterials: lengthBetween(texts, 1, undefined, 'needs at least one kind of material').meta({
    description: 'Kinds every case must hand in before acceptance',
  }),
  optionalMaterials: texts.meta({ description: 'Further kinds an upload may be' }),
  materialNamesEn: z
    .record(z.string(), text, { error: 'must be an object of kinds and their English names' })
    .optional()
    .meta({ description: 'English names of the material kinds, by kind (a kind without one is shown as written)' }),
  assumptions: texts,
  stages,
  statutoryLimitDays: int(1).meta({ description: '法定时限, working days' }),
  promisedLimitDays: int(1).meta({ description: '承诺时限, working days; at most statutoryLimitDays' }),
  autoOffer: bool.meta({ description: '免申即享' }),
  confirmationLimitDays: intOrNull(1).meta({ description: '免申即享 only' }),
  directorThresholdFen: int(),
  supplementLimitDays: int(1),
  expertPanel: object({
    size: int(1),
    thresholdScore: int(),
    criteria: z.array(object({ code: text, nameZh: text, nameEn: text.optional(), maxScore: int(1) }), { error: 'must be an array' }),
  }).nullable(),
  calculator,
  onceOnlyClaims: z
    .array(onceOnlyClaim, { error: 'must be an array' })
    .meta({
      description:
        'What a case may claim once only among the cases of the program still claiming money (empty: nothing)',
    }),
  escalation: ESCALATION_SCHEMA.optional(),
  yellow: YELLOW_SCHEMA.optional(),
};

/** The fields of a program version, in the order their problems are reported. */
export const PROGRAM_VERSION_FIELDS: readonly string[] = Object.keys(shape);

/** Rules between fields: a field's own schema cannot see its siblings. */
function crossFieldRules(v: Json, ctx: z.RefinementCtx): void {
  const fail = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const materials = [
    ...(Array.isArray(v.requiredMaterials) ? v.requiredMaterials : []),
    ...(Array.isArray(v.optionalMaterials) ? v.optionalMaterials : []),
  ];
  materials.forEach((kind, i) => {
    if (materials.indexOf(kind) !== i) fail(['optionalMaterials'], `${String(kind)} is listed twice`);
  });
  // Against the lists only when both are lists: a broken list is reported once, as itself.
  if (isObject(v.materialNamesEn) && Array.isArray(v.requiredMaterials) && Array.isArray(v.optionalMaterials ?? [])) {
    for (const kind of Object.keys(v.materialNamesEn)) {
      if (!materials.includes(kind)) fail(['materialNamesEn', kind], 'names a kind that requiredMaterials and optionalMaterials do not list');
    }
  }
  const years = isObject(v.years) ? v.years : null;
  const toMin = Number(years?.from) || 1900;
  if (years && typeof years.to === 'number' && (!Number.isSafeInteger(years.to) || years.to < toMin))
    fail(['years', 'to'], intMessage(toMin, true));

  const stageList = (Array.isArray(v.stages) ? v.stages : []).filter(isObject);
  if (Number(v.promisedLimitDays) > Number(v.statutoryLimitDays))
    fail(['promisedLimitDays'], '承诺时限 must not exceed 法定时限');
  const counted = stageList.reduce<number>(
    (sum, s) => sum + (s.countsOnCaseClock === true && typeof s.limitDays === 'number' ? s.limitDays : 0),
    0,
  );
  if (counted > Number(v.promisedLimitDays)) {
    fail(
      ['stages'],
      `the stage limits counted on the case clock (${counted}) exceed 承诺时限 (${String(v.promisedLimitDays)})`,
    );
  }
  if (v.autoOffer === true && v.confirmationLimitDays === null)
    fail(['confirmationLimitDays'], intMessage(1));
  if (stageList.some((s) => s.code === 'expert_review') && v.expertPanel === null)
    fail(['expertPanel'], 'a version with an expert_review stage needs a panel');

  const kind = isObject(v.calculator) ? (v.calculator.kind as CalculatorKind) : undefined;
  if (
    kind &&
    kind in CALCULATOR_PROGRAM &&
    isProgramCode(v.program) &&
    CALCULATOR_PROGRAM[kind] !== v.program
  ) {
    fail(['calculator', 'kind'], `${kind} is a formula of ${CALCULATOR_PROGRAM[kind]}, not of ${v.program}`);
  }
  onceOnlyClaimRules(v, fail);
}

/** Each once-only claim names a text fact of the program, once; a refusal saying the value; a system flag or null. */
function onceOnlyClaimRules(v: Json, fail: (path: (string | number)[], message: string) => void): void {
  if (!isProgramCode(v.program) || !Array.isArray(v.onceOnlyClaims)) return;
  const program = v.program;
  const facts = PROGRAM_FACTS[program];
  const textFacts =
    Object.keys(facts)
      .filter((f) => facts[f] === 'text')
      .join(', ') || 'it has none';
  const flags = SYSTEM_FACTS.filter((f) => facts[f] === 'boolean').join(', ') || 'it has none';
  const seen = new Set<unknown>();
  v.onceOnlyClaims.forEach((claim, i) => {
    if (!isObject(claim)) return;
    if (typeof claim.fact === 'string' && facts[claim.fact] !== 'text') {
      fail(['onceOnlyClaims', i, 'fact'], `must be a text fact of ${program} (${textFacts})`);
    } else if (seen.has(claim.fact)) {
      fail(['onceOnlyClaims', i, 'fact'], `${String(claim.fact)} is listed twice`);
    }
    seen.add(claim.fact);
    if (typeof claim.refusal === 'string' && !claim.refusal.includes('{value}')) {
      fail(['onceOnlyClaims', i, 'refusal'], 'must be a message saying the claimed value as {value}');
    }
    const repeat = claim.repeatFact;
    if (typeof repeat === 'string' && (facts[repeat] !== 'boolean' || !SYSTEM_FACTS.includes(repeat))) {
      fail(
        ['onceOnlyClaims', i, 'repeatFact'],
        `must be null or a boolean fact of ${program} the system sets (${flags})`,
      );
    }
  });
}

/**
 * What a bureau publishes for one service item in one period (`ProgramVersion`). Not strict: the API refuses
 * fields outside `PROGRAM_VERSION_FIELDS` itself, naming each, while stored rows are read as they were written.
 */
export const PROGRAM_VERSION_SCHEMA = z
  .object(shape, { error: 'must be an object' })
  .superRefine((v, ctx) => crossFieldRules(v as unknown as Json, ctx), {
    when: (payload) => isObject(payload.value),
  });
