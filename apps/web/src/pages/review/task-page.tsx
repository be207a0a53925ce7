import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Checkbox, Col, Form, Input, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { describeError, formFieldErrors } from '../../api/errors';
import { CaseSummary, CaseTimeline } from '../../components/case-parts';
import { SlaTag, useLabels } from '../../components/labels';
import { MaterialList, useMaterialKinds } from '../../components/materials';
import { ErrorAlert, QueryView } from '../../components/states';
import { RuleTrace } from '../../components/trace';
import { day, yuan } from '../../format';

const H2 = ({ children }: { children: string }) => <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{children}</Typography.Title>;

/** One task: the case's facts (declared vs verified), materials, the rule trace, the clock and history; claim and decide. */
export function TaskPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const labels = useLabels();
  const navigate = useNavigate();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const decision = Form.useWatch('decision', form);
  const task = useQuery({ queryKey: ['task', id], queryFn: () => unwrap(api.GET('/api/v1/tasks/{id}', { params: { path: { id } } })) });
  const app = useQuery({
    queryKey: ['application', task.data?.applicationId],
    enabled: !!task.data,
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}', { params: { path: { id: task.data!.applicationId } } })),
  });
  const version = useQuery({
    queryKey: ['version', app.data?.program, app.data?.programVersion],
    enabled: !!app.data,
    queryFn: () => unwrap(api.GET('/api/v1/programs/{program}/versions/{version}', { params: { path: { program: app.data!.program, version: app.data!.programVersion } } })),
  });
  const kinds = useMaterialKinds(version.data?.definition);
  const reload = () => Promise.all([client.invalidateQueries({ queryKey: ['task', id] }), client.invalidateQueries({ queryKey: ['tasks'] })]);
  return (
    <QueryView query={task}>
      {(tk) => (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Title level={1} style={{ fontSize: 22 }}>
            {tk.enterpriseName} · {labels.stage(tk.stage)} {tk.colour && <SlaTag level={tk.colour} remainingDays={tk.workingDaysLeft} />}
          </Typography.Title>
          <ErrorAlert error={error} />
          <QueryView query={app}>
            {(c) => {
              const schema = version.data?.facts ?? [];
              return (
                <>
                  <CaseSummary c={c} />
                  <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
                    <Col xs={24} lg={12}>
                      <Card title={<H2>{t('review.facts')}</H2>}>
                        <Table size="small" pagination={false} rowKey="name"
                          dataSource={Object.entries(c.facts as Record<string, unknown>).map(([name, value]) => ({ name, value, source: schema.find((f) => f.name === name) }))}
                          columns={[
                            { title: t('review.factName'), dataIndex: 'name', render: (n: string) => t(`field.${n}`, { defaultValue: n }) },
                            { title: t('review.factValue'), dataIndex: 'value', render: (v: unknown, r) => (r.source?.type === 'fen' ? yuan(v as number) : typeof v === 'boolean' ? (v ? t('common.yes') : t('common.no')) : r.name === 'regionCode' ? labels.region(String(v)) : t(`choice.${String(v)}`, { defaultValue: String(v) })) },
                            { title: t('review.factSource'), dataIndex: 'source', render: (s) => (s ? <Tag color={s.source === 'declared' ? 'blue' : 'green'}>{s.source === 'declared' ? t('review.declared') : t('review.verified')}</Tag> : null) },
                          ]} />
                      </Card>
                    </Col>
                    <Col xs={24} lg={12}>
                      <Card title={<H2>{t('enterprise.trace')}</H2>}><RuleTrace trace={c.trace} /></Card>
                    </Col>
                    <Col xs={24} lg={12}>
                      <Card title={<H2>{t('review.materials')}</H2>}><MaterialList materials={c.materials ?? []} kinds={kinds} /></Card>
                    </Col>
                    <Col xs={24} lg={12}>
                      <Card title={<H2>{t('review.history')}</H2>}><CaseTimeline c={c} /></Card>
                    </Col>
                  </Row>
                  {(c.unverifiedFacts.length > 0 || (c.materialsMissing ?? []).length > 0) && (
                    // Acceptance approves only a complete case: every required material in, every declared fact verified.
                    <Card title={<H2>{t('review.unverified')}</H2>} style={{ marginTop: 16 }}>
                      {(c.materialsMissing ?? []).length > 0 && (
                        <Typography.Paragraph>{t('review.materialsMissing')}{t('trace.colon')}{(c.materialsMissing ?? []).map(kinds.name).join(t('trace.listSeparator'))}</Typography.Paragraph>
                      )}
                      {c.unverifiedFacts.length > 0 && (
                        <Space wrap>
                          {c.unverifiedFacts.map((f) => <Tag key={f} color="blue">{t(`field.${f}`, { defaultValue: f })}</Tag>)}
                          {tk.status === 'claimed' && tk.stage === 'acceptance' && (
                            <Button onClick={async () => {
                              setError(null);
                              try {
                                await unwrap(api.POST('/api/v1/applications/{id}/fact-verifications', { params: { path: { id: c.id } }, body: { facts: c.unverifiedFacts } }));
                                void message.success(t('review.factsVerified'));
                                await client.invalidateQueries({ queryKey: ['application', c.id] });
                              } catch (e) {
                                setError(e);
                              }
                            }}>{t('review.verifyFacts')}</Button>
                          )}
                        </Space>
                      )}
                    </Card>
                  )}
                  <Card title={<H2>{t('review.decide')}</H2>} style={{ marginTop: 16 }}>
                    {tk.status === 'open' ? (
                      <Button type="primary" onClick={async () => {
                        try {
                          await unwrap(api.POST('/api/v1/tasks/{id}/claim', { params: { path: { id } }, body: { version: tk.version } }));
                          await reload();
                        } catch (e) {
                          setError(e);
                        }
                      }}>{t('review.claim')}</Button>
                    ) : tk.status === 'claimed' ? (
                      <Form form={form} layout="vertical" initialValues={{ decision: 'approve', missingItems: [] }} style={{ maxWidth: 640 }}
                        onFinish={async (v: { decision: 'approve' | 'return' | 'refuse'; reason: string; missingItems: string[]; extra?: string }) => {
                          setError(null);
                          const missing = [...(v.missingItems ?? []), ...(v.extra ? v.extra.split('\n').map((s) => s.trim()).filter(Boolean) : [])];
                          try {
                            await unwrap(api.POST('/api/v1/tasks/{id}/decision', { params: { path: { id } }, body: { version: tk.version, decision: v.decision, reason: v.reason, ...(v.decision === 'return' ? { missingItems: missing } : {}) } }));
                            void message.success(t('review.decided'));
                            await reload();
                            navigate('/review');
                          } catch (e) {
                            setError(e);
                            form.setFields(formFieldErrors(t, e));
                            void message.error(describeError(t, e));
                          }
                        }}>
                        <Form.Item name="decision" label={t('review.decide')}>
                          <Radio.Group aria-label={t('review.decide')} options={[{ value: 'approve', label: t('review.approve') }, { value: 'return', label: t('review.return') }, { value: 'refuse', label: t('review.refuse') }]} />
                        </Form.Item>
                        {decision === 'return' && (
                          <>
                            <Form.Item name="missingItems" label={t('review.checklist')}>
                              <Checkbox.Group options={kinds.required.map((m) => ({ value: m, label: kinds.name(m) }))} style={{ display: 'flex', flexDirection: 'column' }} />
                            </Form.Item>
                            <Form.Item name="extra" label={t('field.missingItems')}>
                              <Input.TextArea rows={2} />
                            </Form.Item>
                          </>
                        )}
                        <Form.Item name="reason" label={t('field.reason')} rules={[{ required: true, min: 2, message: t('review.reasonRequired') }]}>
                          <Input.TextArea rows={3} />
                        </Form.Item>
                        <Button type="primary" htmlType="submit">{t('common.submit')}</Button>
                      </Form>
                    ) : (
                      <Typography.Text>{labels.stage(tk.status)}</Typography.Text>
                    )}
                    <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>{t('enterprise.stageDue')}{t('trace.colon')}{day(tk.dueOn)}</Typography.Paragraph>
                  </Card>
                </>
              );
            }}
          </QueryView>
        </Space>
      )}
    </QueryView>
  );
}
