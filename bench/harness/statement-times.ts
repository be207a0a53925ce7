import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/**
 * PostgreSQL's own time per statement, split into parse, bind (planning, and for a prepared statement its plan's
 * locks and checks) and execute — what the probe's counts cannot show: a statement planned at every call costs
 * as much as several executed ones. `--statement-times` sets `log_min_duration_statement = 0` on the bench
 * database (so every session of the deployment logs each message's duration) and reads what the server wrote to
 * its log during a round. Opt in: logging every statement slows the server, so the figures of such a run are
 * not the ones to quote. The log is the server's stderr file (Debian: /var/log/postgresql/postgresql-<major>-main.log,
 * or BENCH_PG_LOG); the bench must be able to read it (it runs as root or in group adm here).
 */
export interface StatementTime {
  /** Normalised as the probe normalises (whitespace collapsed, first 160 characters). */
  statement: string;
  calls: number;
  parseMs: number;
  bindMs: number;
  executeMs: number;
}

export function serverLogPath(serverVersion: string): string {
  return process.env.BENCH_PG_LOG ?? `/var/log/postgresql/postgresql-${serverVersion.split('.')[0]}-main.log`;
}

/** Where the log ends now: read from here after the round. */
export function logMark(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

function readFrom(path: string, offset: number): string {
  const size = statSync(path).size;
  if (size <= offset) return '';
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('utf8');
}

const DURATION = /^\S+ \S+ \S+ \[\d+\] (\S+)@(\S+) LOG: {2}duration: ([0-9.]+) ms {2}(parse|bind|execute|statement)[^:]*: ?(.*)$/;

/**
 * The statements run in `database` since `offset` by any user but `excludeUser` (the bench's own), slowest in total first. A statement's text may span
 * lines (each continuation starts with a tab); a `DETAIL:` line with its parameters follows it and is skipped.
 */
export function statementTimes(path: string, offset: number, database: string, excludeUser: string): StatementTime[] {
  const byText = new Map<string, StatementTime>();
  let current: { kind: string; ms: number; text: string } | null = null;
  const flush = () => {
    if (!current) return;
    const statement = current.text.replace(/\s+/g, ' ').trim().slice(0, 160);
    const entry = byText.get(statement) ?? { statement, calls: 0, parseMs: 0, bindMs: 0, executeMs: 0 };
    if (current.kind === 'parse') entry.parseMs += current.ms;
    else if (current.kind === 'bind') entry.bindMs += current.ms;
    else {
      entry.executeMs += current.ms;
      entry.calls++;
    }
    byText.set(statement, entry);
    current = null;
  };
  for (const line of readFrom(path, offset).split('\n')) {
    if (line.startsWith('\t')) {
      if (current && current.text.length < 400) current.text += ` ${line.trim()}`;
      continue;
    }
    flush();
    const m = DURATION.exec(line);
    if (m && m[1] !== excludeUser && m[2] === database) current = { kind: m[4], ms: Number(m[3]), text: m[5] };
  }
  flush();
  return [...byText.values()].sort((a, b) => total(b) - total(a));
}

export function total(t: StatementTime): number {
  return t.parseMs + t.bindMs + t.executeMs;
}
