import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { postgresAt, redisAt } from './servers';
import { formatTable, recordedRows } from './table';

/** Stops the suite's servers and prints the whole fault table: every scenario's load, fault and violations. */
export default async function globalTeardown(): Promise<void> {
  const { FAULT_PG_DIR, FAULT_PG_PORT, FAULT_REDIS_DIR, FAULT_REDIS_PORT, FAULT_TABLE_FILE, FAULT_STARTED_AT } = process.env;
  try {
    if (FAULT_TABLE_FILE) {
      const minutes = ((Date.now() - Number(FAULT_STARTED_AT)) / 60_000).toFixed(1);
      process.stdout.write(formatTable(recordedRows(FAULT_TABLE_FILE), `fault suite: all scenarios (${minutes} min)`));
      rmSync(dirname(FAULT_TABLE_FILE), { recursive: true, force: true });
    }
  } finally {
    try {
      if (FAULT_REDIS_DIR) redisAt(FAULT_REDIS_DIR, Number(FAULT_REDIS_PORT)).stop();
    } finally {
      if (FAULT_PG_DIR) postgresAt(FAULT_PG_DIR, Number(FAULT_PG_PORT)).stop();
    }
  }
}
