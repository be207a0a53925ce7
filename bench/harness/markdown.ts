import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './deployment';
import { total } from './statement-times';
import type { SuiteResult } from './suite';

const START = '<!-- bench:latest -->';
const END = '<!-- /bench:latest -->';

const fmt = (n: number | null, digits = 1) => (n === null || !Number.isFinite(n) ? '—' : n >= 100 ? n.toFixed(0) : n.toFixed(digits));

/** The figures as a markdown table (also printed at the end of a run). */
export function figuresTable(result: SuiteResult): string {
  const lines = [
    '| Figure | Median (rounds) | Baseline, same run: median (rounds) | Ratio | Target | Met |',
    '|---|---|---|---|---|---|',
  ];
  for (const f of result.figures) {
    const extra = Object.entries(f.extra).map(([k, v]) => `${k} ${fmt(v)}`).join(', ');
    lines.push(`| ${f.name} | **${fmt(f.median)}** ${f.unit} (${f.rounds.map((r) => fmt(r)).join(' / ')})${extra ? `; ${extra}` : ''} | ${f.baselineName}: ${fmt(f.baselineMedian)} (${f.baselineRounds.map((r) => fmt(r)).join(' / ')}) | ${f.ratio === null ? '—' : f.ratio.toFixed(3)} | ${f.target} | ${f.met ? 'yes' : '**no**'} |`);
  }
  return lines.join('\n');
}

export function profileTables(result: SuiteResult): string {
  const out: string[] = [];
  for (const p of result.profiles) {
    out.push(`**${p.deployment}, per ${p.per}** (over ${p.units}): ${p.statements.toFixed(1)} SQL statements (= round trips) in ${p.transactions.toFixed(2)} transactions, ${p.redisCommands.toFixed(1)} Redis commands. By process: ${Object.entries(p.byRole).map(([role, r]) => `${role} ${r.statements.toFixed(1)} stmts / ${r.transactions.toFixed(2)} tx / ${r.redisCommands.toFixed(1)} redis`).join('; ')}.`);
    out.push('');
    out.push('<details><summary>statements per unit</summary>\n');
    out.push('| per unit | statement |', '|---|---|');
    for (const s of p.topStatements) out.push(`| ${s.perUnit.toFixed(2)} | \`${s.sql.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`);
    out.push('', `Redis: ${p.topRedis.map((r) => `${r.command} ${r.perUnit.toFixed(2)}`).join(', ')}`, '\n</details>\n');
    if (p.writes) {
      const { transition: t, tpcb } = p.writes;
      const n = (x: number) => x.toFixed(x < 10 ? 2 : 1);
      out.push(`What PostgreSQL wrote per transition: **${n(t.rows)} rows** (inserted, updated or deleted), **${n(t.indexEntries)} index entries**, **${(t.walBytes / 1024).toFixed(1)} kB of WAL** in ${n(t.walRecords)} records (${n(t.walFullPages)} of them full-page images); per tpcb-like transaction just before: ${n(tpcb.rows)} rows, ${n(tpcb.indexEntries)} index entries, ${(tpcb.walBytes / 1024).toFixed(2)} kB of WAL in ${n(tpcb.walRecords)} records (${n(tpcb.walFullPages)} full-page images).`);
      out.push('');
      out.push('<details><summary>rows written per transition, by table</summary>\n');
      out.push('| table | inserted | updated (HOT) | deleted | indexes | index entries |', '|---|---|---|---|---|---|');
      for (const w of t.tables) out.push(`| ${w.table} | ${n(w.inserted)} | ${n(w.updated)} (${n(w.hotUpdated)}) | ${n(w.deleted)} | ${w.indexes} | ${n(w.indexEntries)} |`);
      out.push('\n</details>\n');
    }
    if (p.statementTimes) {
      const ms = (n: number) => n.toFixed(3);
      const sum = p.statementTimes.reduce((a, t) => a + total(t), 0);
      out.push(`<details><summary>PostgreSQL's time per unit, slowest statements (--statement-times; ${ms(sum)} ms in these)</summary>\n`);
      out.push('| calls | parse ms | bind (plan) ms | execute ms | statement |', '|---|---|---|---|---|');
      for (const t of p.statementTimes) {
        out.push(`| ${t.calls.toFixed(2)} | ${ms(t.parseMs)} | ${ms(t.bindMs)} | ${ms(t.executeMs)} | \`${t.statement.replace(/\|/g, '\\|').replace(/`/g, "'")}\` |`);
      }
      out.push('\n</details>\n');
    }
  }
  if (result.cpu.length) {
    out.push('**CPU profiles** (V8\'s sampler, 1 ms, over each deployment\'s pipeline warm-up round, not over the timed rounds; share of samples):', '');
    out.push('| process | seconds | idle | our code | pg driver | typeorm | nest/express | bullmq/ioredis | jwt | gc | top functions |', '|---|---|---|---|---|---|---|---|---|---|---|');
    const pct = (n: number | undefined) => `${((n ?? 0) * 100).toFixed(0)}%`;
    for (const c of result.cpu) {
      out.push(`| ${c.file.split('/').pop()} | ${c.seconds.toFixed(0)} | ${pct(c.areas.idle)} | ${pct(c.areas['our code'])} | ${pct(c.areas['pg driver'])} | ${pct(c.areas.typeorm)} | ${pct(c.areas['nest/express'])} | ${pct(c.areas['bullmq/ioredis'])} | ${pct(c.areas.jwt)} | ${pct(c.areas.gc)} | ${c.top.slice(0, 5).map((t) => `${t.fn.replace(/\|/g, '\\|')} ${pct(t.share)}`).join('; ')} |`);
    }
  }
  return out.join('\n');
}

export function latestSection(result: SuiteResult): string {
  const m = result.machine;
  return [
    START,
    `## Latest run: ${result.date}${result.quick ? ' (quick)' : ''}`,
    '',
    `Machine: ${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis} (the bench's own, hz 100). ` +
      `${result.minutes.toFixed(1)} minutes. Sizes: ${JSON.stringify(result.sizes)}.`,
    '',
    figuresTable(result),
    '',
    ...(result.failures?.length ? [`Did not run: ${result.failures.join('; ')}.`, ''] : []),
    '### Profile of this run',
    '',
    profileTables(result),
    END,
  ].join('\n');
}

/** Replaces the latest-run section of BENCHMARKS.md (the analysis around it is written by hand). */
export function writeBenchmarksMd(result: SuiteResult): void {
  const file = join(ROOT, 'BENCHMARKS.md');
  const section = latestSection(result);
  const text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  writeFileSync(file, start >= 0 && end > start ? text.slice(0, start) + section + text.slice(end + END.length) : `${text}\n${section}\n`);
}
