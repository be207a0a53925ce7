import { createEnterprise, createStaff, login, startTestSystem, TestSystem } from '@app/testing';
import request from 'supertest';
import { ApiModule } from '../../apps/api/src/api.module';

/** 申报材料: type checked by content, size limited, scoped like the case, always downloaded as an attachment. */
describe('materials', () => {
  let sys: TestSystem;
  let server: Parameters<typeof request>[0];
  const api = () => request(server);
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n');

  beforeAll(async () => {
    sys = await startTestSystem({ label: 'materials', modules: [ApiModule], consume: [], relay: false });
    server = sys.http.getHttpServer() as Parameters<typeof request>[0];
  });
  afterAll(async () => sys?.stop());

  it('takes documents by their content, keeps them to the case, and hands them out as attachments', async () => {
    const owner = await createEnterprise(sys.dataSource, { regionCode: '350102' });
    const asOwner = await login(server, owner.username);
    const created = await api().post('/api/v1/applications').set('Authorization', asOwner)
      .send({ program: 'innovation-voucher', year: 2024, facts: { serviceFeesFen: 2_000_000, relatedParty: false } }).expect(201);
    const id: string = created.body.id;

    const uploaded = await api().post(`/api/v1/applications/${id}/materials`).set('Authorization', asOwner)
      .field('kind', '技术服务合同').attach('file', pdf, { filename: '../../etc/合同.pdf', contentType: 'application/pdf' }).expect(201);
    expect(uploaded.body).toMatchObject({ kind: '技术服务合同', fileName: '合同.pdf', contentType: 'application/pdf', sizeBytes: pdf.length });

    // A page pretending to be a PDF is refused by its content; a missing file or kind names the field.
    const html = await api().post(`/api/v1/applications/${id}/materials`).set('Authorization', asOwner)
      .field('kind', '发票').attach('file', Buffer.from('<html><script>alert(1)</script></html>'), { filename: 'invoice.pdf', contentType: 'application/pdf' })
      .expect(400);
    expect(html.body.fields).toEqual([{ field: 'file', message: expect.stringContaining('PDF') }]);
    await api().post(`/api/v1/applications/${id}/materials`).set('Authorization', asOwner).field('kind', '发票').expect(400);
    const noKind = await api().post(`/api/v1/applications/${id}/materials`).set('Authorization', asOwner)
      .attach('file', pdf, 'a.pdf').expect(400);
    expect(noKind.body.fields.map((f: { field: string }) => f.field)).toContain('kind');
    await api().post(`/api/v1/applications/${id}/materials`).set('Authorization', asOwner)
      .field('kind', '大文件').attach('file', Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]), 'big.pdf').expect(413);

    const other = await login(server, (await createEnterprise(sys.dataSource)).username);
    await api().get(`/api/v1/applications/${id}/materials`).set('Authorization', other).expect(404);
    await api().get(`/api/v1/materials/${uploaded.body.id}/content`).set('Authorization', other).expect(404);

    const reviewer = await login(server, (await createStaff(sys.dataSource, ['district_reviewer'], '350102')).username);
    const view = await api().get(`/api/v1/applications/${id}`).set('Authorization', reviewer).expect(200);
    expect(view.body.materials.map((m: { id: string }) => m.id)).toEqual([uploaded.body.id]);
    const download = await api().get(`/api/v1/materials/${uploaded.body.id}/content`).set('Authorization', reviewer)
      .buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      }).expect(200);
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.compare(download.body as Buffer, pdf)).toBe(0);
  });
});
