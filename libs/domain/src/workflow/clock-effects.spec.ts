import { clockEffects } from './clock-effects';

describe('clockEffects', () => {
  it('starts the case and the first stage clock on screening', () => {
    expect(clockEffects('submitted', 'acceptance', { type: 'screened' })).toEqual([
      { clock: 'case', type: 'start' },
      { clock: 'acceptance', type: 'start' },
    ]);
  });

  it('hands over from one stage clock to the next', () => {
    expect(clockEffects('acceptance', 'formal_review', { type: 'approve' })).toEqual([
      { clock: 'acceptance', type: 'stop' },
      { clock: 'formal_review', type: 'start' },
    ]);
  });

  it('pauses the case clock for the notice and stops it at 办结, starting the disbursement clock', () => {
    expect(clockEffects('recheck', 'public_notice', { type: 'approve' })).toEqual([
      { clock: 'recheck', type: 'stop' },
      { clock: 'case', type: 'pause' },
    ]);
    expect(clockEffects('public_notice', 'approved', { type: 'notice-ended' })).toEqual([
      { clock: 'case', type: 'resume' },
      { clock: 'case', type: 'stop' },
      { clock: 'disbursement', type: 'start' },
    ]);
  });

  it('pauses for 补正 and resets when the materials arrive', () => {
    expect(clockEffects('formal_review', 'supplement', { type: 'return-for-supplement' })).toEqual([
      { clock: 'formal_review', type: 'stop' },
      { clock: 'case', type: 'pause' },
    ]);
    expect(clockEffects('supplement', 'formal_review', { type: 'resubmit', returnedFrom: 'formal_review' })).toEqual([
      { clock: 'case', type: 'reset' },
      { clock: 'formal_review', type: 'start' },
    ]);
  });

  it('keeps the case clock paused from expert review into the notice', () => {
    expect(clockEffects('expert_review', 'public_notice', { type: 'approve' })).toEqual([
      { clock: 'expert_review', type: 'stop' },
    ]);
  });

  it('stops the case clock on refusal', () => {
    expect(clockEffects('formal_review', 'refused', { type: 'refuse' })).toEqual([
      { clock: 'formal_review', type: 'stop' },
      { clock: 'case', type: 'stop' },
    ]);
  });

  it('touches no clock on a same-status change (按比例核减 in 公示 or after 办结)', () => {
    expect(clockEffects('public_notice', 'public_notice', { type: 'pro-rata-reduced' })).toEqual([]);
    expect(clockEffects('approved', 'approved', { type: 'pro-rata-reduced' })).toEqual([]);
  });
});
