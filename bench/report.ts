/** Nearest-rank percentile of a list of numbers (ms). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface BenchRow {
  bench: string;
  measure: string;
  value: number;
  unit: string;
  target?: string;
}

/** Prints the rows as a table, then one JSON line a script can read. */
export function report(name: string, rows: BenchRow[], extra: Record<string, unknown> = {}): void {
  const table = rows.map((r) => ({ measure: r.measure, value: Math.round(r.value * 100) / 100, unit: r.unit, target: r.target ?? '' }));
  process.stdout.write(`\n== ${name} ==\n`);
  console.table(table);
  process.stdout.write(`${JSON.stringify({ bench: name, ...extra, results: Object.fromEntries(rows.map((r) => [r.measure, r.value])) })}\n`);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

/** Runs `fn` over `items` with at most `concurrency` at once. */
export async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
