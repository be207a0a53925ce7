import { Client } from 'pg';
import { cpuMeter } from './backend-cpu';
import { Deployment } from './deployment';
import { FACTS, freshConnections, pool, post } from './pipeline';

export interface HttpFloor {
  requestsPerSecond: number;
  /** CPU per request: the deployment's processes, the database's backends and the driver, as a pipeline round counts. */
  cpuMsPerRequest: number;
}

/**
 * The least an api request costs, measured as the pipeline measures a transition: `requests` POSTs to the
 * calculator from the same driver, at the same concurrency, on the same deployment. A calculator request takes the
 * framework's whole path (the JSON body, validation, the guards, the error filter) and one SELECT of the program
 * version; the route is public, so no token is checked. The pipeline's submissions and decisions are requests like
 * this one with their work added, so this CPU times the pipeline's requests per transition is what HTTP alone
 * takes of a transition's budget, whatever the SQL and the jobs behind it become (batched or not).
 */
export async function httpFloorRound(deployment: Deployment, db: Client, requests: number, concurrency: number): Promise<HttpFloor> {
  freshConnections();
  // The calculator is told the facts a submission takes from the enterprise's record.
  const body = { program: 'innovation-voucher', year: 2024, facts: { ...FACTS, isTechSme: true, regionCode: '350102' } };
  const cpu = cpuMeter(async (sql) => (await db.query<{ pid: number }>(sql)).rows, deployment.processes.flatMap((p) => p.child.pid ?? []));
  await cpu.start();
  const started = Date.now();
  let failed = 0;
  await pool(Array.from({ length: requests }, (_, i) => i), concurrency, async () => {
    const res = await post(`${deployment.url}/api/v1/calculator`, null, body);
    if (res.status === 200) return;
    // The first failure says why; a count alone would not.
    if (failed++ === 0) process.stderr.write(`[http floor] ${res.status} ${JSON.stringify(res.body)}\n`);
  });
  const seconds = (Date.now() - started) / 1000;
  const used = await cpu.stop();
  // Every request must have done the work: a floor of fast errors would be no floor.
  if (failed) throw new Error(`HTTP floor: ${failed} of ${requests} calculator requests did not answer 200`);
  return {
    requestsPerSecond: requests / seconds,
    cpuMsPerRequest: +(((used.processesCpuSeconds + used.postgresCpuSeconds + used.nodeCpuSeconds) * 1000) / requests).toFixed(3),
  };
}
