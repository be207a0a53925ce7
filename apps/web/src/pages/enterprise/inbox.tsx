import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { EmptyState, QueryView } from '../../components/states';
import { dateTime } from '../../format';

export function InboxPage() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => unwrap(api.GET('/api/v1/notifications')) });
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('enterprise.inboxTitle')}</Typography.Title>}>
      <QueryView query={inbox}>
        {(rows) =>
          rows.length === 0 ? (
            <EmptyState />
          ) : (
            <List
              dataSource={rows}
              renderItem={(n) => (
                <List.Item
                  actions={n.readAt ? [] : [
                    <Button key="read" size="small" onClick={async () => {
                      await unwrap(api.POST('/api/v1/notifications/{id}/read', { params: { path: { id: n.id } } }));
                      await client.invalidateQueries({ queryKey: ['inbox'] });
                    }}>{t('enterprise.markRead')}</Button>,
                  ]}
                >
                  <List.Item.Meta
                    title={<>{!n.readAt && <Badge status="processing" text={t('enterprise.unread')} />} {n.applicationId ? <Link to={`/enterprise/cases/${n.applicationId}`}>{n.message}</Link> : n.message}</>}
                    description={dateTime(n.createdAt)}
                  />
                </List.Item>
              )}
            />
          )
        }
      </QueryView>
    </Card>
  );
}
