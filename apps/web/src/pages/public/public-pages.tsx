import { useMutation, useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Result, Select, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { formFieldErrors } from '../../api/errors';
import { FactFields, PROGRAMS, REGIONS, toFacts, versionFor } from '../../components/facts-form';
import { useLabels } from '../../components/labels';
import { ErrorAlert, QueryView } from '../../components/states';
import { RuleTrace } from '../../components/trace';
import { day, yuan } from '../../format';
import { homeOf } from '../../roles';
import { useLogin } from '../../session';

/** Pages anyone may open: register, activate, the calculator and the public notice (公示). */
export default function PublicPages({ page }: { page: 'register' | 'activate' | 'calculator' | 'notices' }) {
  if (page === 'register') return <RegisterPage />;
  if (page === 'activate') return <ActivatePage />;
  if (page === 'calculator') return <CalculatorPage />;
  return <NoticesPage />;
}

function Title({ children }: { children: string }) {
  return <Typography.Title level={1} style={{ fontSize: 22 }}>{children}</Typography.Title>;
}

function RegisterPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const login = useLogin();
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const req = (name: string) => [{ required: true, message: `${t(`field.${name}`)}${t('error.fieldMessage.required')}` }];
  return (
    <Card style={{ maxWidth: 560, margin: '0 auto' }}>
      <Title>{t('auth.registerTitle')}</Title>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ scale: 'below', inHighTechZone: false, regionCode: '350102' }}
        onFinish={async (v: Schemas['RegisterEnterpriseDto']) => {
          setBusy(true);
          setError(null);
          try {
            const body = { ...v, techSmeNo: v.techSmeNo || null, highTechCertNo: v.highTechCertNo || null } as Schemas['RegisterEnterpriseDto'];
            await unwrap(api.POST('/api/v1/enterprises/register', { body }));
            const me = await login(v.creditCode, v.password);
            navigate(homeOf(me));
          } catch (e) {
            setError(e);
            form.setFields(formFieldErrors(t, e));
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item name="creditCode" label={t('field.creditCode')} rules={req('creditCode')}><Input maxLength={18} /></Form.Item>
        <Form.Item name="name" label={t('field.name')} rules={req('name')}><Input /></Form.Item>
        <Form.Item name="regionCode" label={t('field.regionCode')} rules={req('regionCode')}>
          <Select aria-label={t('field.regionCode')} options={REGIONS.map((r) => ({ value: r, label: t(`region.${r}`) }))} />
        </Form.Item>
        <Form.Item name="scale" label={t('field.scale')} rules={req('scale')}>
          <Select aria-label={t('field.scale')} options={['above', 'below'].map((s) => ({ value: s, label: t(`choice.${s}`) }))} />
        </Form.Item>
        <Form.Item name="techSmeNo" label={t('field.techSmeNo')}><Input /></Form.Item>
        <Form.Item name="highTechCertNo" label={t('field.highTechCertNo')}><Input /></Form.Item>
        <Form.Item name="inHighTechZone" label={t('field.inHighTechZone')} valuePropName="checked"><Switch aria-label={t('field.inHighTechZone')} /></Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={req('password')}><Input.Password autoComplete="new-password" /></Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} block>{t('nav.register')}</Button>
      </Form>
    </Card>
  );
}

