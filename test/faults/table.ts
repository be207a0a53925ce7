import { appendFileSync, existsSync, readFileSync } from 'node:fs';

/** One row of the fault table: what a scenario ran, what it broke, what the invariant checks found. */
export interface Row {
  scenario: string;
  load: string;
  fault: string;
  /** The number of violations of I1–I9 and M, or why the checks were not reached. */
  violations: number | string;
  /** How long the scenario took, and where the time went (for the time bounds). */
  seconds: number;
  phases: string;
}

export function formatTable(rows: Row[], title: string): string {
  const header = ['scenario', 'load', 'fault', 'violations', 's'];
  const cells = rows.map((r) => [r.scenario, r.load, r.fault, String(r.violations), String(r.seconds)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((x, i) => x.padEnd(widths[i])).join(' | ')} |`;
  const phases = rows.map((r) => `  ${r.scenario}: ${r.phases}`);
  return ['', title, line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line), 'time per phase (s):', ...phases, ''].join('\n');
}

/** The scenarios run in separate module contexts: each appends its row to the file global-setup named. */
export function recordRow(row: Row): void {
  const file = process.env.FAULT_TABLE_FILE;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
}

export function recordedRows(file: string): Row[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row);
}
