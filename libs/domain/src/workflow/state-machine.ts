import { CaseStatus, FINAL_STATUSES, isReviewStage, ReviewStage, StageCode } from './case-status';
import { DomainError } from './domain-error';

/** The part of a program version's stage list the state machine needs. */
export interface StageStep {
  code: StageCode | string;
}

export type CaseAction =
  | { type: 'screened' }
  | { type: 'approve' }
  | { type: 'return-for-supplement' }
  | { type: 'resubmit'; returnedFrom: ReviewStage }
  | { type: 'refuse' }
  | { type: 'withdraw' }
  | { type: 'confirm' }
  | { type: 'decline' }
  | { type: 'lapse' }
  | { type: 'notice-ended' }
  | { type: 'paid' }
  /** A director overrides screening's refusal of a case, with a written reason and a recomputed amount. */
  | { type: 'override-screening' }
  /**
   * 按比例核减: closing an oversubscribed pro-rata round lowers the amount of a funded, unpaid case. The case stays
   * where it is (a same-status change): only its amount and version move, and the enterprise is told.
   */
  | { type: 'pro-rata-reduced' };

/** States whose amount a round close may still reduce: funded (in 公示 or approved) and not yet paid. */
export const REDUCIBLE_STATUSES: readonly CaseStatus[] = ['public_notice', 'approved'];

/** The case's ordered path through the stages of its program version (without the disbursement stage). */
export function reviewPath(stages: readonly StageStep[]): StageCode[] {
  return stages.map((s) => s.code as StageCode).filter((c) => c !== 'disbursement' && c !== 'enterprise_confirmation');
}

function firstStage(stages: readonly StageStep[]): CaseStatus {
  const path = reviewPath(stages);
  if (path.length === 0) throw new Error('a program version needs at least one stage');
  return path[0] as CaseStatus;
}

function stageAfter(stages: readonly StageStep[], current: StageCode): CaseStatus {
  const path = reviewPath(stages);
  const index = path.indexOf(current);
  if (index < 0) throw DomainError.conflict(`stage ${current} is not part of this program version`);
  return (path[index + 1] ?? 'approved') as CaseStatus;
}

/**
 * The one place that says which state follows which. Anything not listed is refused with a conflict, so a
 * skipped stage or a payment of an unapproved case can never be written.
 */
export function nextStatus(stages: readonly StageStep[], from: CaseStatus, action: CaseAction): CaseStatus {
  const refuse = () =>
    DomainError.because('transition-not-allowed', `a case in state ${from} cannot take the action ${action.type}`);
  // The one way out of a final state: a screening refusal that a director overrides (the caller checks that the
  // refusal was screening's).
  if (action.type === 'override-screening') {
    if (from !== 'refused') throw refuse();
    return firstStage(stages);
  }
  if (FINAL_STATUSES.includes(from)) throw refuse();
  switch (action.type) {
    case 'screened':
      if (from !== 'submitted') throw refuse();
      return firstStage(stages);
    case 'confirm':
      if (from !== 'awaiting_confirmation') throw refuse();
      return firstStage(stages);
    case 'decline':
    case 'lapse':
      if (from === 'awaiting_confirmation') return action.type === 'decline' ? 'declined' : 'lapsed';
      if (action.type === 'lapse' && from === 'supplement') return 'lapsed';
      throw refuse();
    case 'approve':
      if (!isReviewStage(from)) throw refuse();
      return stageAfter(stages, from);
    case 'return-for-supplement':
      if (!isReviewStage(from)) throw refuse();
      return 'supplement';
    case 'resubmit':
      if (from !== 'supplement') throw refuse();
      return action.returnedFrom;
    case 'refuse':
      // From 'submitted': screening found the case not eligible, and its verdict binds.
      if (!isReviewStage(from) && from !== 'public_notice' && from !== 'submitted') throw refuse();
      return 'refused';
    case 'withdraw':
      if (from === 'approved' || from === 'public_notice') throw refuse();
      return 'withdrawn';
    case 'notice-ended':
      if (from !== 'public_notice') throw refuse();
      return 'approved';
    case 'paid':
      if (from !== 'approved') throw refuse();
      return 'paid';
    case 'pro-rata-reduced':
      if (!REDUCIBLE_STATUSES.includes(from)) throw refuse();
      return from;
  }
}

/** Every (from, to) pair the machine can produce for a program version: the audit check of invariant I9. */
export function allowedTransitions(stages: readonly StageStep[]): Set<string> {
  const statuses: CaseStatus[] = [
    'submitted', 'awaiting_confirmation', 'acceptance', 'formal_review', 'expert_review', 'recheck',
    'supplement', 'public_notice', 'approved', 'paid', 'refused', 'withdrawn', 'declined', 'lapsed',
  ];
  const actions: CaseAction[] = [
    { type: 'screened' }, { type: 'approve' }, { type: 'return-for-supplement' }, { type: 'refuse' },
    { type: 'withdraw' }, { type: 'confirm' }, { type: 'decline' }, { type: 'lapse' }, { type: 'notice-ended' },
    { type: 'paid' }, { type: 'override-screening' }, { type: 'pro-rata-reduced' },
    ...reviewPath(stages).filter(isReviewStage).map((s) => ({ type: 'resubmit', returnedFrom: s }) as CaseAction),
  ];
  const pairs = new Set<string>();
  for (const from of statuses) {
    for (const action of actions) {
      try {
        pairs.add(`${from}->${nextStatus(stages, from, action)}`);
      } catch {
        // not allowed: nothing to add
      }
    }
  }
  return pairs;
}
