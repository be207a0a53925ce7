import IORedis, { RedisOptions } from 'ioredis';

/**
 * Workers block on Redis and must retry forever (`maxRetriesPerRequest: null`); producers must fail fast so a
 * request or the relay sees an error instead of hanging while Redis is away.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): IORedis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 };
  return new IORedis(url, { ...options, lazyConnect: false });
}

export class RedisPolicyError extends Error {}

/**
 * BullMQ loses jobs when Redis evicts keys. Production refuses to run workers on anything but `noeviction`;
 * development only warns, so a laptop's Redis still works.
 */
export async function checkEvictionPolicy(
  redis: IORedis,
  production: boolean,
  warn: (message: string) => void,
): Promise<string> {
  let policy = 'unknown';
  try {
    const reply = (await redis.config('GET', 'maxmemory-policy')) as string[];
    policy = reply[1] ?? 'unknown';
  } catch {
    policy = 'unknown'; // managed Redis may forbid CONFIG; treat like a wrong policy
  }
  if (policy !== 'noeviction') {
    const message = `Redis maxmemory-policy is "${policy}"; BullMQ needs "noeviction" or jobs can be lost`;
    if (production) throw new RedisPolicyError(message);
    warn(message);
  }
  return policy;
}
