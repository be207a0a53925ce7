import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, InputNumber, Progress, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, csrfHeaders, toApiError, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { useLabels } from '../../components/labels';
import { QueryView } from '../../components/states';

/** 免申即享 imports: upload a CSV, follow its progress, read its bad rows by line and field. */
export function ImportsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const [program, setProgram] = useState<'rd-subsidy' | 'high-tech-reward'>('rd-subsidy');
  const [year, setYear] = useState(new Date().getFullYear());
  const [file, setFile] = useState<File | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const current = useQuery({
    queryKey: ['import', importId],
    enabled: !!importId,
    queryFn: () => unwrap(api.GET('/api/v1/offers/imports/{id}', { params: { path: { id: importId! } } })),
    refetchInterval: (q) => (q.state.data && ['done', 'failed'].includes(q.state.data.status) ? false : 1000),
  });
  const errors = useQuery({
    queryKey: ['import-errors', importId, current.data?.status],
    enabled: !!importId && current.data?.status === 'done',
    queryFn: () => unwrap(api.GET('/api/v1/offers/imports/{id}/errors', { params: { path: { id: importId! } } })),
  });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.importsTitle')}</Typography.Title>}>
      <Space wrap>
        <Select aria-label={t('common.program')} value={program} onChange={setProgram} style={{ width: 220 }} options={(['rd-subsidy', 'high-tech-reward'] as const).map((p) => ({ value: p, label: labels.program(p) }))} />
        <InputNumber aria-label={t('common.year')} value={year} min={2019} onChange={(y) => y && setYear(y)} />
        <label>{t('field.csv')} <input type="file" accept=".csv,text/csv" onChange={(e) => setFile(e.target.files?.[0] ?? null)} /></label>
        <Button type="primary" disabled={!file} onClick={async () => {
          setError(null);
          const res = await fetch(`/api/v1/offers/imports?program=${program}&year=${year}`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'text/csv', ...csrfHeaders() }, body: await file!.text() });
          if (!res.ok) return setError(await toApiError(res));
          setImportId(((await res.json()) as Schemas['OfferImportDto']).id);
        }}>{t('admin.importFile')}</Button>
      </Space>
      {error ? <Alert type="error" showIcon title={describeError(t, error)} style={{ marginTop: 16 }} /> : null}
      {importId && (
        <QueryView query={current}>
          {(imp) => (
            <div style={{ marginTop: 16 }}>
              <Progress percent={imp.rowsTotal ? Math.round((imp.rowsDone / imp.rowsTotal) * 100) : imp.status === 'done' ? 100 : 0} status={imp.status === 'failed' ? 'exception' : undefined} aria-label={t('admin.progress')} />
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label={t('common.status')}>{imp.status}</Descriptions.Item>
                <Descriptions.Item label="✓">{imp.created}</Descriptions.Item>
                <Descriptions.Item label={t('admin.badRows')}>{imp.bad}</Descriptions.Item>
              </Descriptions>
              {errors.data && errors.data.length > 0 && (
                <Table size="small" rowKey={(r) => `${r.line}-${r.field}`} dataSource={errors.data} columns={[
                  { title: t('admin.line'), dataIndex: 'line' },
                  { title: t('field.facts'), dataIndex: 'field', render: (f: string) => t(`field.${f}`, { defaultValue: f }) },
                  { title: t('field.reason'), dataIndex: 'message' },
                ]} />
              )}
            </div>
          )}
        </QueryView>
      )}
    </Card>
  );
}
