import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { describeError } from '../../api/errors';
import { BatchTable } from '../../components/batch-table';
import { QueryView } from '../../components/states';

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
          <BatchTable rows={rows} action={(b) => b.status !== 'draft' && <a href={`/api/v1/disbursements/batches/${b.id}/export.csv`} download>{t('common.export')}</a>} />
        )}
      </QueryView>
    </Card>
  );
}
