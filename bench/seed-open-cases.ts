import { DataSource } from 'typeorm';

/**
 * `count` open innovation-voucher cases in acceptance, each with its case and acceptance clocks started on
 * `startedOn`; returns their ids. Enterprises are shared across years so the one-open-case rule holds. `armed`:
 * inserted as already armed, so a running SLA sweep never picks them up (marking them afterwards leaves a window
 * in which a sweep reads them all and arms them for the next half minute).
 */
export async function seedOpenCases(db: DataSource, count: number, startedOn: string, yearBase = 3000, options: { armed?: boolean } = {}): Promise<string[]> {
  const enterprises = Math.min(count, 10_000);
  await db.query(
    `INSERT INTO enterprises (credit_code, name, region_code, scale)
     SELECT 'OPEN' || lpad((i + $2)::text, 14, '0'), 'bench ' || i, (350100 + 1 + i % 10)::text, 'below'
       FROM generate_series(0, $1 - 1) i`,
    [enterprises, yearBase],
  );
  const [pv]: { id: string }[] = await db.query(
    `SELECT id FROM program_versions WHERE program_code = 'innovation-voucher' ORDER BY year_from DESC LIMIT 1`,
  );
  const rows: { id: string }[] = await db.query(
    `WITH e AS (SELECT row_number() OVER (ORDER BY id) - 1 AS k, id FROM enterprises WHERE credit_code LIKE 'OPEN%' AND name LIKE 'bench %'),
          opened AS (
       INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at, alarms_armed_version)
       SELECT e.id, 'innovation-voucher', $2, $4 + i / $3, 'acceptance', '{}'::jsonb, now(), CASE WHEN $5 THEN 1 END
         FROM generate_series(0, $1 - 1) i JOIN e ON e.k = i % $3
       RETURNING id)
     SELECT id FROM opened`,
    [count, pv.id, enterprises, yearBase, options.armed === true],
  );
  await db.query(
    `INSERT INTO clock_events (application_id, clock, type, on_date, at)
     SELECT a.id, c.clock, 'start', $2::date, now() FROM unnest($1::uuid[]) a(id) CROSS JOIN (VALUES ('case'), ('acceptance')) c(clock)
     ORDER BY a.id, c.clock`,
    [rows.map((r) => r.id), startedOn],
  );
  await db.query('ANALYZE');
  return rows.map((r) => r.id);
}
