import { Logger } from '@nestjs/common';
import { Principal } from '@app/auth';
import { AppConfig } from '@app/config';
import { ProgramCode } from '@app/domain';
import { appendAudit, CalendarService, ProgramCatalog, SYSTEM_ACTOR } from '@app/persistence';
import type { DemoCaseStats } from '@app/runtime';
import { ResubmitSupplement } from '../../../api/src/applications/resubmit-supplement';
import { VerifyFacts } from '../../../api/src/applications/verify-facts';
import { Materials } from '../../../api/src/materials/materials';
import { SubmitApplication } from '../../../api/src/applications/submit-application';
import { WithdrawApplication } from '../../../api/src/applications/withdraw-application';
import { CreateBudgetPool } from '../../../api/src/budgets/create-budget-pool';
import { Disbursements } from '../../../api/src/disbursements/disbursements';
import { ExpertReviews } from '../../../api/src/experts/expert-reviews';
import { AnswerOffer } from '../../../api/src/offers/answer-offer';
import { UploadOfferImport } from '../../../api/src/offers/upload-offer-import';
import { DecideTask } from '../../../api/src/tasks/decide-task';
import { createDemoEnterprises, DemoEnterprise } from './demo-enterprises';
import { CasePlan, DemoPlanner } from './demo-plan';
import { DemoRandom } from './demo-random';
import { DemoWorld } from './demo-world';

const DAY_MS = 24 * 3600 * 1000;
/** How far back the demo's history reaches: submissions are spread over these weeks. */
export const DEMO_WEEKS = 6;
const VOUCHER_CASES = 150;
/** A minimal PDF, as every demo material (type-checked by content like any upload). */
const DEMO_PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * 免申即享 imports: program, the day (from the start) of the upload, and its rows. The last, a few days before
 * today, leaves R&D offers being confirmed and accepted now, as the arrivals leave vouchers.
 */
const IMPORTS: { program: ProgramCode; day: number; rows: number }[] = [
  { program: 'rd-subsidy', day: 4, rows: 25 },
  { program: 'high-tech-reward', day: 9, rows: 20 },
  { program: 'rd-subsidy', day: 29, rows: 25 },
  { program: 'high-tech-reward', day: 33, rows: 20 },
  { program: 'rd-subsidy', day: 36, rows: 12 },
];
/** The current year's pools (fen): sized so the voucher and R&D rounds have room and the reward round runs short. */
const POOLS: { program: ProgramCode; totalFen: number }[] = [
  { program: 'innovation-voucher', totalFen: 2_000_000_000 },
  { program: 'rd-subsidy', totalFen: 2_000_000_000 },
  { program: 'high-tech-reward', totalFen: 500_000_000 },
];

interface Staff {
  admin: Principal;
  director: Principal;
  byRole: Map<string, Principal[]>;
}

/**
 * The demo's cases: a few hundred over the past weeks, all three programs, every stage — made by the real use
 * cases (submit, decide, 补正, withdraw, 免申即享 import and confirmation, expert scores, payment batches) on a
 * clock that starts `DEMO_WEEKS` back and moves forward a day at a time, with the workflow, SLA and notifier
 * workers running, so transitions, clocks, alarms, audit, outbox, roll-ups and notifications are what they
 * would have been. Reviewers work at different paces (some late, some never), so some cases are overdue.
 */
export async function seedDemoCases(
  config: AppConfig,
  databaseUrl: string,
  redisUrl: string | null,
  passwordHash: string,
): Promise<DemoCaseStats> {
  const started = Date.now();
  const world = await DemoWorld.start(config, databaseUrl, redisUrl);
  try {
    const seeding = new DemoSeeding(world, new DemoRandom(20261130));
    await seeding.run(passwordHash);
    const rows: { status: string; n: string }[] = await world.dataSource.query(
      'SELECT status, count(*) AS n FROM applications GROUP BY status ORDER BY status',
    );
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const cases = rows.reduce((s, r) => s + Number(r.n), 0);
    const seconds = Math.round((Date.now() - started) / 100) / 10;
    await world.dataSource.transaction((manager) =>
      appendAudit(manager, { stream: 'demo-seed', actor: SYSTEM_ACTOR, action: 'demo-seed.done', data: { cases, byStatus, seconds }, at: world.time.now() }),
    );
    return { cases, byStatus, seconds };
  } finally {
    await world.close();
  }
}

class DemoSeeding {
  private readonly logger = new Logger('DemoSeed');
  private readonly planner: DemoPlanner;
  private readonly plans = new Map<string, CasePlan>();
  /** Working days each piece of work (task, 补正, offer, seat) has waited, as the seed saw it. */
  private readonly ages = new Map<string, number>();
  private failures = 0;

