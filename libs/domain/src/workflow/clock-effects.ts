import { CaseAction } from './state-machine';
import { CaseStatus, isReviewStage } from './case-status';

import type { ClockEventType } from '../clock/clock-events';

/** A clock event the system records on a transition. `clock` is 'case' (承诺时限) or a stage code. */
export interface ClockEffect {
  clock: string;
  type: ClockEventType;
}

/** Stages whose time is not the bureau's: the case clock is paused while a case is in one of them. */
const PAUSING: readonly CaseStatus[] = ['expert_review', 'public_notice', 'supplement'];

/**
 * The clock events a transition records, in order. Only the system writes clock events, so the clock can
 * never be typed in: this function is the whole policy of what starts, pauses, resets and stops it.
 */
export function clockEffects(from: CaseStatus, to: CaseStatus, action: CaseAction): ClockEffect[] {
  // A same-status change (按比例核减) is no move: every clock runs on exactly as before.
  if (from === to) return [];
  const effects: ClockEffect[] = [];
  if (isReviewStage(from)) effects.push({ clock: from, type: 'stop' });

  if (from === 'submitted' || from === 'awaiting_confirmation' || action.type === 'override-screening') {
    if (to !== 'declined' && to !== 'lapsed' && to !== 'refused') effects.push({ clock: 'case', type: 'start' });
  } else if (action.type === 'resubmit') {
    // 补正 materials arrived: counting restarts as if the case were accepted today.
    effects.push({ clock: 'case', type: 'reset' });
  } else if (PAUSING.includes(from) && !PAUSING.includes(to)) {
    effects.push({ clock: 'case', type: 'resume' });
  }

  if (to === 'refused' || to === 'approved' || to === 'withdrawn' || to === 'lapsed') {
    if (from !== 'submitted' && from !== 'awaiting_confirmation') effects.push({ clock: 'case', type: 'stop' });
  } else if (PAUSING.includes(to) && !PAUSING.includes(from)) {
    effects.push({ clock: 'case', type: 'pause' });
  }

  if (isReviewStage(to)) effects.push({ clock: to, type: 'start' });
  if (to === 'approved') effects.push({ clock: 'disbursement', type: 'start' });
  if (from === 'approved' && to === 'paid') effects.push({ clock: 'disbursement', type: 'stop' });
  return effects;
}
