import { JobName } from '@app/contracts';
import { QueueService } from '@app/queue';
import { DataSource } from 'typeorm';

/**
 * The deployment id is made once per database (a migration) and copied to the queue store. A queue store
 * that holds another id, or none, carries the jobs and timers of another database (a recreated one, a reused
 * prefix) or none at all (a new or flushed Redis): this database's cases would wait for the next sweep to be
 * found, so the sweep runs at once. Returns what it found, for the log.
 */
export async function checkDeployment(dataSource: DataSource, queues: QueueService): Promise<{ id: string; found: string | null; swept: boolean }> {
  const [{ id }]: { id: string }[] = await dataSource.query('SELECT id FROM deployment ORDER BY created_at LIMIT 1');
  if (!queues.redis) return { id, found: id, swept: false }; // the queues live in this very database
  const redis = queues.redis;
  // The producer connection fails fast rather than queue commands: wait (bounded) until it is ready.
  if (redis.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis did not become ready within 10 s')), 10_000);
      redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }
  const key = `${queues.options.prefix}:deployment`;
  const found = await queues.redis.get(key);
  if (found === id) return { id, found, swept: false };
  await queues.redis.set(key, id);
  await queues.add({ name: JobName.SweepClocks, data: {} }, { jobId: `boot-sweep-${id}-${Date.now()}` });
  return { id, found, swept: true };
}
