import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { describeError, formFieldErrors } from '../../api/errors';
import { DeliveryTable } from '../../components/delivery-table';
import { QueryView } from '../../components/states';
import { dateTime } from '../../format';

const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'dead', 'cancelled'] as const;

/** Webhooks: the endpoints, their deliveries (and a replay), a new endpoint with its secret shown once. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [secret, setSecret] = useState<string | null>(null);
  const hooks = useQuery({ queryKey: ['webhooks'], queryFn: () => unwrap(api.GET('/api/v1/webhooks')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.webhooksTitle')}</Typography.Title>}>
      <QueryView query={hooks}>
        {(rows) => <Table rowKey="id" dataSource={rows} pagination={false} scroll={{ x: true }} columns={[
          { title: t('field.url'), dataIndex: 'url' },
          { title: t('field.events'), dataIndex: 'events', render: (e: string[]) => e.map((x) => <Tag key={x}>{x}</Tag>) },
          { title: t('common.created'), dataIndex: 'createdAt', render: (d: string) => dateTime(d) },
        ]} />}
      </QueryView>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('admin.addWebhook')}</Typography.Title>
      {secret && <Alert type="success" showIcon title={t('admin.secret')} description={<code>{secret}</code>} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="inline" initialValues={{ events: ['*'] }} onFinish={async (v: { url: string; events: string[] }) => {
        try {
          const created = await unwrap(api.POST('/api/v1/webhooks', { body: v }));
          setSecret(created.secret);
          form.resetFields();
          await client.invalidateQueries({ queryKey: ['webhooks'] });
        } catch (e) {
          form.setFields(formFieldErrors(t, e));
          void message.error(describeError(t, e));
        }
      }}>
        <Form.Item name="url" label={t('field.url')} rules={[{ required: true, message: `${t('field.url')}${t('error.fieldMessage.required')}` }]}><Input style={{ width: 320 }} /></Form.Item>
        <Form.Item name="events" label={t('field.events')}><Select aria-label={t('field.events')} mode="tags" style={{ width: 240 }} /></Form.Item>
        <Button type="primary" htmlType="submit">{t('common.save')}</Button>
      </Form>
      <Typography.Title level={2} style={{ fontSize: 18, marginTop: 16 }}>{t('admin.deliveries')}</Typography.Title>
      <DeliveryTable queryKey="deliveries" statuses={WEBHOOK_DELIVERY_STATUSES} replayable="dead"
        fetch={(query) => unwrap(api.GET('/api/v1/webhooks/deliveries', { params: { query } }))}
        replay={(id) => unwrap(api.POST('/api/v1/webhooks/deliveries/{id}/replay', { params: { path: { id } } }))}
        columns={[{ title: t('field.events'), dataIndex: 'event' }]} />
    </Card>
  );
}
