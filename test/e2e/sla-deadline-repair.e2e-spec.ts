import { JobName, QueueName } from '@app/contracts';
import { dayAfterWorkingDays, parseProgramVersion } from '@app/domain';
import { CalendarService, startOfShanghaiDay } from '@app/persistence';
import { createEnterprise, startTestSystem, TestSystem } from '@app/testing';
import { DeadlineRepair, REPAIR_START } from '../../apps/sla/src/deadline-repair';
import { SlaModule } from '../../apps/sla/src/sla.module';

/**
 * Every deadline is a clock (issue 12 items 1 and 2): after a calendar override the SLA repair recomputes the
 * 补正 answer time and the 公示 end like the stage and case due dates; its progress is a row of PostgreSQL, so a
 * repair whose job was lost is resumed from where it stood, and a job for a batch done already does nothing.
 * No worker runs here: the test calls the repair as its jobs would.
 */
describe('SLA repair of timed-state deadlines', () => {
  let sys: TestSystem;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'sla_repair', modules: [SlaModule], consume: [], relay: false, http: false });
  });
  afterAll(async () => sys?.stop());

  async function openCase(status: 'supplement' | 'public_notice', column: string, deadline: Date, certificate: string): Promise<string> {
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const [pv]: { id: string }[] = await sys.dataSource.query(
      `SELECT id FROM program_versions WHERE program_code = 'high-tech-reward' AND version = '2019'`,
    );
    const [{ id }]: { id: string }[] = await sys.dataSource.query(
      `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, version, facts, submitted_at, ${column})
       VALUES ($1, 'high-tech-reward', $2, 2025, $3, 2, $4, $5, $6) RETURNING id`,
      [enterprise.enterpriseId, pv.id, status, JSON.stringify({ certificateNo: certificate }), sys.time.now(), deadline],
    );
    await sys.dataSource.query(
      `INSERT INTO transitions (application_id, seq, from_status, to_status, action, actor_role, at)
       VALUES ($1, 1, 'new', 'submitted', 'open', 'enterprise', $3), ($1, 2, 'recheck', $2, 'test', 'system', $3)`,
      [id, status, sys.time.now()],
    );
    return id;
  }

  const deadlineOf = async (id: string, column: string): Promise<Date> =>
    (await sys.dataSource.query(`SELECT ${column} AS d FROM applications WHERE id = $1`, [id]))[0].d;

  it('moves a 补正 deadline and a 公示 end when an override adds a holiday, and resumes a repair whose job was lost', async () => {
    const [version]: { definition: unknown }[] = await sys.dataSource.query(
      `SELECT definition FROM program_versions WHERE program_code = 'high-tech-reward' AND version = '2019'`,
    );
    const definition = parseProgramVersion(version.definition);
    const notice = definition.stages.find((s) => s.code === 'public_notice')!;
    expect(notice.unit).toBe('working');
    const calendars = sys.running.app.get(CalendarService);
    const today = sys.time.today();
    const before = calendars.calendar();
    const supplementDue = startOfShanghaiDay(dayAfterWorkingDays(before, today, definition.supplementLimitDays));
    const noticeEnds = startOfShanghaiDay(dayAfterWorkingDays(before, today, notice.limitDays!));
    const supplementId = await openCase('supplement', 'supplement_due_at', supplementDue, 'GR-REPAIR-1');
    const noticeId = await openCase('public_notice', 'notice_ends_at', noticeEnds, 'GR-REPAIR-2');

    // The next working day becomes a holiday: both deadlines move one working day later.
    const holiday = before.addWorkingDays(today, 1);
    await sys.dataSource.query(`INSERT INTO calendar_overrides (date, kind, reason) VALUES ($1, 'holiday', '假期临时延长')`, [holiday]);
    const after = before.withOverrides([{ date: holiday, kind: 'holiday' }]);
    const repair = sys.running.app.get(DeadlineRepair);
    expect(await repair.repairBatch('override-1', REPAIR_START)).toMatchObject({ repaired: 2, next: null });
    const movedSupplement = startOfShanghaiDay(dayAfterWorkingDays(after, today, definition.supplementLimitDays));
    const movedNotice = startOfShanghaiDay(dayAfterWorkingDays(after, today, notice.limitDays!));
    expect(movedSupplement.getTime()).toBeGreaterThan(supplementDue.getTime());
    expect(await deadlineOf(supplementId, 'supplement_due_at')).toEqual(movedSupplement);
    expect(await deadlineOf(noticeId, 'notice_ends_at')).toEqual(movedNotice);
    const [done]: { repaired: number; finished_at: Date | null }[] = await sys.dataSource.query(
      `SELECT repaired, finished_at FROM deadline_repairs WHERE change_id = 'override-1'`,
    );
    expect(done.repaired).toBe(2);
    expect(done.finished_at).not.toBeNull();
    // The same job delivered again repeats nothing.
    expect(await repair.repairBatch('override-1', REPAIR_START)).toEqual({ repaired: 0, next: null });

    // A repair whose process crashed and whose job Redis lost: only its row is left. The sweep resumes it.
    await sys.dataSource.query(
      `INSERT INTO deadline_repairs (change_id, after, updated_at) VALUES ('override-2', $1, now() - interval '1 hour')`,
      [REPAIR_START],
    );
    expect(await repair.resumeStalled()).toBe(1);
    const queued = (await sys.queues.queue(QueueName.Sla).getJobs(['waiting'])).filter((j) => j?.name === JobName.RecomputeDeadlines);
    expect(queued.map((j) => j.data)).toEqual([{ changeId: 'override-2', after: REPAIR_START }]);
    expect(await repair.repairBatch('override-2', REPAIR_START)).toMatchObject({ repaired: 2, next: null });
    expect(await repair.resumeStalled()).toBe(0);
  });
});
