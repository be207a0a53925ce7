import { QueueName } from '@app/contracts';
import { deletePrefix, startTestSystem } from '@app/testing';
import { ArmClocks } from '../apps/sla/src/arm-clocks';
import { SlaSweep } from '../apps/sla/src/sla-sweep';
import { SlaModule } from '../apps/sla/src/sla.module';
import { pool, report, timed } from './report';
import { seedOpenCases } from './seed-open-cases';

/**
 * CLOCKS open cases (default 100,000), each with a running case clock and stage clock: the time to arm
 * them all (ARM_CONCURRENCY at once, as the ArmClocks jobs would run), one sweep with nothing to repair,
 * and one sweep after the queue prefix was deleted (FLUSHALL), which must set every wake-up again.
 */
export async function clocksBench(): Promise<void> {
  const count = Number(process.env.BENCH_CLOCKS ?? 100_000);
  const concurrency = Number(process.env.BENCH_ARM_CONCURRENCY ?? 16);
  const sys = await startTestSystem({
    label: 'bench_clocks', modules: [SlaModule], consume: [], relay: false, http: false,
    env: { LOG_LEVEL: 'error', SLA_SWEEP_EVERY_MS: '3600000' },
  });
  try {
    const seed = await timed(() => seedOpenCases(sys.dataSource, count, sys.time.today()));
    const ids = seed.value;
    progress(`seeded ${count} open cases in ${(seed.ms / 1000).toFixed(1)} s`);
    const arming = sys.running.app.get(ArmClocks);
    const alarms = sys.running.app.get(SlaSweep);
    // The first sweep of a fresh Redis sets the wake-ups of every timer (it cannot know what Redis held): do it empty.
    await alarms.sweep();
    const arm = await timed(() => pool(ids, concurrency, (id) => arming.arm(id)));
    const delayed = await sys.queues.queue(QueueName.Alarms).getDelayedCount();
    progress(`armed ${count} cases in ${(arm.ms / 1000).toFixed(1)} s (${delayed} delayed jobs)`);
    const idle = await timed(() => alarms.sweep(1000, Infinity));
    progress(`sweep with nothing to repair: ${idle.ms.toFixed(1)} ms`);
    await deletePrefix(sys.redisUrl, sys.prefix);
    const repair = await timed(() => alarms.sweep(1000, Infinity));
    const rearmedDelayed = await sys.queues.queue(QueueName.Alarms).getDelayedCount();
    report('open clocks: arm and sweep', [
      { bench: 'clocks', measure: 'seed (s)', value: seed.ms / 1000, unit: 's' },
      { bench: 'clocks', measure: `arm ${count} cases (s)`, value: arm.ms / 1000, unit: 's' },
      { bench: 'clocks', measure: 'arm rate (cases/s)', value: count / (arm.ms / 1000), unit: '1/s' },
      { bench: 'clocks', measure: 'delayed alarm jobs', value: delayed, unit: 'jobs' },
      { bench: 'clocks', measure: 'sweep, nothing to repair (ms)', value: idle.ms, unit: 'ms' },
      { bench: 'clocks', measure: 'sweep after flush, sets every wake-up again (s)', value: repair.ms / 1000, unit: 's' },
      { bench: 'clocks', measure: 'wake-ups set by that sweep', value: repair.value.wakeups, unit: 'moments' },
      { bench: 'clocks', measure: 'delayed alarm jobs after it', value: rearmedDelayed, unit: 'jobs' },
    ], { clocks: count, armConcurrency: concurrency });
  } finally {
    await sys.stop();
  }
}

/** A line per phase on stderr, so a run cut short still says what it measured. */
function progress(line: string): void {
  process.stderr.write(`[clocks bench] ${line}\n`);
}
