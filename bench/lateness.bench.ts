import { JobName, QueueName } from '@app/contracts';
import { addCalendarDays } from '@app/domain';
import { CalendarService, startOfShanghaiDay } from '@app/persistence';
import { startTestSystem, waitFor } from '@app/testing';
import { NotifierModule } from '../apps/notifier/src/notifier.module';
import { AlarmClock } from '../apps/sla/src/alarm-clock';
import { SlaModule } from '../apps/sla/src/sla.module';
import { WorkflowModule } from '../apps/workflow/src/workflow.module';
import { percentile, pool, report } from './report';
import { seedOpenCases } from './seed-open-cases';

/**
 * Alarm lateness under load: ALARMS cases (default 2,000) whose yellow alarm is due at the next Shanghai
 * midnight that begins a working day; the injected clock is moved to LEAD_MS before it, the alarms are armed
 * as delayed jobs, and BACKLOG jobs (default 20,000, real screening jobs that re-read their case) are put on
 * the workflow queue just before they ring. Lateness is fired_at − due_at as the engine records it.
 */
export async function latenessBench(): Promise<void> {
  const alarmsWanted = Number(process.env.BENCH_ALARMS ?? 2_000);
  const backlog = Number(process.env.BENCH_BACKLOG ?? 20_000);
  const leadMs = Number(process.env.BENCH_LEAD_MS ?? 30_000);
  const sys = await startTestSystem({
    label: 'bench_lateness', modules: [WorkflowModule, SlaModule, NotifierModule], consume: [QueueName.Workflow, QueueName.Sla, QueueName.Notifier],
    relay: false, http: false, env: { LOG_LEVEL: 'fatal', SLA_SWEEP_EVERY_MS: '60000' },
  });
  try {
    const calendar = sys.running.app.get(CalendarService).calendar();
    const ringDay = calendar.addWorkingDays(sys.time.today(), 1);
    const dueAt = startOfShanghaiDay(ringDay).getTime();
    sys.time.travel(dueAt - leadMs - sys.time.now().getTime());
    const ids = await seedOpenCases(sys.dataSource, alarmsWanted, addCalendarDays(ringDay, -1));
    const alarms = sys.running.app.get(AlarmClock);
    const armStarted = Date.now();
    await pool(ids, 16, (id) => alarms.arm(id));
    const armMs = Date.now() - armStarted;

    const workflow = sys.queues.queue(QueueName.Workflow);
    for (let i = 0; i < backlog; i += 1000) {
      await workflow.addBulk(
        Array.from({ length: Math.min(1000, backlog - i) }, (_, k) => ({
          name: JobName.ScreenApplication,
          data: { applicationId: ids[(i + k) % ids.length] },
          opts: { jobId: `bench-backlog-${i + k}` },
        })),
      );
    }
    const backlogAtDue = await waitFor(async () => (sys.time.now().getTime() >= dueAt ? (await workflow.getWaitingCount()) + 1 : null), 'the due moment', leadMs + 60_000);
    await waitFor(async () => {
      const [{ n }]: { n: string }[] = await sys.dataSource.query(`SELECT count(*) AS n FROM sla_alarms WHERE level = 'yellow'`);
      return Number(n) >= alarmsWanted;
    }, 'every yellow alarm to fire', 120_000);
    const rows: { lateness_ms: string }[] = await sys.dataSource.query(`SELECT lateness_ms FROM sla_alarms WHERE level = 'yellow'`);
    const lateness = rows.map((r) => Number(r.lateness_ms));
    report('alarm lateness with a backlog on the other queues', [
      { bench: 'lateness', measure: 'alarms fired', value: lateness.length, unit: 'alarms' },
      { bench: 'lateness', measure: 'arming them (ms)', value: armMs, unit: 'ms' },
      { bench: 'lateness', measure: 'workflow jobs waiting at the due moment', value: backlogAtDue - 1, unit: 'jobs' },
      { bench: 'lateness', measure: 'lateness p50 (ms)', value: percentile(lateness, 50), unit: 'ms' },
      { bench: 'lateness', measure: 'lateness p99 (ms)', value: percentile(lateness, 99), unit: 'ms', target: '< 1000 ms' },
      { bench: 'lateness', measure: 'lateness max (ms)', value: Math.max(...lateness), unit: 'ms' },
    ], { alarms: alarmsWanted, backlog, leadMs });
  } finally {
    await sys.stop();
  }
}