  constructor(
    private readonly world: DemoWorld,
    private readonly random: DemoRandom,
  ) {
    this.planner = new DemoPlanner(random);
  }

  async run(passwordHash: string): Promise<void> {
    const { world } = this;
    const days = DEMO_WEEKS * 7;
    const enterprises = await createDemoEnterprises(world.dataSource, this.random, VOUCHER_CASES, passwordHash);
    const staff = await this.staff();
    const year = Number(world.time.today().slice(0, 4));
    const vouchers = enterprises.map((e, i) => this.voucherPlan(i, e));
    const imports = IMPORTS.map((spec, i) => ({ ...spec, done: false, plans: this.offerPlans(spec.program, spec.rows, enterprises, i) }));

    const lastDay = world.time.today();
    world.time.travel(-days * DAY_MS);
    let next = 0;
    for (let day = 0; day <= days; day++) {
      if (day > 0) world.time.travel(DAY_MS);
      await world.sweep();
      await world.drain();
      const today = world.time.today();
      const working = world.get(CalendarService).calendar().isWorkingDay(today);
      if (day === 0) await this.openPools(staff.admin, year);
      if (!working) continue;
      // Applications keep arriving until today (a bureau's queue always holds fresh, on-time work): what is left
      // is spread over the working days left, give or take 40 %, and the last day takes the rest.
      const daysLeft = world.get(CalendarService).calendar().countWorkingDays(today, lastDay) + 1;
      const share = (vouchers.length - next) / daysLeft;
      const arrivals = daysLeft === 1 ? vouchers.length - next : Math.min(vouchers.length - next, Math.round(share * (0.6 + 0.8 * this.random.next())));
      for (let i = 0; i < arrivals; i++) await this.submit(vouchers[next++], year);
      for (const spec of imports) {
        if (!spec.done && day >= spec.day) {
          spec.done = true;
          await this.upload(staff.admin, spec.program, year, spec.plans);
        }
      }
      await world.drain();
      await this.act(staff);
      if (day % 5 === 3) await this.pay(staff);
      await world.drain();
    }
    if (this.failures) this.logger.warn(`${this.failures} demo actions were refused by the rules and skipped`);
  }

  private voucherPlan(i: number, enterprise: DemoEnterprise): CasePlan {
    const serviceFeesFen = this.random.int(4, 80) * 500_000; // 2万 … 40万 of fees: 1万 … 20万 of voucher
    return this.planner.plan(`iv-${i}`, 'innovation-voucher', enterprise, { serviceFeesFen, relatedParty: false, isMaker: false });
  }

  private offerPlans(program: ProgramCode, rows: number, enterprises: DemoEnterprise[], batch: number): CasePlan[] {
    const out: CasePlan[] = [];
    for (let r = 0; r < rows; r++) {
      const index = program === 'rd-subsidy' ? batch * 25 + r : 60 + batch * 20 + r;
      const enterprise = enterprises[index % enterprises.length];
      const facts: Record<string, unknown> =
        program === 'rd-subsidy'
          ? (() => {
              // R&D spending of 300万 … 3000万 yuan, up 100万 … 800万 on the year before: 6万 … 48万 of subsidy.
              const rdExpenseFen = this.random.int(30, 300) * 10_000_000;
              return { isTechEnterprise: true, rdExpenseFen, rdExpensePrevFen: rdExpenseFen - this.random.int(100, 800) * 1_000_000 };
            })()
          : { recognition: this.random.chance(0.7) ? 'first' : 'renewal', scale: enterprise.scale,
              inHighTechZone: enterprise.regionCode === '350111', certificateNo: `GR2026350${String(index).padStart(5, '0')}` };
      const plan = this.planner.plan(`${program}-${batch}-${r}`, program, enterprise, facts);
      // Of every ten offers, one is declined and one left to wait (and lapse, when old enough).
      plan.offerAnswer = r % 10 === 9 ? 'ignore' : r % 10 === 8 ? 'decline' : 'confirm';
      out.push(plan);
    }
    return out;
  }

  private async staff(): Promise<Staff> {
    const rows: { id: string; roles: string[] }[] = await this.world.dataSource.query(
      `SELECT id, roles FROM accounts WHERE enterprise_id IS NULL ORDER BY username`,
    );
    const byRole = new Map<string, Principal[]>();
    for (const row of rows) {
      const principal = await this.world.principal(row.id);
      for (const role of row.roles) byRole.set(role, [...(byRole.get(role) ?? []), principal]);
    }
    return { admin: byRole.get('administrator')![0], director: byRole.get('director')![0], byRole };
  }

