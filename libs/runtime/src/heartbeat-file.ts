import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const HEARTBEAT_EVERY_MS = 10_000;

/** Where a worker process of the given app writes its heartbeat (one process per container). */
export function heartbeatFile(app: string): string {
  return process.env.HEARTBEAT_FILE ?? join(tmpdir(), `subsidy-flow-${app}.heartbeat`);
}
