import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Input, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiError, csrfHeaders, toApiError, unwrap } from '../../api/client';
import { describeError, fieldLabel } from '../../api/errors';
import { PROGRAMS } from '../../components/facts-form';
import { useLabels } from '../../components/labels';
import { QueryView } from '../../components/states';
import { day } from '../../format';

/** Program versions: read them, publish a new one from a form (the whole version); errors listed per field. */
export function ProgramsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const versions = useQuery({ queryKey: ['programs'], queryFn: () => unwrap(api.GET('/api/v1/programs')) });
  const [program, setProgram] = useState<string>('innovation-voucher');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.programsTitle')}</Typography.Title>}>
      <QueryView query={versions}>
        {(rows) => (
          <Table rowKey="id" dataSource={rows} scroll={{ x: true }} pagination={false} columns={[
            { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
            { title: t('field.version'), dataIndex: 'version' },
            { title: t('field.yearsFrom'), render: (_: unknown, v) => `${v.yearFrom} – ${v.yearTo ?? ''}` },
            { title: t('common.created'), dataIndex: 'createdAt', render: (d: string) => day(d) },
            { title: t('common.actions'), render: (_: unknown, v) => <Button size="small" onClick={() => { setProgram(v.program); setText(JSON.stringify(v.definition, null, 2)); }}>{t('admin.publish')}</Button> },
          ]} />
        )}
      </QueryView>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('admin.publish')}</Typography.Title>
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Select aria-label={t('common.program')} value={program} onChange={setProgram} style={{ width: 260 }} options={PROGRAMS.map((p) => ({ value: p, label: labels.program(p) }))} />
        <Input.TextArea aria-label={t('field.definition')} rows={14} value={text} onChange={(e) => setText(e.target.value)} style={{ fontFamily: 'monospace' }} />
        {error instanceof ApiError && error.fields.length > 0 ? (
          <Alert type="error" showIcon title={t('error.title')} description={
            <ul data-testid="version-errors">{error.fields.map((f) => <li key={f.field}><code>{f.field}</code>{t('common.paren', { text: fieldLabel(t, f.field) })}{t('trace.colon')}{f.message}</li>)}</ul>
          } />
        ) : error ? <Alert type="error" showIcon title={describeError(t, error)} /> : null}
        <Button type="primary" onClick={async () => {
          setError(null);
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            setError(new ApiError(400, 'validation', [{ field: 'definition', message: 'JSON' }], 'JSON'));
            return;
          }
          const res = await fetch(`/api/v1/programs/${program}/versions`, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', ...csrfHeaders() }, body: JSON.stringify(body) });
          if (!res.ok) {
            setError(await toApiError(res));
            return;
          }
          void message.success(t('admin.published'));
          await client.invalidateQueries({ queryKey: ['programs'] });
        }}>{t('admin.publish')}</Button>
      </Space>
    </Card>
  );
}