  private async openPools(admin: Principal, year: number): Promise<void> {
    for (const pool of POOLS) {
      await this.attempt(() => this.world.get(CreateBudgetPool).execute(admin, { program: pool.program, year, totalFen: pool.totalFen, allocation: 'first-come' }));
    }
  }

  private async submit(plan: CasePlan, year: number): Promise<void> {
    const principal = await this.world.principal(plan.enterprise.accountId);
    const created = await this.attempt(() =>
      this.world.get(SubmitApplication).execute(principal, { program: plan.program, year, facts: plan.facts }, `demo-${plan.key}`),
    );
    if (created) {
      plan.applicationId = created.id;
      this.plans.set(created.id, plan);
    }
  }

  /** A 免申即享 list as the statistics bureau would send it, uploaded by the administrator. */
  private async upload(admin: Principal, program: ProgramCode, year: number, plans: CasePlan[]): Promise<void> {
    const today = this.world.time.today();
    const header = program === 'rd-subsidy'
      ? ['creditCode', 'name', 'isTechEnterprise', 'rdExpenseFen', 'rdExpensePrevFen']
      : ['creditCode', 'name', 'recognition', 'scale', 'inHighTechZone', 'certificateNo', 'certificateIssuedOn'];
    const lines = plans.map((p) => {
      const f: Record<string, unknown> = { ...p.facts, certificateIssuedOn: today };
      return [p.enterprise.creditCode, p.enterprise.name, ...header.slice(2).map((h) => String(f[h]))].join(',');
    });
    const csv = Buffer.from([header.join(','), ...lines].join('\n'), 'utf8');
    await this.attempt(() => this.world.get(UploadOfferImport).execute(admin, program, year, csv));
    await this.world.drain();
    const rows: { id: string; enterprise_id: string }[] = await this.world.dataSource.query(
      `SELECT id, enterprise_id FROM applications WHERE program_code = $1 AND year = $2 AND status = 'awaiting_confirmation'`,
      [program, year],
    );
    for (const row of rows) {
      const plan = plans.find((p) => p.enterprise.id === row.enterprise_id && !p.applicationId);
      if (!plan) continue;
      plan.applicationId = row.id;
      this.plans.set(row.id, plan);
    }
  }

  /** One working day of everybody's work, each as its own use case call. */
  private async act(staff: Staff): Promise<void> {
    const { world } = this;
    const catalog = world.get(ProgramCatalog);
    const tasks: { id: string; version: number; application_id: string; stage: string; kind: string; candidate_role: string;
      region_code: string | null; program_version_id: string }[] = await world.dataSource.query(
      `SELECT t.id, t.version, t.application_id, t.stage, t.kind, t.candidate_role, t.region_code, a.program_version_id
         FROM review_tasks t JOIN applications a ON a.id = t.application_id
        WHERE t.status IN ('open', 'claimed') AND a.status = t.stage ORDER BY t.created_at`,
    );
    for (const task of tasks) {
      const plan = this.plans.get(task.application_id);
      if (!plan) continue;
      const { definition } = await catalog.byId(task.program_version_id);
      const limit = definition.stages.find((s) => s.code === task.stage)?.limitDays ?? 5;
      if (this.age(`task:${task.id}`) < this.planner.lag(plan, task.stage, limit)) continue;
      const reviewer = await this.reviewerFor(staff, task);
      if (!reviewer) continue;
      const decision = plan.refuseAt === task.stage ? 'refuse' : plan.returnAt === task.stage ? 'return' : 'approve';
      if (task.stage === 'acceptance' && decision === 'approve') {
        // The enterprise has handed in what the version requires (applied or confirmed an offer, as on the page) ...
        const have: { kind: string }[] = await world.dataSource.query('SELECT kind FROM materials WHERE application_id = $1', [task.application_id]);
        const owner = await world.principal(plan.enterprise.accountId);
        for (const kind of definition.requiredMaterials.filter((k) => !have.some((h) => h.kind === k))) {
          await this.attempt(() =>
            world.get(Materials).upload(owner, task.application_id, kind, { buffer: DEMO_PDF, originalname: `${kind}.pdf` }),
          );
        }
        // ... and the acceptance reviewer checks the evidence and verifies what the enterprise only declared.
        const [row]: { unverified_facts: string[] | null }[] = await world.dataSource.query(
          'SELECT unverified_facts FROM applications WHERE id = $1',
          [task.application_id],
        );
        const facts = row?.unverified_facts ?? [];
        if (facts.length) await this.attempt(() => world.get(VerifyFacts).execute(reviewer, task.application_id, facts));
      }
      if (decision === 'return') plan.returnAt = undefined;
      const reason = decision === 'refuse' ? '经审查不符合申报条件' : decision === 'return' ? '申报材料不齐全' : '审核通过';
      await this.attempt(() =>
        world.get(DecideTask).execute(reviewer, task.id, {
          version: task.version, decision, reason,
          ...(decision === 'return' ? { missingItems: ['技术服务合同（盖章页）', '发票清单'] } : {}),
        }),
      );
    }
    await this.enterprisesAct();
    await this.expertsScore(staff);
  }

