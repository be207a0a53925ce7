/** The states a case (Application) can be in. Review stages are states of their own. */
export const REVIEW_STAGES = ['acceptance', 'formal_review', 'expert_review', 'recheck'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export type StageCode = 'enterprise_confirmation' | ReviewStage | 'public_notice' | 'disbursement';

export type CaseStatus =
  | 'submitted' // received, waiting for screening (automatic)
  | 'awaiting_confirmation' // 免申即享 offer: the enterprise confirms or declines
  | ReviewStage
  | 'supplement' // returned for 补正: waiting for the enterprise's materials
  | 'public_notice' // 公示
  | 'approved' // 办结 with approval; disbursement (拨付) runs on its own clock
  | 'paid'
  | 'refused'
  | 'withdrawn'
  | 'declined'
  | 'lapsed';

/** States from which nothing moves on. */
export const FINAL_STATUSES: readonly CaseStatus[] = ['paid', 'refused', 'withdrawn', 'declined', 'lapsed'];

/** States that no longer hold the enterprise's one open case of a program and year. */
export const CLOSED_STATUSES: readonly CaseStatus[] = ['refused', 'withdrawn', 'declined', 'lapsed'];

export function isReviewStage(status: string): status is ReviewStage {
  return (REVIEW_STAGES as readonly string[]).includes(status);
}
