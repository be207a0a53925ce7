import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, InputNumber, Progress, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError, formFieldErrors } from '../../api/errors';
import { PROGRAMS } from '../../components/facts-form';
import { useLabels } from '../../components/labels';
import { QueryView } from '../../components/states';
import { toFen, yuan } from '../../format';

export function BudgetsPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const pools = useQuery({ queryKey: ['pools'], queryFn: () => unwrap(api.GET('/api/v1/budget-pools')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.budgetsTitle')}</Typography.Title>}>
      <QueryView query={pools}>
        {(rows) => (
          <Table rowKey="id" dataSource={rows} scroll={{ x: true }} columns={[
            { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
            { title: t('common.year'), dataIndex: 'year' },
            { title: t('field.allocation'), dataIndex: 'allocation', render: (a: string) => t(`choice.${a}`) },
            { title: t('field.totalFen'), dataIndex: 'totalFen', align: 'right', render: (f: number) => yuan(f) },
            { title: t('admin.reserved'), dataIndex: 'reservedFen', align: 'right', render: (f: number, r: Schemas['BudgetPoolDto']) => <>{yuan(f)}<Progress size="small" percent={r.totalFen ? Math.round((f / r.totalFen) * 100) : 0} aria-label={t('admin.reserved')} /></> },
            { title: t('admin.remaining'), dataIndex: 'remainingFen', align: 'right', render: (f: number) => yuan(f) },
            { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag>{s}</Tag> },
            { title: t('common.actions'), render: (_: unknown, r: Schemas['BudgetPoolDto']) => r.status === 'open' && (
              <Button size="small" onClick={async () => {
                try {
                  await unwrap(api.POST('/api/v1/budget-pools/{id}/close', { params: { path: { id: r.id } } }));
                  await client.invalidateQueries({ queryKey: ['pools'] });
                } catch (e) {
                  void message.error(describeError(t, e));
                }
              }}>{t('admin.closePool')}</Button>
            ) },
          ]} />
        )}
      </QueryView>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('admin.createPool')}</Typography.Title>
      <Form form={form} layout="inline" initialValues={{ program: 'innovation-voucher', year: new Date().getFullYear(), allocation: 'first-come' }}
        onFinish={async (v: { program: Schemas['CreateBudgetPoolDto']['program']; year: number; total: number; allocation: 'first-come' | 'pro-rata' }) => {
          try {
            await unwrap(api.POST('/api/v1/budget-pools', { body: { program: v.program, year: v.year, totalFen: toFen(v.total), allocation: v.allocation } }));
            await client.invalidateQueries({ queryKey: ['pools'] });
            form.resetFields();
          } catch (e) {
            form.setFields(formFieldErrors(t, e));
            void message.error(describeError(t, e));
          }
        }}>
        <Form.Item name="program" label={t('common.program')}><Select aria-label={t('common.program')} style={{ width: 200 }} options={PROGRAMS.map((p) => ({ value: p, label: labels.program(p) }))} /></Form.Item>
        <Form.Item name="year" label={t('common.year')}><InputNumber aria-label={t('common.year')} min={2019} /></Form.Item>
        <Form.Item name="total" label={t('field.totalFen') + t('common.paren', { text: t('common.yuan') })} rules={[{ required: true, message: `${t('field.totalFen')}${t('error.fieldMessage.required')}` }]}><InputNumber aria-label={t('field.totalFen')} min={0} /></Form.Item>
        <Form.Item name="allocation" label={t('field.allocation')}><Select aria-label={t('field.allocation')} style={{ width: 140 }} options={['first-come', 'pro-rata'].map((a) => ({ value: a, label: t(`choice.${a}`) }))} /></Form.Item>
        <Button type="primary" htmlType="submit">{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