  private async enterprisesAct(): Promise<void> {
    const { world } = this;
    const cases: { id: string; status: string; version: number }[] = await world.dataSource.query(
      `SELECT id, status, version FROM applications WHERE status IN ('supplement', 'awaiting_confirmation', 'formal_review')`,
    );
    for (const c of cases) {
      const plan = this.plans.get(c.id);
      if (!plan) continue;
      const enterprise = () => world.principal(plan.enterprise.accountId);
      if (c.status === 'supplement' && plan.answersSupplement && this.age(`supplement:${c.id}`) >= 2) {
        const who = await enterprise();
        await this.attempt(() => world.get(ResubmitSupplement).execute(who, c.id, c.version, '已按要求补正材料'));
      } else if (c.status === 'awaiting_confirmation' && plan.offerAnswer !== 'ignore' && this.age(`offer:${c.id}`) >= 1 + (plan.key.length % 3)) {
        const who = await enterprise();
        await this.attempt(() => world.get(AnswerOffer).execute(who, c.id, c.version, plan.offerAnswer === 'decline' ? 'decline' : 'confirm'));
      } else if (c.status === 'formal_review' && plan.withdrawsIn === 'formal_review' && this.age(`withdraw:${c.id}`) >= 1) {
        const who = await enterprise();
        await this.attempt(() => world.get(WithdrawApplication).execute(who, c.id, c.version, '企业决定暂不申请'));
      }
    }
  }

  private async expertsScore(staff: Staff): Promise<void> {
    for (const expert of staff.byRole.get('expert') ?? []) {
      const seats = await this.world.get(ExpertReviews).mine(expert);
      for (const seat of seats) {
        if (seat.submittedAt) continue;
        const plan = this.plans.get(seat.applicationId);
        if (!plan || this.age(`seat:${seat.id}`) < this.planner.lag(plan, 'expert_review', 3)) continue;
        const share = plan.refuseAt === 'expert_review' ? 0.3 : 0.85;
        const scores = Object.fromEntries(seat.criteria.map((c) => [c.code, Math.floor(c.maxScore * share)]));
        await this.attempt(() => this.world.get(ExpertReviews).score(expert, seat.id, { scores }));
      }
    }
  }

  /** 拨付: the administrator builds a batch of approved cases, the director approves it, the treasury pays. */
  private async pay(staff: Staff): Promise<void> {
    const payments = this.world.get(Disbursements);
    const batch = await this.attempt(() => payments.build(staff.admin, {}), true);
    if (!batch) return;
    await this.attempt(() => payments.approve(staff.director, batch.id));
    const approved = await payments.get(batch.id);
    for (const p of approved.payments) {
      await this.attempt(() => payments.recordResult(staff.admin, p.id, { status: 'paid', note: `国库集中支付 ${p.instructionId}` }));
    }
  }

  /** A reviewer who may take the task: its role and district, and no decision on another stage of the case. */
  private async reviewerFor(staff: Staff, task: { application_id: string; stage: string; kind: string; candidate_role: string; region_code: string | null }): Promise<Principal | null> {
    const deciders: { decided_by: string }[] = await this.world.dataSource.query(
      'SELECT decided_by FROM review_tasks WHERE application_id = $1 AND decided_by IS NOT NULL AND stage <> $2',
      [task.application_id, task.stage],
    );
    const barred = new Set(deciders.map((d) => d.decided_by));
    const role = task.kind === 'director' ? 'director' : task.candidate_role;
    return (
      (staff.byRole.get(role) ?? []).find(
        (p) => !barred.has(p.accountId) && (task.region_code === null || p.regionCode === null || p.regionCode === task.region_code),
      ) ?? null
    );
  }

  /** Counts one more working day for a piece of work and returns how many it has waited. */
  private age(key: string): number {
    const n = (this.ages.get(key) ?? 0) + 1;
    this.ages.set(key, n);
    return n - 1;
  }

  /** Runs one use case; a rule that refuses it (a conflict, a stale version) skips it, as a person would. */
  private async attempt<T>(action: () => Promise<T>, quiet = false): Promise<T | null> {
    try {
      return await action();
    } catch (error) {
      if ((error as { name?: string }).name !== 'DomainError') throw error;
      if (!quiet) {
        this.failures++;
        this.logger.debug(`skipped: ${(error as Error).message}`);
      }
      return null;
    }
  }
}