function ActivatePage() {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const navigate = useNavigate();
  const req = (name: string) => [{ required: true, message: `${t(`field.${name}`)}${t('error.fieldMessage.required')}` }];
  if (done) return <Result status="success" title={t('auth.activated')} extra={<Button type="primary" onClick={() => navigate('/login')}>{t('nav.login')}</Button>} />;
  return (
    <Card style={{ maxWidth: 480, margin: '0 auto' }}>
      <Title>{t('auth.activateTitle')}</Title>
      <Typography.Paragraph type="secondary">{t('auth.activateHint')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        onFinish={async (v: Schemas['ActivateDto']) => {
          setError(null);
          try {
            await unwrap(api.POST('/api/v1/enterprises/activate', { body: v }));
            setDone(true);
          } catch (e) {
            setError(e);
            form.setFields(formFieldErrors(t, e));
          }
        }}
      >
        <Form.Item name="creditCode" label={t('field.creditCode')} rules={req('creditCode')}><Input /></Form.Item>
        <Form.Item name="code" label={t('field.code')} rules={req('code')}><Input /></Form.Item>
        <Form.Item name="password" label={t('field.password')} rules={req('password')}><Input.Password autoComplete="new-password" /></Form.Item>
        <Button type="primary" htmlType="submit" block>{t('nav.activate')}</Button>
      </Form>
    </Card>
  );
}

export function usePrograms() {
  return useQuery({ queryKey: ['programs'], queryFn: () => unwrap(api.GET('/api/v1/programs')), staleTime: 300_000 });
}

function CalculatorPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [form] = Form.useForm();
  const versions = usePrograms();
  const [program, setProgram] = useState<string>('innovation-voucher');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const calc = useMutation({
    mutationFn: (facts: Record<string, unknown>) =>
      unwrap(api.POST('/api/v1/calculator', { body: { program: program as Schemas['CalculationRequestDto']['program'], year, facts: facts as Record<string, never> } })),
    onError: (e) => form.setFields(formFieldErrors(t, e)),
  });
  return (
    <Card>
      <Title>{t('calc.title')}</Title>
      <Typography.Paragraph type="secondary">{t('calc.hint')}</Typography.Paragraph>
      <QueryView query={versions}>
        {(all) => {
          const version = versionFor(all, program, year);
          const fields = (version?.facts ?? []).filter((f) => f.source !== 'system');
          return (
            <Form form={form} layout="vertical" onFinish={(v) => calc.mutate(toFacts(fields, v))} style={{ maxWidth: 560 }}>
              <Form.Item label={t('field.program')}>
                <Select aria-label={t('field.program')} value={program} onChange={(p) => { setProgram(p); calc.reset(); }}
                  options={PROGRAMS.map((p) => ({ value: p, label: labels.program(p) }))} />
              </Form.Item>
              <Form.Item label={t('field.year')}>
                <InputNumber aria-label={t('field.year')} value={year} min={2019} max={2100} onChange={(y) => y && setYear(y)} />
              </Form.Item>
              <FactFields fields={fields} />
              <Button type="primary" htmlType="submit" loading={calc.isPending}>{t('calc.run')}</Button>
            </Form>
          );
        }}
      </QueryView>
      <ErrorAlert error={calc.error} />
      {calc.data && (
        <Card style={{ marginTop: 16 }} title={<h2 style={{ fontSize: 18, margin: 0 }}>{calc.data.eligible ? t('calc.eligible') : t('calc.notEligible')}</h2>}>
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t('common.amount')}><strong data-testid="calc-amount">{yuan(calc.data.amountFen)}</strong></Descriptions.Item>
            <Descriptions.Item label={t('calc.split')}>
              {Object.entries(calc.data.split).map(([k, v]) => `${t(`calc.${k}`)} ${yuan(v as number)}`).join('，') || '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('calc.version')}>{calc.data.version}</Descriptions.Item>
          </Descriptions>
          <Typography.Title level={3} style={{ fontSize: 16 }}>{t('calc.trace')}</Typography.Title>
          <RuleTrace trace={calc.data.trace} />
        </Card>
      )}
    </Card>
  );
}

function NoticesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message } = App.useApp();
  const notices = useQuery({ queryKey: ['notices'], queryFn: () => unwrap(api.GET('/api/v1/notices')) });
  const [objecting, setObjecting] = useState<Schemas['NoticeEntryDto'] | null>(null);
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  return (
    <Card>
      <Title>{t('notices.title')}</Title>
      <Typography.Paragraph type="secondary">{t('notices.hint')}</Typography.Paragraph>
      <QueryView query={notices}>
        {(rows) => (
          <Table
            rowKey="applicationId"
            dataSource={rows}
            locale={{ emptyText: t('notices.empty') }}
            scroll={{ x: true }}
            pagination={{ pageSize: 20 }}
            columns={[
              { title: t('common.enterprise'), dataIndex: 'enterpriseName' },
              { title: t('field.creditCode'), dataIndex: 'creditCode' },
              { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
              { title: t('common.year'), dataIndex: 'year' },
              { title: t('common.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number) => yuan(f) },
              { title: t('notices.endsAt'), dataIndex: 'noticeEndsAt', render: (d: string) => day(d) },
              { title: t('common.actions'), render: (_: unknown, r: Schemas['NoticeEntryDto']) => <Button size="small" onClick={() => { setError(null); form.resetFields(); setObjecting(r); }}>{t('notices.object')}</Button> },
            ]}
          />
        )}
      </QueryView>
      <Modal open={!!objecting} title={`${t('notices.object')}${t('trace.colon')}${objecting?.enterpriseName ?? ''}`} onCancel={() => setObjecting(null)} onOk={() => form.submit()} okText={t('common.submit')} cancelText={t('common.cancel')}>
        <ErrorAlert error={error} />
        <Form
          form={form}
          layout="vertical"
          onFinish={async (v: Schemas['FileObjectionDto']) => {
            try {
              await unwrap(api.POST('/api/v1/notices/{applicationId}/objections', { params: { path: { applicationId: objecting!.applicationId } }, body: v }));
              setObjecting(null);
              void message.success(t('notices.objected'));
            } catch (e) {
              setError(e);
              form.setFields(formFieldErrors(t, e));
            }
          }}
        >
          <Form.Item name="filedBy" label={t('field.filedBy')} rules={[{ required: true, message: `${t('field.filedBy')}${t('error.fieldMessage.required')}` }]}><Input /></Form.Item>
          <Form.Item name="contact" label={t('field.contact')} rules={[{ required: true, message: `${t('field.contact')}${t('error.fieldMessage.required')}` }]}><Input /></Form.Item>
          <Form.Item name="reason" label={t('field.reason')} rules={[{ required: true, message: `${t('field.reason')}${t('error.fieldMessage.required')}` }]}><Input.TextArea rows={4} /></Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
