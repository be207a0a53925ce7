/**
 * 免申即享 import benchmark: uploads an offer file of OFFER_BENCH_ROWS rows (100,000 by default) for rd-subsidy
 * 2025 and runs the import job to the end in this process, on a database of its own, against the machine's
 * PostgreSQL. Every row names an enterprise the bureau does not know yet (the import creates it); about 90 %
 * are eligible (a case, its audit row, two outbox rows), 5 % ineligible, 5 % bad (an error row). Prints a table
 * and one JSON line with the time and the peak resident memory (RSS) of the importing process.
 *
 *   node --expose-gc -r ts-node/register/transpile-only -r tsconfig-paths/register bench/offer-import.bench.ts
 */
import { makeUscc } from '@app/domain';
import { createStaff, startTestSystem } from '@app/testing';
import { UploadOfferImport } from '../apps/api/src/offers/upload-offer-import';
import { ApiModule } from '../apps/api/src/api.module';
import { ImportOffersHandler } from '../apps/workflow/src/offers/import-offers.handler';
import { WorkflowModule } from '../apps/workflow/src/workflow.module';
import { cpuMeter } from './harness/backend-cpu';

const ROWS = Number(process.env.OFFER_BENCH_ROWS ?? 100_000);
const MiB = 1024 * 1024;
const DISTRICTS = ['02', '03', '04', '05', '11'];

export function offerFile(rows: number): Buffer {
  const lines = ['creditCode,isTechEnterprise,rdExpenseFen,rdExpensePrevFen'];
  for (let i = 0; i < rows; i++) {
    // A real district of the bureau's (the import refuses a region it does not route), five in turn.
    const code = makeUscc(`913501${DISTRICTS[i % DISTRICTS.length]}MA${String(i).padStart(7, '0')}`);
    const previous = 200_000_000 + (i % 1000) * 100_000;
    if (i % 20 === 7) lines.push(`${code},true,not-a-number,${previous}`); // bad
    else if (i % 20 === 13) lines.push(`${code},false,${previous + 150_000_000},${previous}`); // ineligible
    else lines.push(`${code},true,${previous + 100_000_000 + (i % 97) * 1_000_000},${previous}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

/** Runs the benchmark once; exported so a runner can call it, and run when this file is started directly. */
export async function offerImportBench(): Promise<void> {
  const sys = await startTestSystem({
    label: 'bench_offers', modules: [ApiModule, WorkflowModule], consume: [], relay: false, http: false,
    env: { LOG_LEVEL: 'warn', SLA_SWEEP_EVERY_MS: '600000' },
  });
  try {
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const file = offerFile(ROWS);
    const principal = { accountId: admin.accountId, username: admin.username, roles: ['administrator' as const], enterpriseId: null, regionCode: null, conflictEnterpriseIds: [] };

    const uploadStarted = process.hrtime.bigint();
    const { id } = await sys.http.get(UploadOfferImport).execute(principal, 'rd-subsidy', 2025, file);
    const uploadMs = Number(process.hrtime.bigint() - uploadStarted) / 1e6;

    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peakRss = rssBefore;
    // RSS alone (memoryUsage() reads the heap's statistics too, ~1 % of the import's CPU at this rate).
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20);
    const cpu = cpuMeter((sql) => sys.dataSource.query(sql));
    await cpu.start();
    const started = process.hrtime.bigint();
    const outcome = await sys.http.get(ImportOffersHandler).handle({ importId: id });
    const importMs = Number(process.hrtime.bigint() - started) / 1e6;
    const used = await cpu.stop();
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    global.gc?.();
    const heapAfter = process.memoryUsage().heapUsed;

    const [progress]: Record<string, number | string>[] = await sys.dataSource.query(
      `SELECT status, rows_total, rows_done, rows_created, rows_existing, rows_ineligible, rows_bad FROM offer_imports WHERE id = $1`,
      [id],
    );
    if (progress.status !== 'done' || progress.rows_done !== ROWS) throw new Error(`import did not finish: ${JSON.stringify(progress)}`);
    const summary = {
      bench: 'offer-import',
      rows: ROWS,
      fileMiB: +(file.length / MiB).toFixed(2),
      uploadMs: Math.round(uploadMs),
      importMs: Math.round(importMs),
      rowsPerSecond: Math.round(ROWS / (importMs / 1000)),
      // Load-independent: CPU seconds of the importing process and of its PostgreSQL backends, and the rows per
      // second those would allow if the machine's cores served this import alone.
      ...used,
      rowsPerCpuSecond: Math.round(ROWS / (used.nodeCpuSeconds + used.postgresCpuSeconds)),
      rssBeforeImportMiB: +(rssBefore / MiB).toFixed(1),
      peakRssDuringImportMiB: +(peakRss / MiB).toFixed(1),
      heapUsedAfterImportMiB: +(heapAfter / MiB).toFixed(1),
      maxRssOfProcessMiB: +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      created: progress.rows_created,
      ineligible: progress.rows_ineligible,
      bad: progress.rows_bad,
      existing: progress.rows_existing,
      outcome,
    };
    console.table(Object.entries(summary).map(([measure, value]) => ({ measure, value })));
    console.log(JSON.stringify(summary));
  } finally {
    await sys.stop();
  }
}

if (require.main === module) {
  offerImportBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
