import { loadConfig } from '@app/config';
import { DEFAULT_RATING_POLICY, RatingPolicy } from './rating-policy';

describe('RatingPolicy', () => {
  it('gives five working days to rectify a rating of 2 or less, unless configured otherwise', () => {
    const defaults = new RatingPolicy(loadConfig({}));
    expect(defaults.rectificationWorkingDays).toBe(DEFAULT_RATING_POLICY.rectificationWorkingDays);
    expect(DEFAULT_RATING_POLICY.rectificationWorkingDays).toBe(5);
    expect([1, 2, 3, 4, 5].map((s) => defaults.isBad(s))).toEqual([true, true, false, false, false]);
    expect(new RatingPolicy(loadConfig({ RATING_RECTIFICATION_DAYS: '3' })).rectificationWorkingDays).toBe(3);
  });

  it('refuses a nonsensical override at boot', () => {
    expect(() => loadConfig({ RATING_RECTIFICATION_DAYS: '0' })).toThrow(/RATING_RECTIFICATION_DAYS/);
    expect(() => loadConfig({ WEBHOOK_BACKOFF_MS: 'soon' })).toThrow(/WEBHOOK_BACKOFF_MS/);
  });
});
