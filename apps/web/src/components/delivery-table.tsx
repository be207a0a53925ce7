import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Select, Space, Table, Tag, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';
import { dateTime } from '../format';
import { QueryView } from './states';

/** What every delivery (a webhook's, an e-mail's) says of itself. */
interface Delivery {
  id: string;
  status: string;
  attempts: number;
  lastError: string | null;
  lastAttemptAt: string | null;
  createdAt: string;
}

const PAGE = 50;
const COLOURS: Record<string, string> = { delivered: 'green', sent: 'green', dead: 'red', failed: 'red', pending: 'blue', sending: 'blue' };

/**
 * Deliveries, newest first, a page at a time and by status: the columns of their own kind first, then the status,
 * the tries, the last error and when, and a replay for one that gave up (the `replayable` status). The webhook and
 * e-mail pages pass how to fetch and replay theirs.
 */
export function DeliveryTable<S extends string, T extends Delivery>({ queryKey, statuses, replayable, fetch, replay, columns }: {
  queryKey: string;
  statuses: readonly S[];
  replayable: S;
  fetch: (query: { status?: S; limit: number; offset: number }) => Promise<T[]>;
  replay: (id: string) => Promise<unknown>;
  columns: TableColumnsType<T>;
}) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const { message } = App.useApp();
  const [status, setStatus] = useState<S | undefined>(undefined);
  const [offset, setOffset] = useState(0);
  const [replaying, setReplaying] = useState<string | null>(null);
  const rows = useQuery({
    queryKey: [queryKey, status ?? 'all', offset],
    queryFn: () => fetch({ ...(status ? { status } : {}), limit: PAGE, offset }),
    placeholderData: keepPreviousData,
  });
  const again = async (id: string) => {
    setReplaying(id);
    try {
      await replay(id);
      void message.success(t('admin.replayed'));
      await client.invalidateQueries({ queryKey: [queryKey] });
    } catch (e) {
      void message.error(describeError(t, e));
    } finally {
      setReplaying(null);
    }
  };
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<S | 'all'> aria-label={t('common.status')} style={{ width: 160 }} value={status ?? 'all'}
          onChange={(v) => { setStatus(v === 'all' ? undefined : v); setOffset(0); }}
          options={[{ value: 'all', label: t('common.all') }, ...statuses.map((s) => ({ value: s, label: t(`deliveryStatus.${s}`, { defaultValue: s }) }))]} />
      </Space>
      <QueryView query={rows}>
        {(page) => (
          <>
            <Table<T> rowKey="id" size="small" dataSource={page} pagination={false} scroll={{ x: true }} columns={[
              ...columns,
              { title: t('common.status'), dataIndex: 'status', render: (s: string) => <Tag color={COLOURS[s]}>{t(`deliveryStatus.${s}`, { defaultValue: s })}</Tag> },
              { title: t('admin.attempts'), dataIndex: 'attempts', align: 'right' },
              { title: t('admin.lastError'), dataIndex: 'lastError', render: (e: string | null) => e ?? '—' },
              { title: t('admin.lastAttempt'), dataIndex: 'lastAttemptAt', render: (d: string | null) => dateTime(d) },
              { title: t('common.created'), dataIndex: 'createdAt', render: (d: string) => dateTime(d) },
              { title: t('common.actions'), key: 'actions', render: (_: unknown, d: T) => d.status === replayable && (
                <Button size="small" loading={replaying === d.id} disabled={replaying !== null && replaying !== d.id} onClick={() => void again(d.id)}>
                  {t('admin.replay')}
                </Button>
              ) },
            ]} />
            <Space style={{ marginTop: 12 }}>
              <Button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('admin.previousPage')}</Button>
              <Button disabled={page.length < PAGE} onClick={() => setOffset(offset + PAGE)}>{t('admin.nextPage')}</Button>
            </Space>
          </>
        )}
      </QueryView>
    </>
  );
}
