import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { QueryView } from '../../components/states';
import { dateTime } from '../../format';

/** Objections filed during 公示: uphold or dismiss each with a reason. */
export function ObjectionsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const objections = useQuery({ queryKey: ['objections'], queryFn: () => unwrap(api.GET('/api/v1/objections')) });
  const resolve = async (o: Schemas['ObjectionDto'], upheld: boolean) => {
    try {
      await unwrap(api.POST('/api/v1/objections/{id}/resolution', { params: { path: { id: o.id } }, body: { upheld, reason: reasons[o.id] ?? '' } }));
      void message.success(t('common.done'));
      await client.invalidateQueries({ queryKey: ['objections'] });
    } catch (e) {
      void message.error(describeError(t, e));
    }
  };
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('review.objectionTitle')}</Typography.Title>}>
      <QueryView query={objections}>
        {(rows) => (
          <Table rowKey="id" dataSource={rows} scroll={{ x: true }} columns={[
            { title: t('field.filedBy'), dataIndex: 'filedBy' },
            { title: t('field.reason'), dataIndex: 'reason' },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
            { title: t('common.created'), dataIndex: 'createdAt', render: (d: string) => dateTime(d) },
            {
              title: t('common.actions'),
              render: (_: unknown, o: Schemas['ObjectionDto']) => o.status !== 'open' ? o.resolution : (
                <Space wrap>
                  <Input aria-label={t('field.reason')} placeholder={t('field.reason')} value={reasons[o.id] ?? ''} onChange={(e) => setReasons({ ...reasons, [o.id]: e.target.value })} />
                  <Button size="small" danger onClick={() => resolve(o, true)}>{t('review.uphold')}</Button>
                  <Button size="small" onClick={() => resolve(o, false)}>{t('review.dismiss')}</Button>
                </Space>
              ),
            },
          ]} />
        )}
      </QueryView>
    </Card>
  );
}
