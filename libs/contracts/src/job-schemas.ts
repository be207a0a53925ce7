import { z } from 'zod';
import { JobName, JobPayloads } from './jobs';

/** An id as PostgreSQL's `uuid` type spells it (8-4-4-4-12 hex digits); anything else would fail in SQL. */
const id = z.guid();
const isoInstant = z.iso.datetime({ offset: true });
const programCode = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
const fiscalYear = z.string().regex(/^\d{4}$/);

/**
 * One schema per job: the worker parses every payload with its job's schema before the handler runs (Redis is
 * not trusted). A payload that fails is poison — it goes straight to the failed set, never retried.
 * Strict: an unexpected field is refused too, so a renamed field cannot slip through half-read.
 */
export const JOB_SCHEMAS: { [K in JobName]: z.ZodType<JobPayloads[K]> } = {
  [JobName.ScreenApplication]: z.strictObject({ applicationId: id }),
  [JobName.EnterStage]: z.strictObject({ applicationId: id, transitionId: id }),
  [JobName.EndNotice]: z.strictObject({ applicationId: id }),
  [JobName.LapseSupplement]: z.strictObject({ applicationId: id }),
  [JobName.ImportOffers]: z.strictObject({ importId: id }),
  [JobName.LapseOffer]: z.strictObject({ applicationId: id }),
  [JobName.LapseOfferBatch]: z.strictObject({ batchId: id }),
  [JobName.ArmClocks]: z.strictObject({ applicationId: id }),
  [JobName.FireAlarm]: z.strictObject({ dueAt: isoInstant, helper: z.number().int().min(1).max(64).optional() }),
  [JobName.SweepClocks]: z.strictObject({}) as unknown as z.ZodType<JobPayloads[JobName.SweepClocks]>,
  [JobName.RecomputeDeadlines]: z.strictObject({ changeId: z.string().min(1).max(80), after: id }),
  [JobName.NotifyTransition]: z.strictObject({ transitionId: id }),
  [JobName.NotifyOfferBatch]: z.strictObject({ batchId: id }),
  [JobName.DeliverWebhook]: z.strictObject({ deliveryId: id }),
  [JobName.DeliverEmail]: z.strictObject({ deliveryId: id }),
  [JobName.CheckBudget]: z.strictObject({ program: programCode, year: fiscalYear }),
  [JobName.ReleaseBudgetWaits]: z.strictObject({ program: programCode, year: fiscalYear }),
};

/**
 * What is wrong with a payload, one `field: message` per problem; empty when it is well formed, null when the
 * job name is not in the catalogue.
 */
export function payloadProblems(name: string, data: unknown): string[] | null {
  const schema = (JOB_SCHEMAS as Record<string, z.ZodType | undefined>)[name];
  if (!schema) return null;
  const result = schema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.');
    return `${keys || 'data'}: ${issue.message}`;
  });
}
