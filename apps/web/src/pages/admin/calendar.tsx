import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError, formFieldErrors } from '../../api/errors';
import { QueryView } from '../../components/states';
import { day, dateTime } from '../../format';

export function CalendarPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const overrides = useQuery({ queryKey: ['overrides'], queryFn: () => unwrap(api.GET('/api/v1/calendar/overrides')) });
  const reload = () => client.invalidateQueries({ queryKey: ['overrides'] });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.calendarTitle')}</Typography.Title>}>
      <QueryView query={overrides}>
        {(rows) => (
          <Table rowKey="date" dataSource={rows} scroll={{ x: true }} columns={[
            { title: t('field.date'), dataIndex: 'date', render: (d: string) => day(d) },
            { title: t('field.kind'), dataIndex: 'kind', render: (k: string) => t(`choice.${k}`) },
            { title: t('field.reason'), dataIndex: 'reason' },
            { title: t('common.created'), dataIndex: 'updatedAt', render: (d: string) => dateTime(d) },
            { title: t('common.actions'), render: (_: unknown, o: Schemas['CalendarOverrideDto']) => <Button size="small" danger onClick={async () => {
              try {
                await unwrap(api.DELETE('/api/v1/calendar/overrides/{date}', { params: { path: { date: o.date } } }));
                await reload();
              } catch (e) {
                void message.error(describeError(t, e));
              }
            }}>{t('common.cancel')}</Button> },
          ]} />
        )}
      </QueryView>
      <Typography.Title level={2} style={{ fontSize: 18 }}>{t('admin.addOverride')}</Typography.Title>
      <Form form={form} layout="inline" initialValues={{ kind: 'holiday' }} onFinish={async (v: Schemas['CalendarOverrideInput']) => {
        try {
          await unwrap(api.POST('/api/v1/calendar/overrides', { body: v }));
          form.resetFields();
          await reload();
        } catch (e) {
          form.setFields(formFieldErrors(t, e));
          void message.error(describeError(t, e));
        }
      }}>
        <Form.Item name="date" label={t('field.date')} rules={[{ required: true, message: `${t('field.date')}${t('error.fieldMessage.required')}` }]}><Input type="date" /></Form.Item>
        <Form.Item name="kind" label={t('field.kind')}><Select aria-label={t('field.kind')} style={{ width: 120 }} options={['holiday', 'workday'].map((k) => ({ value: k, label: t(`choice.${k}`) }))} /></Form.Item>
        <Form.Item name="reason" label={t('field.reason')} rules={[{ required: true, message: `${t('field.reason')}${t('error.fieldMessage.required')}` }]}><Input /></Form.Item>
        <Button type="primary" htmlType="submit">{t('common.save')}</Button>
      </Form>
    </Card>
  );
}
