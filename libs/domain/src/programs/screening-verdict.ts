import type { TraceEntry } from './calculators/outcome';

/** The prefix every screening refusal's reason starts with: how a screening refusal is told from a person's. */
export const SCREENING_REFUSAL = 'screening: not eligible';

/** The reason of a screening refusal: every failed rule with its numbers, at once (一次性告知). */
export function screeningRefusal(trace: readonly TraceEntry[]): string {
  const failed = trace.filter((t) => !t.passed);
  return `${SCREENING_REFUSAL}\n${failed.map((t) => `- ${t.rule}: ${t.detail}`).join('\n')}`;
}
