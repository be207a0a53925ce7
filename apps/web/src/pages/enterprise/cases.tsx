import { useQuery } from '@tanstack/react-query';
import { Button, Card, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { StatusTag, useLabels } from '../../components/labels';
import { EmptyState, QueryView } from '../../components/states';
import { day, yuan } from '../../format';

export function CasesPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const cases = useQuery({ queryKey: ['applications'], queryFn: () => unwrap(api.GET('/api/v1/applications', { params: { query: { limit: 100 } } })) });
  return (
    <Card extra={<Link to="/enterprise/apply"><Button type="primary">{t('enterprise.applyNow')}</Button></Link>}
      title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('enterprise.casesTitle')}</Typography.Title>}>
      <QueryView query={cases}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState text={t('enterprise.noCases')} />
          ) : (
            <Table
              rowKey="id"
              dataSource={rows}
              scroll={{ x: true }}
              columns={[
                { title: t('common.program'), dataIndex: 'program', render: (p: string, r: Schemas['ApplicationDto']) => <Link to={`/enterprise/cases/${r.id}`}>{labels.program(p)}</Link> },
                { title: t('common.year'), dataIndex: 'year' },
                { title: t('common.status'), dataIndex: 'status', render: (s: string) => <StatusTag status={s} /> },
                { title: t('common.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number | null) => yuan(f) },
                { title: t('enterprise.promised'), dataIndex: 'dueOn', render: (d: string | null) => day(d) },
              ]}
            />
          )
        }
      </QueryView>
    </Card>
  );
}
