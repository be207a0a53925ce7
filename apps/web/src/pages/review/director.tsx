import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { BatchTable } from '../../components/batch-table';
import { SlaTag, useLabels } from '../../components/labels';
import { QueryView } from '../../components/states';
import { yuan } from '../../format';

/** The director's desk: second approvals, reassigning work, payment batch approval. */
export function DirectorPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [assignees, setAssignees] = useState<Record<string, string>>({});
  const tasks = useQuery({ queryKey: ['tasks', 'director'], queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query: { limit: 200 } } })) });
  const batches = useQuery({ queryKey: ['batches'], queryFn: () => unwrap(api.GET('/api/v1/disbursements/batches')) });
  const run = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      void message.success(t('common.done'));
    } catch (e) {
      void message.error(describeError(t, e));
    }
    await client.invalidateQueries();
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('review.directorTitle')}</Typography.Title>}>
        <QueryView query={tasks}>
          {(rows) => (
            <Table rowKey="id" dataSource={rows} scroll={{ x: true }} columns={[
              { title: t('common.enterprise'), dataIndex: 'enterpriseName', render: (n: string, r: Schemas['TaskDto']) => <Link to={`/review/tasks/${r.id}`}>{n}</Link> },
              { title: t('common.stage'), dataIndex: 'stage', render: (s: string, r: Schemas['TaskDto']) => <>{labels.stage(s)} {r.kind === 'director' && <Tag color="purple">{t('review.directorTitle')}</Tag>}</> },
              { title: t('common.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number | null) => yuan(f) },
              { title: t('enterprise.stageDue'), dataIndex: 'dueOn', render: (_: unknown, r: Schemas['TaskDto']) => (r.colour ? <SlaTag level={r.colour} remainingDays={r.workingDaysLeft} /> : '—') },
              {
                title: t('review.reassign'),
                render: (_: unknown, r: Schemas['TaskDto']) => (
                  <Space>
                    <Input aria-label={t('review.assignee')} placeholder={t('review.assignee')} value={assignees[r.id] ?? ''} onChange={(e) => setAssignees({ ...assignees, [r.id]: e.target.value })} />
                    <Button size="small" onClick={() => run(() => unwrap(api.POST('/api/v1/tasks/{id}/assign', { params: { path: { id: r.id } }, body: { version: r.version, assigneeId: assignees[r.id] ?? '' } })))}>{t('review.reassign')}</Button>
                  </Space>
                ),
              },
            ]} />
          )}
        </QueryView>
      </Card>
      <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('review.batchesTitle')}</Typography.Title>}>
        <QueryView query={batches}>
          {(rows) => (
            <BatchTable rows={rows} action={(b) => b.status === 'draft' ? <Button size="small" type="primary" onClick={() => run(() => unwrap(api.POST('/api/v1/disbursements/batches/{id}/approve', { params: { path: { id: b.id } } })))}>{t('review.approveBatch')}</Button> : null} />
          )}
        </QueryView>
      </Card>
    </Space>
  );
}
