import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { useLabels } from '../../components/labels';
import { ErrorAlert, QueryView } from '../../components/states';
import { dateTime } from '../../format';

/** The auditor's page: the audit log filtered by stream, and the verification of every hash chain. */
export default function AuditPages() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [stream, setStream] = useState('');
  const [applied, setApplied] = useState('');
  const log = useQuery({ queryKey: ['audit', applied], queryFn: () => unwrap(api.GET('/api/v1/audit', { params: { query: { ...(applied ? { stream: applied } : {}), limit: 200 } } })) });
  const verification = useQuery({ queryKey: ['verify'], enabled: false, queryFn: () => unwrap(api.GET('/api/v1/audit/verification')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('audit.title')}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input aria-label={t('audit.stream')} placeholder="application:… / account:… / program:…" value={stream} onChange={(e) => setStream(e.target.value)} style={{ width: 320 }} onPressEnter={() => setApplied(stream.trim())} />
        <Button onClick={() => setApplied(stream.trim())}>{t('common.search')}</Button>
        <Button type="primary" loading={verification.isFetching} onClick={() => void verification.refetch()}>{t('audit.verify')}</Button>
      </Space>
      <ErrorAlert error={verification.error} />
      {verification.data && (
        <Alert style={{ marginBottom: 16 }} showIcon type={verification.data.ok ? 'success' : 'error'}
          title={verification.data.ok ? t('audit.chainOk', { rows: verification.data.rows ?? 0 }) : t('audit.chainBroken', { stream: verification.data.stream, seq: verification.data.seq })} />
      )}
      <QueryView query={log}>
        {(rows) => (
          <Table rowKey={(r) => `${r.stream}-${r.seq}`} size="small" dataSource={rows} scroll={{ x: true }} pagination={{ pageSize: 50 }} columns={[
            { title: t('audit.at'), dataIndex: 'at', render: (d: string) => dateTime(d) },
            { title: t('audit.stream'), dataIndex: 'stream' },
            { title: '#', dataIndex: 'seq' },
            { title: t('audit.action'), dataIndex: 'action' },
            { title: t('audit.actor'), dataIndex: 'actorRole', render: (r: string) => labels.role(r) },
            { title: 'hash', dataIndex: 'hash', render: (h: string) => <code>{h.slice(0, 12)}</code> },
          ]} />
        )}
      </QueryView>
    </Card>
  );
}
