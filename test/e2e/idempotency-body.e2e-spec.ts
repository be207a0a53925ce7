import { createEnterprise, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** The IETF Idempotency-Key draft: a key reused with a different body is a 422, never the first answer. */
describe('idempotency keys and request bodies', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const voucher = { program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 4_000_000, relatedParty: false } };

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'idem_body', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('answers a retry with its case, and refuses the same key with another body (422), naming the header', async () => {
    const e = await createEnterprise(sys.dataSource);
    const auth = await login(server, e.username);
    const post = (body: object) => api().post('/api/v1/applications').set('Authorization', auth).set('Idempotency-Key', 'same-key-0001').send(body);
    const first = await post(voucher).expect(201);
    // The same request again, with its keys in another order: the same case.
    const again = await post({ facts: { relatedParty: false, serviceFeesFen: 4_000_000 }, year: 2024, program: 'innovation-voucher' }).expect(200);
    expect(again.body.id).toBe(first.body.id);

    const changed = await post({ ...voucher, facts: { ...voucher.facts, serviceFeesFen: 9_000_000 } }).expect(422);
    expect(changed.body.fields).toEqual([{ field: 'Idempotency-Key', message: expect.stringContaining('different request') }]);
    expect(changed.body).not.toHaveProperty('id');
    const otherYear = await post({ ...voucher, year: 2023 }).expect(422);
    expect(otherYear.body.fields[0].field).toBe('Idempotency-Key');
    const [row]: { facts: { serviceFeesFen: number } }[] = await sys.dataSource.query(
      'SELECT facts FROM applications WHERE id = $1', [first.body.id],
    );
    expect(row.facts.serviceFeesFen).toBe(4_000_000);
  });
});
