import { Alert, Button, Card, Form, InputNumber, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { formFieldErrors } from '../../api/errors';
import { FactFields, PROGRAMS, toFacts, versionFor } from '../../components/facts-form';
import { useLabels } from '../../components/labels';
import { useMaterialKinds } from '../../components/materials';
import { ErrorAlert, QueryView } from '../../components/states';
import { usePrograms } from '../public/public-pages';

const draftKey = (program: string, year: number) => `sf.draft.${program}.${year}`;

/** The application form, generated from the facts of the program version that judges the year; drafts stay on this device. */
export function ApplyPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const versions = usePrograms();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [program, setProgram] = useState<string>('innovation-voucher');
  const [year, setYear] = useState<number>(new Date().getFullYear());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const kinds = useMaterialKinds(versionFor(versions.data ?? [], program, year)?.definition);
  const idempotencyKey = useMemo(() => crypto.randomUUID(), []);

  useEffect(() => {
    const saved = localStorage.getItem(draftKey(program, year));
    form.resetFields();
    if (saved) form.setFieldsValue(JSON.parse(saved));
  }, [program, year, form]);

  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('enterprise.applyTitle')}</Typography.Title>}>
      <QueryView query={versions}>
        {(all) => {
          const version = versionFor(all, program, year);
          const declared = (version?.facts ?? []).filter((f) => f.source === 'declared');
          const profile = (version?.facts ?? []).filter((f) => f.source === 'profile');
          return (
            <>
              <Alert type="info" showIcon title={t('enterprise.draftKept')} style={{ marginBottom: 16 }} />
              <ErrorAlert error={error} />
              <Form
                form={form}
                layout="vertical"
                style={{ maxWidth: 640 }}
                onValuesChange={(_, all) => localStorage.setItem(draftKey(program, year), JSON.stringify(all))}
                onFinish={async (values) => {
                  setBusy(true);
                  setError(null);
                  try {
                    const created = await unwrap(
                      api.POST('/api/v1/applications', {
                        body: { program: program as Schemas['SubmitApplicationDto']['program'], year, facts: toFacts(declared, values) as Record<string, never> },
                        headers: { 'Idempotency-Key': idempotencyKey },
                      }),
                    );
                    localStorage.removeItem(draftKey(program, year));
                    navigate(`/enterprise/cases/${created.id}`);
                  } catch (e) {
                    setError(e);
                    form.setFields(formFieldErrors(t, e));
                  } finally {
                    setBusy(false);
                  }
                }}
              >
                <Form.Item label={t('enterprise.chooseProgram')}>
                  <Select aria-label={t('enterprise.chooseProgram')} value={program} onChange={setProgram} options={PROGRAMS.map((p) => ({ value: p, label: labels.program(p) }))} />
                </Form.Item>
                <Form.Item label={t('field.year')}>
                  <InputNumber aria-label={t('field.year')} value={year} min={2019} max={2100} onChange={(y) => y && setYear(y)} />
                </Form.Item>
                {profile.length > 0 && (
                  <Typography.Paragraph type="secondary">
                    {t('enterprise.profileFacts')} {profile.map((f) => <Tag key={f.name}>{t(`field.${f.name}`)}</Tag>)}
                  </Typography.Paragraph>
                )}
                <FactFields fields={declared} />
                {kinds.required.length > 0 && (
                  <>
                    <Typography.Title level={2} style={{ fontSize: 16 }}>{t('enterprise.requiredMaterials')}</Typography.Title>
                    <ul>{kinds.required.map((m) => <li key={m}>{kinds.name(m)}</li>)}</ul>
                  </>
                )}
                <Button type="primary" htmlType="submit" loading={busy}>{t('common.submit')}</Button>
              </Form>
            </>
          );
        }}
      </QueryView>
    </Card>
  );
}
