import { ProgramCode } from '@app/domain';
import { DemoEnterprise } from './demo-enterprises';
import { DemoRandom } from './demo-random';

/**
 * How quickly the bureau works a case: `late` overruns the stage limit, `stuck` is never decided where it stops.
 * Mostly on time: a stuck case stays in the queue for good and a late one is overdue in every stage it meets, so
 * a few of each go a long way (6 % stuck, 8 % late; the rest decided within the limit).
 */
export type Pace = 'fast' | 'normal' | 'late' | 'stuck';

/** What will happen to one demo case: who applies, and how each of its people will act. */
export interface CasePlan {
  key: string;
  program: ProgramCode;
  enterprise: DemoEnterprise;
  pace: Pace;
  /** For `stuck`: the stage whose task nobody decides (the case goes overdue there). */
  stuckAt?: string;
  refuseAt?: string;
  /** 补正: returned once at this stage; answered or left to lapse. */
  returnAt?: string;
  answersSupplement: boolean;
  withdrawsIn?: string;
  /** 免申即享 offers: the enterprise confirms, declines or lets it lapse (set by the import that makes the offer). */
  offerAnswer?: 'confirm' | 'decline' | 'ignore';
  facts: Record<string, unknown>;
  applicationId?: string;
}

const REVIEW_STAGES: Record<ProgramCode, string[]> = {
  'innovation-voucher': ['acceptance', 'formal_review', 'recheck'],
  'rd-subsidy': ['acceptance', 'formal_review', 'expert_review', 'recheck'],
  'high-tech-reward': ['recheck'],
};

/** The fates of the demo cases, deterministic for a given random source. */
export class DemoPlanner {
  private stuckTurn = 0;

  constructor(private readonly random: DemoRandom) {}

  plan(key: string, program: ProgramCode, enterprise: DemoEnterprise, facts: Record<string, unknown>): CasePlan {
    const r = this.random;
    const stages = REVIEW_STAGES[program];
    const roll = r.next();
    const pace: Pace = roll < 0.35 ? 'fast' : roll < 0.86 ? 'normal' : roll < 0.94 ? 'late' : 'stuck';
    const plan: CasePlan = { key, program, enterprise, pace, answersSupplement: true, facts };
    if (pace === 'stuck') plan.stuckAt = stages[this.stuckTurn++ % stages.length];
    const fate = r.next();
    if (program === 'high-tech-reward') {
      if (fate < 0.05) plan.refuseAt = 'recheck';
      return plan;
    }
    if (fate < 0.08) plan.refuseAt = r.pick(stages);
    else if (fate < 0.24) {
      plan.returnAt = 'formal_review';
      plan.answersSupplement = r.chance(0.65);
    } else if (fate < 0.28) plan.withdrawsIn = 'formal_review';
    return plan;
  }

  /** Working days a reviewer lets a task of this case wait before deciding (Infinity: never). */
  lag(plan: CasePlan, stage: string, limitDays: number): number {
    if (plan.stuckAt === stage) return Infinity;
    switch (plan.pace) {
      case 'fast':
        return 1;
      case 'late':
        return limitDays + 1 + (plan.key.length % 3);
      default:
        return Math.max(1, Math.ceil(limitDays * 0.6));
    }
  }
}
