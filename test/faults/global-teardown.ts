import { postgresAt, redisAt } from './servers';

export default async function globalTeardown(): Promise<void> {
  const { FAULT_PG_DIR, FAULT_PG_PORT, FAULT_REDIS_DIR, FAULT_REDIS_PORT } = process.env;
  if (FAULT_REDIS_DIR) redisAt(FAULT_REDIS_DIR, Number(FAULT_REDIS_PORT)).stop();
  if (FAULT_PG_DIR) postgresAt(FAULT_PG_DIR, Number(FAULT_PG_PORT)).stop();
}
