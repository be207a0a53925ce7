import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { useLabels } from '../../components/labels';
import { EmptyState, QueryView } from '../../components/states';
import { yuan } from '../../format';

/** An expert's seats: one scoring form per case, a field per criterion of the version. */
export function ExpertsPage() {
  const { t, i18n } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const seats = useQuery({ queryKey: ['seats'], queryFn: () => unwrap(api.GET('/api/v1/expert-reviews')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('review.expertTitle')}</Typography.Title>}>
      <QueryView query={seats}>
        {(rows: Schemas['ExpertSeatDto'][]) => rows.length === 0 ? <EmptyState /> : (
          <List dataSource={rows} renderItem={(seat) => (
            <List.Item>
              <Card size="small" style={{ width: '100%' }} title={`${labels.program(seat.program)} · ${yuan(seat.amountFen)} · ${t('review.threshold')} ${seat.thresholdScore}`}>
                {seat.submittedAt ? <Typography.Text>{JSON.stringify(seat.scores)}</Typography.Text> : (
                  <Form layout="inline" onFinish={async (v: Record<string, number | string>) => {
                    const { comment, ...scores } = v;
                    try {
                      await unwrap(api.POST('/api/v1/expert-reviews/{id}/scores', { params: { path: { id: seat.id } }, body: { scores: scores as Record<string, never>, ...(comment ? { comment: String(comment) } : {}) } }));
                      void message.success(t('common.done'));
                      await client.invalidateQueries({ queryKey: ['seats'] });
                    } catch (e) {
                      void message.error(describeError(t, e));
                    }
                  }}>
                    {seat.criteria.map((c) => {
                      const name = (i18n.language === 'en' && c.nameEn) || c.nameZh;
                      return (
                        <Form.Item key={c.code} name={c.code} label={name + t('common.paren', { text: `≤${c.maxScore}` })} rules={[{ required: true, message: `${name}${t('error.fieldMessage.required')}` }]}>
                          <InputNumber aria-label={name} min={0} max={c.maxScore} />
                        </Form.Item>
                      );
                    })}
                    <Form.Item name="comment" label={t('field.comment')}><Input /></Form.Item>
                    <Button type="primary" htmlType="submit">{t('review.scoreSubmit')}</Button>
                  </Form>
                )}
              </Card>
            </List.Item>
          )} />
        )}
      </QueryView>
    </Card>
  );
}
