import { BUILTIN_PROGRAM_VERSIONS, ProgramVersion } from '@app/domain';
import { verifyAudit } from '@app/persistence';
import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/**
 * Program versions as data over the API: read one, publish a new one without a deploy (administrators only,
 * checked field by field, audited, never overwritten), and the calculator judging its year by it at once.
 */
describe('program versions over the API', () => {
  let sys: TestSystem;
  let server: unknown;
  let asAdmin: string;
  let asEnterprise: string;

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'programs', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer();
    const admin = await createStaff(sys.dataSource, ['administrator']);
    const enterprise = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    asAdmin = await login(server, admin.username);
    asEnterprise = await login(server, enterprise.username);
  });
  afterAll(async () => sys?.stop());

  const api = () => request(server as Parameters<typeof request>[0]);
  const builtin = (program: string, version: string): ProgramVersion =>
    JSON.parse(JSON.stringify(BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === program && v.version === version)));
  const fieldsOf = (body: { fields?: { field: string }[] }) => (body.fields ?? []).map((f) => f.field);

  /** rd-subsidy 2025 with another rate, as a new round starting in `from`. */
  function rdRound(label: string, from: number, rateBp: number): ProgramVersion {
    const v = builtin('rd-subsidy', '2025');
    v.version = label;
    v.years = { from, to: null };
    if (v.calculator.kind !== 'rd-increment') throw new Error('rd-subsidy 2025 is an rd-increment version');
    v.calculator.params.rateBp = rateBp;
    return v;
  }

  const rdFacts = { isTechEnterprise: true, rdExpenseFen: 500_000_000, rdExpensePrevFen: 300_000_000, blacklisted: false };

  it('lists the seeded versions and reads one, publicly; unknown ones are 404', async () => {
    const list = await api().get('/api/v1/programs').expect(200);
    expect(list.body.map((v: { program: string; version: string }) => `${v.program}@${v.version}`).sort()).toEqual(
      BUILTIN_PROGRAM_VERSIONS.map((v) => `${v.program}@${v.version}`).sort(),
    );
    const one = await api().get('/api/v1/programs/rd-subsidy/versions/2019').expect(200);
    const rd2019 = builtin('rd-subsidy', '2019');
    expect(one.body).toMatchObject({ program: 'rd-subsidy', version: '2019', yearFrom: rd2019.years.from, yearTo: rd2019.years.to });
    expect(one.body.definition).toEqual(builtin('rd-subsidy', '2019'));
    await api().get('/api/v1/programs/rd-subsidy/versions/1999').expect(404);
    await api().get('/api/v1/programs/no-such-program/versions/2019').expect(404);
  });

  it('lets only administrators publish', async () => {
    const body = rdRound('2040', 2040, 700);
    await api().post('/api/v1/programs/rd-subsidy/versions').send(body).expect(401);
    await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asEnterprise).send(body).expect(403);
    await api().get('/api/v1/programs/rd-subsidy/versions/2040').expect(404);
  });

  it('refuses a bad definition naming every bad field, and stores nothing', async () => {
    const bad = rdRound('2041', 2041, 20_000) as unknown as Record<string, unknown>;
    (bad.years as Record<string, unknown>).from = 'soon';
    delete bad.name;
    bad.statutoryLimitDays = 0;
    bad.surprise = true;
    const res = await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asAdmin).send(bad).expect(400);
    expect(fieldsOf(res.body)).toEqual(
      expect.arrayContaining(['years.from', 'name', 'statutoryLimitDays', 'calculator.params.rateBp', 'surprise']),
    );

    const elsewhere = rdRound('2042', 2042, 700);
    const mismatch = await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin)
      .send(elsewhere).expect(400);
    expect(fieldsOf(mismatch.body)).toContain('program');

    const label = await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asAdmin)
      .send(rdRound('2043/a b', 2043, 700)).expect(400);
    expect(fieldsOf(label.body)).toEqual(['version']);

    await api().post('/api/v1/programs/no-such-program/versions').set('Authorization', asAdmin).send(rdRound('2044', 2044, 700))
      .expect(404);
    const [{ n }]: { n: string }[] = await sys.dataSource.query(
      "SELECT count(*) AS n FROM program_versions WHERE version IN ('2041', '2042', '2043/a b', '2044')",
    );
    expect(Number(n)).toBe(0);
  });

  it('publishes a new round that the calculator uses for its years at once, audited, and never overwritten', async () => {
    const before2031 = await api().post('/api/v1/calculator').send({ program: 'rd-subsidy', year: 2031, facts: rdFacts }).expect(200);
    expect(before2031.body).toMatchObject({ version: '2025', amountFen: 12_000_000 });

    const created = await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asAdmin)
      .send(rdRound('2031', 2031, 1000)).expect(201);
    expect(created.body).toMatchObject({ program: 'rd-subsidy', version: '2031', yearFrom: 2031, yearTo: null });
    const read = await api().get('/api/v1/programs/rd-subsidy/versions/2031').expect(200);
    expect(read.body.definition).toEqual(rdRound('2031', 2031, 1000));

    const in2031 = await api().post('/api/v1/calculator').send({ program: 'rd-subsidy', year: 2031, facts: rdFacts }).expect(200);
    expect(in2031.body).toMatchObject({ eligible: true, version: '2031', amountFen: 20_000_000 });
    const in2030 = await api().post('/api/v1/calculator').send({ program: 'rd-subsidy', year: 2030, facts: rdFacts }).expect(200);
    expect(in2030.body).toMatchObject({ version: '2025', amountFen: 12_000_000 });

    const audit: { actor_role: string; action: string; data: Record<string, unknown> }[] = await sys.dataSource.query(
      "SELECT actor_role, action, data FROM audit_log WHERE stream = 'program:rd-subsidy' ORDER BY seq",
    );
    expect(audit).toEqual([
      { actor_role: 'administrator', action: 'program-version.added', data: expect.objectContaining({ version: '2031', yearFrom: 2031 }) },
    ]);

    // Immutable: the same label again is a conflict, and the stored rules stay as they were.
    await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asAdmin)
      .send(rdRound('2031', 2032, 300)).expect(409);
    // Two versions starting in the same year would be ambiguous.
    await api().post('/api/v1/programs/rd-subsidy/versions').set('Authorization', asAdmin)
      .send(rdRound('2031b', 2031, 300)).expect(409);
    const again = await api().get('/api/v1/programs/rd-subsidy/versions/2031').expect(200);
    expect(again.body.definition.calculator.params.rateBp).toBe(1000);
    expect(again.body.yearFrom).toBe(2031);
  });

  it('refuses a version that would take over a year that already has cases', async () => {
    await api().post('/api/v1/applications').set('Authorization', asEnterprise)
      .send({ program: 'innovation-voucher', year: 2025, facts: { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false } })
      .expect(201);
    const voucher = (label: string, from: number) => {
      const v = builtin('innovation-voucher', '2024');
      v.version = label;
      v.years = { from, to: null };
      return v;
    };
    const refused = await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin)
      .send(voucher('2025', 2025)).expect(409);
    expect(refused.body.message).toContain('2025');
    await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin)
      .send(voucher('2028', 2028)).expect(201);
  });
  it('judges the very next submission of a year by a version just published for it, with the case written whole', async () => {
    const applicant = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asApplicant = await login(server, applicant.username);
    const facts = { serviceFeesFen: 10_000_000, relatedParty: false, isMaker: false };
    // A submission for the year judged (and refused: no service fees) by the version that held it until now.
    const refused = await api().post('/api/v1/applications').set('Authorization', asApplicant)
      .send({ program: 'innovation-voucher', year: 2026, facts: { relatedParty: false, isMaker: false } }).expect(400);
    expect(fieldsOf(refused.body)).toContain('facts.serviceFeesFen');
    const v = builtin('innovation-voucher', '2024');
    v.version = '2026';
    v.years = { from: 2026, to: null };
    await api().post('/api/v1/programs/innovation-voucher/versions').set('Authorization', asAdmin).send(v).expect(201);
    const [published]: { id: string }[] = await sys.dataSource.query(
      "SELECT id FROM program_versions WHERE program_code = 'innovation-voucher' AND version = '2026'",
    );
    const [earlier]: { id: string }[] = await sys.dataSource.query(
      "SELECT id FROM program_versions WHERE program_code = 'innovation-voucher' AND version = '2024'",
    );

    const in2026 = await api().post('/api/v1/applications').set('Authorization', asApplicant)
      .send({ program: 'innovation-voucher', year: 2026, facts }).expect(201);
    const in2024 = await api().post('/api/v1/applications').set('Authorization', asApplicant)
      .send({ program: 'innovation-voucher', year: 2024, facts }).expect(201);
    const versionOf = async (id: string) =>
      ((await sys.dataSource.query('SELECT program_version_id FROM applications WHERE id = $1', [id])) as { program_version_id: string }[])[0]
        .program_version_id;
    expect(await versionOf(in2026.body.id)).toBe(published.id);
    expect(await versionOf(in2024.body.id)).toBe(earlier.id);

    // The case came with its first transition, its audit stream's first row (a chain that verifies), its job and
    // its enterprise's message (no webhook endpoint is registered: no notifier job).
    const id = in2026.body.id as string;
    const [rows]: { transitions: string; jobs: string[]; messages: string[] }[] = await sys.dataSource.query(
      `SELECT (SELECT count(*) FROM transitions WHERE application_id = $1 AND seq = 1 AND action = 'open') AS transitions,
              (SELECT array_agg(job_name ORDER BY id) FROM outbox WHERE payload->>'applicationId' = $1::text
                 OR payload->>'transitionId' IN (SELECT id::text FROM transitions WHERE application_id = $1)) AS jobs,
              (SELECT array_agg(kind) FROM notifications
                WHERE source_id = (SELECT id::text FROM transitions WHERE application_id = $1 AND seq = 1)) AS messages`,
      [id],
    );
    expect(rows).toEqual({ transitions: '1', jobs: ['screen-application'], messages: ['case.submitted'] });
    expect(await verifyAudit(sys.dataSource.manager, `application:${id}`)).toEqual({ ok: true, rows: 1 });
  });

  it('lists each version with its facts and who supplies each, from which the application form is made', async () => {
    const list = await api().get('/api/v1/programs').expect(200);
    const voucher = list.body.find((v: { program: string; version: string }) => v.program === 'innovation-voucher' && v.version === '2024');
    const byName = Object.fromEntries(voucher.facts.map((f: { name: string }) => [f.name, f]));
    expect(byName.serviceFeesFen).toEqual({ name: 'serviceFeesFen', type: 'fen', source: 'declared' });
    expect(byName.regionCode.source).toBe('profile');
    expect(byName.grantedThisYearFen.source).toBe('system');
    const reward = await api().get('/api/v1/programs/high-tech-reward/versions/2019').expect(200);
    expect(reward.body.facts.find((f: { name: string }) => f.name === 'certificateIssuedOn')).toMatchObject({ type: 'localDate', source: 'declared' });
  });
});
