import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { DeliveryTable } from '../../components/delivery-table';
import { dateTime } from '../../format';

type EmailDelivery = Schemas['EmailDeliveryDto'];

const EMAIL_DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;

/** E-mail notifications: every delivery with its recipient, subject, case and tries; a failed one sent again. */
export function EmailDeliveriesPage() {
  const { t } = useTranslation();
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.emailsTitle')}</Typography.Title>}>
      <Typography.Paragraph type="secondary">{t('admin.emailsNote')}</Typography.Paragraph>
      <DeliveryTable queryKey="email-deliveries" statuses={EMAIL_DELIVERY_STATUSES} replayable="failed"
        fetch={(query) => unwrap(api.GET('/api/v1/email-deliveries', { params: { query } }))}
        replay={(id) => unwrap(api.POST('/api/v1/email-deliveries/{id}/replay', { params: { path: { id } } }))}
        columns={[
          { title: t('admin.recipient'), key: 'recipient', render: (_: unknown, d: EmailDelivery) => (
            <>
              {d.recipient ?? <Typography.Text type="secondary">{t('admin.noAddress')}</Typography.Text>}
              <br />
              <Typography.Text type="secondary">{d.username}</Typography.Text>
            </>
          ) },
          { title: t('admin.subject'), key: 'subject', render: (_: unknown, d: EmailDelivery) => d.subject ?? d.kind ?? '—' },
          { title: t('admin.caseNumber'), dataIndex: 'caseNumber', render: (n: string | null) => n ?? '—' },
          { title: t('admin.sentAt'), dataIndex: 'sentAt', render: (d: string | null) => dateTime(d) },
        ]} />
    </Card>
  );
}
