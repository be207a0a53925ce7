import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { QueryView } from '../../components/states';
import { yuan } from '../../format';

/** Payment batches: build one from every approved, unpaid case; export an approved one for the treasury. */
export function DisbursementsPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const batches = useQuery({ queryKey: ['batches'], queryFn: () => unwrap(api.GET('/api/v1/disbursements/batches')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.disbursementsTitle')}</Typography.Title>}
      extra={<Button type="primary" onClick={async () => {
        try {
          await unwrap(api.POST('/api/v1/disbursements/batches', { body: {} }));
          await client.invalidateQueries({ queryKey: ['batches'] });
        } catch (e) {
          void message.error(describeError(t, e));
        }
      }}>{t('admin.buildBatch')}</Button>}>
      <QueryView query={batches}>
        {(rows) => (
          <Table rowKey="id" dataSource={rows} scroll={{ x: true }} columns={[
            { title: 'ID', dataIndex: 'id', render: (id: string) => id.slice(0, 8) },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
            { title: t('field.totalFen'), dataIndex: 'totalFen', align: 'right', render: (f: number) => yuan(f) },
            { title: t('field.applicationIds'), dataIndex: 'payments', render: (p: Schemas['DisbursementDto'][]) => `${p.filter((x) => x.status === 'paid').length} / ${p.length}` },
            { title: t('common.actions'), render: (_: unknown, b: Schemas['BatchDto']) => b.status !== 'draft' && <a href={`/api/v1/disbursements/batches/${b.id}/export.csv`} download>{t('common.export')}</a> },
          ]} />
        )}
      </QueryView>
    </Card>
  );
}
