import { appendAudit, auditHash, createDataSource, runMigrations, verifyAudit } from '@app/persistence';
import { createTestDatabase } from '@app/testing';
import { DataSource } from 'typeorm';

describe('schema and persistence guarantees (real PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let ds: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase('schema');
    // Three processes start at once: the advisory lock lets exactly one migrate, the others find nothing to do.
    const sources = [0, 1, 2].map(() => createDataSource(db.url, { extra: { max: 2 } }));
    await Promise.all(sources.map((s) => s.initialize()));
    const applied = await Promise.all(sources.map((s) => runMigrations(s)));
    expect(applied.filter((names) => names.length > 0)).toHaveLength(1);
    await Promise.all(sources.slice(1).map((s) => s.destroy()));
    ds = sources[0];
  });

  afterAll(async () => {
    await ds?.destroy();
    await db?.drop();
  });

  it('has migrations that match the entities exactly (no pending schema change)', async () => {
    const pending = await ds.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('keeps the audit log append-only, and the verifier finds an edited row', async () => {
    const stream = 'account:00000000-0000-0000-0000-000000000001';
    for (const action of ['a', 'b', 'c']) {
      await ds.transaction((m) =>
        appendAudit(m, { stream, actor: { accountId: null, role: 'system' }, action, data: { action }, at: new Date() }),
      );
    }
    expect(await verifyAudit(ds.manager, stream)).toEqual({ ok: true, rows: 3 });
    await expect(ds.query(`UPDATE audit_log SET action = 'x' WHERE stream = $1`, [stream])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_log WHERE stream = $1`, [stream])).rejects.toThrow(/append-only/);
    // Someone with the power to bypass the trigger edits history: the chain shows where.
    await ds.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await ds.query(`UPDATE audit_log SET data = '{"action":"forged"}' WHERE stream = $1 AND seq = 2`, [stream]);
    await ds.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    expect(await verifyAudit(ds.manager, stream)).toEqual({ ok: false, stream, seq: 2 });
  });

  it('chains audit rows written in parallel, hashed by PostgreSQL exactly as auditHash hashes them', async () => {
    const stream = 'application:00000000-0000-0000-0000-000000000002';
    // Data that could confuse a text splice: the chain's own keys, quotes, Chinese, nesting, numbers.
    const tricky = { prevHash: '"prevHash":"', seq: 7, note: '审核通过 "quoted" \\ back', nested: { z: 1, a: [1.5, null, true] } };
    await Promise.all(Array.from({ length: 12 }, (_, i) =>
      ds.transaction((m) => appendAudit(m, {
        stream, actor: { accountId: '00000000-0000-0000-0000-0000000000ab', role: 'district_reviewer' },
        action: `case.step-${i}`, data: { ...tricky, i }, at: new Date(Date.UTC(2026, 10, 30, 8, 0, i)),
      })),
    ));
    expect(await verifyAudit(ds.manager, stream)).toEqual({ ok: true, rows: 12 });
    const rows: { seq: number; actor_account_id: string; actor_role: string; action: string; data: unknown; at: Date; prev_hash: string; hash: string }[] =
      await ds.query('SELECT seq, actor_account_id, actor_role, action, data, at, prev_hash, hash FROM audit_log WHERE stream = $1 ORDER BY seq', [stream]);
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const r of rows) {
      expect(r.hash).toBe(auditHash({
        stream, seq: r.seq, actorAccountId: r.actor_account_id, actorRole: r.actor_role, action: r.action, data: r.data,
        at: new Date(r.at).toISOString(), prevHash: r.prev_hash,
      }));
    }
  });

  it('allows one open case per enterprise, program and year', async () => {
    const insert = (status: string) =>
      ds.query(
        `INSERT INTO applications (enterprise_id, program_code, program_version_id, year, status, facts, submitted_at)
         VALUES ('00000000-0000-0000-0000-0000000000aa', 'rd-subsidy', gen_random_uuid(), 2024, $1, '{}', now())`,
        [status],
      );
    await insert('refused');
    await insert('acceptance');
    await expect(insert('submitted')).rejects.toThrow(/uq_applications_open/);
  });
});
