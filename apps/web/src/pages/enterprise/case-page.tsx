import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Rate, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { formFieldErrors } from '../../api/errors';
import { CaseSummary, CaseTimeline, supplementItems } from '../../components/case-parts';
import { MaterialList, MaterialUpload, useMaterialKinds } from '../../components/materials';
import { ErrorAlert, QueryView } from '../../components/states';
import { RuleTrace } from '../../components/trace';
import { day } from '../../format';

const H2 = ({ children }: { children: string }) => <Typography.Title level={2} style={{ fontSize: 18 }}>{children}</Typography.Title>;

export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>(null);
  const query = useQuery({
    queryKey: ['application', id],
    queryFn: () => unwrap(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
    // Screening runs in the background: look again while the case is just submitted.
    refetchInterval: (q) => (q.state.data?.status === 'submitted' ? 1000 : false),
  });
  const version = useQuery({
    queryKey: ['version', query.data?.program, query.data?.programVersion],
    enabled: !!query.data,
    queryFn: () => unwrap(api.GET('/api/v1/programs/{program}/versions/{version}', { params: { path: { program: query.data!.program, version: query.data!.programVersion } } })),
  });
  const kinds = useMaterialKinds(version.data?.definition);
  const reload = () => client.invalidateQueries({ queryKey: ['application', id] });
  const act = async (fn: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await fn();
      void message.success(done);
      await reload();
    } catch (e) {
      setError(e);
      form.setFields(formFieldErrors(t, e));
    }
  };
  return (
    <QueryView query={query}>
      {(c) => {
        const items = c.status === 'supplement' ? supplementItems(c) : null;
        const takesMaterials = !['approved', 'paid', 'refused', 'withdrawn', 'declined', 'lapsed', 'public_notice'].includes(c.status);
        return (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Typography.Title level={1} style={{ fontSize: 22 }}>{t('enterprise.caseNo')} {c.caseNumber}</Typography.Title>
            <ErrorAlert error={error} />
            <CaseSummary c={c} />
            {c.status === 'awaiting_confirmation' && (
              <Card title={<H2>{t('enterprise.offerTitle')}</H2>}>
                <Typography.Paragraph>{t('enterprise.offerHint', { date: day(c.currentStage?.endsAt ?? c.currentStage?.dueOn) })}</Typography.Paragraph>
                <Space>
                  <Button type="primary" onClick={() => act(() => unwrap(api.POST('/api/v1/applications/{id}/confirm', { params: { path: { id } }, body: { version: c.version } })), t('common.done'))}>{t('enterprise.confirm')}</Button>
                  <Button danger onClick={() => act(() => unwrap(api.POST('/api/v1/applications/{id}/decline', { params: { path: { id } }, body: { version: c.version } })), t('common.done'))}>{t('enterprise.decline')}</Button>
                </Space>
              </Card>
            )}
            {c.status === 'supplement' && (
              <Card title={<H2>{t('enterprise.supplementTitle')}</H2>}>
                <Alert type="warning" showIcon title={t('enterprise.supplementDue', { date: day(c.currentStage?.endsAt) })} style={{ marginBottom: 12 }} />
                {items?.reason && <Typography.Paragraph>{items.reason}</Typography.Paragraph>}
                <ol data-testid="supplement-items">{items?.items.map((i) => <li key={i}>{kinds.name(i)}</li>)}</ol>
                <Form form={form} layout="vertical" onFinish={(v: { note: string }) => act(() => unwrap(api.POST('/api/v1/applications/{id}/supplement', { params: { path: { id } }, body: { version: c.version, note: v.note } })), t('enterprise.answered'))}>
                  <Form.Item name="note" label={t('enterprise.answerNote')} rules={[{ required: true, message: `${t('field.note')}${t('error.fieldMessage.required')}` }]}>
                    <Input.TextArea rows={3} />
                  </Form.Item>
                  <Button type="primary" htmlType="submit">{t('enterprise.answer')}</Button>
                </Form>
              </Card>
            )}
            <Card title={<H2>{t('enterprise.materials')}</H2>}>
              {kinds.required.length > 0 && <Typography.Paragraph type="secondary">{t('enterprise.requiredMaterials')}{t('trace.colon')}{kinds.required.map(kinds.name).join(t('trace.listSeparator'))}</Typography.Paragraph>}
              <MaterialList materials={c.materials ?? []} kinds={kinds} />
              {takesMaterials && kinds.required.length > 0 && <MaterialUpload applicationId={c.id} kinds={kinds} onUploaded={() => void reload()} />}
            </Card>
            {c.trace && (
              <Card title={<H2>{t('enterprise.trace')}</H2>}>
                <RuleTrace trace={c.trace} />
              </Card>
            )}
            <Card title={<H2>{t('enterprise.timeline')}</H2>}>
              <CaseTimeline c={c} />
            </Card>
            {['approved', 'paid', 'refused'].includes(c.status) && <RatingCard id={c.id} />}
          </Space>
        );
      }}
    </QueryView>
  );
}

/** 好差评: rate the concluded case once; the rating given is read back from the API (so it shows after a reload). */
function RatingCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [score, setScore] = useState(5);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const rating = useQuery({ queryKey: ['rating', id], queryFn: () => unwrap(api.GET('/api/v1/applications/{id}/rating', { params: { path: { id } } })) });
  return (
    <Card title={<H2>{t('enterprise.ratingTitle')}</H2>}>
      <ErrorAlert error={error} />
      <QueryView query={rating}>
        {({ rating: rated }) => rated ? (
          <Typography.Paragraph data-testid="rating-given">
            {t('enterprise.rated')}{t('trace.colon')}<Rate disabled value={rated.score} aria-label={t('enterprise.ratedScore', { n: rated.score })} /> {rated.comment}
          </Typography.Paragraph>
        ) : (
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Rate value={score} onChange={setScore} aria-label={t('field.score')} />
            <Input.TextArea aria-label={t('field.comment')} value={comment} onChange={(e) => setComment(e.target.value)} rows={2} />
            <Button onClick={async () => {
              try {
                const r = await unwrap(api.POST('/api/v1/applications/{id}/rating', { params: { path: { id } }, body: { score, ...(comment ? { comment } : {}) } }));
                client.setQueryData(['rating', id], { rating: r });
              } catch (e) {
                setError(e);
              }
            }}>{t('enterprise.rate')}</Button>
          </Space>
        )}
      </QueryView>
    </Card>
  );
}
