import { allowedTransitions, nextStatus, reviewPath } from './state-machine';

const voucher = [
  { code: 'acceptance' }, { code: 'formal_review' }, { code: 'recheck' }, { code: 'public_notice' },
  { code: 'disbursement' },
];
const offer = [{ code: 'enterprise_confirmation' }, { code: 'recheck' }, { code: 'public_notice' }, { code: 'disbursement' }];

describe('state machine', () => {
  it('walks a voucher case through every stage to paid', () => {
    let s = nextStatus(voucher, 'submitted', { type: 'screened' });
    const seen = [s];
    while (s !== 'public_notice') {
      s = nextStatus(voucher, s, { type: 'approve' });
      seen.push(s);
    }
    s = nextStatus(voucher, s, { type: 'notice-ended' });
    s = nextStatus(voucher, s, { type: 'paid' });
    expect(seen).toEqual(['acceptance', 'formal_review', 'recheck', 'public_notice']);
    expect(s).toBe('paid');
  });

  it('starts a 免申即享 offer at its first review stage when confirmed', () => {
    expect(reviewPath(offer)).toEqual(['recheck', 'public_notice']);
    expect(nextStatus(offer, 'awaiting_confirmation', { type: 'confirm' })).toBe('recheck');
    expect(nextStatus(offer, 'awaiting_confirmation', { type: 'lapse' })).toBe('lapsed');
  });

  it('sends a supplement back to the stage that asked for it', () => {
    expect(nextStatus(voucher, 'formal_review', { type: 'return-for-supplement' })).toBe('supplement');
    expect(nextStatus(voucher, 'supplement', { type: 'resubmit', returnedFrom: 'formal_review' })).toBe('formal_review');
  });

  it.each([
    ['acceptance', { type: 'paid' }],
    ['public_notice', { type: 'approve' }],
    ['paid', { type: 'refuse' }],
    ['approved', { type: 'withdraw' }],
    ['submitted', { type: 'approve' }],
  ] as const)('refuses %s + %o with a conflict', (from, action) => {
    expect(() => nextStatus(voucher, from, action)).toThrow(expect.objectContaining({ code: 'conflict' }));
  });

  it('reduces a funded, unpaid case pro rata in place (按比例核减), and nothing else', () => {
    expect(nextStatus(voucher, 'public_notice', { type: 'pro-rata-reduced' })).toBe('public_notice');
    expect(nextStatus(voucher, 'approved', { type: 'pro-rata-reduced' })).toBe('approved');
    for (const from of ['paid', 'recheck', 'refused'] as const) {
      expect(() => nextStatus(voucher, from, { type: 'pro-rata-reduced' })).toThrow(expect.objectContaining({ code: 'conflict' }));
    }
    expect(allowedTransitions(voucher).has('approved->approved')).toBe(true);
  });

  it('refuses a stage the program does not have', () => {
    expect(() => nextStatus(voucher, 'expert_review', { type: 'approve' })).toThrow(/not part/);
  });

  it('lists the allowed pairs, with no skip from acceptance to the notice', () => {
    const pairs = allowedTransitions(voucher);
    expect(pairs.has('acceptance->formal_review')).toBe(true);
    expect(pairs.has('acceptance->public_notice')).toBe(false);
    expect(pairs.has('approved->paid')).toBe(true);
  });
});
