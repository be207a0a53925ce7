import { hostname } from 'node:os';

/**
 * The name this process gives its BullMQ workers: recorded on each job (processedBy), and in the name of each
 * worker's Redis connection, by which SpillOver tells a live lead from a killed one.
 */
export function workerName(): string {
  return `${hostname()}-${process.pid}`;
}
