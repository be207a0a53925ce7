import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * The bureau's rules for 好差评, the same for every program (so not program-version data): a rating at or
 * below `badAtOrBelow` is a 差评 and opens a rectification due `rectificationWorkingDays` working days later.
 * These are the defaults of the provincial 好差评 rules; RATING_RECTIFICATION_DAYS overrides the period.
 */
export const DEFAULT_RATING_POLICY = { rectificationWorkingDays: 5, badAtOrBelow: 2 } as const;

@Injectable()
export class RatingPolicy {
  readonly rectificationWorkingDays: number;
  readonly badAtOrBelow: number = DEFAULT_RATING_POLICY.badAtOrBelow;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.rectificationWorkingDays = config.ratings.rectificationWorkingDays ?? DEFAULT_RATING_POLICY.rectificationWorkingDays;
  }

  isBad(score: number): boolean {
    return score <= this.badAtOrBelow;
  }
}
