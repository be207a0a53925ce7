import { Table, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { yuan } from '../format';

type Batch = Schemas['BatchDto'];

/**
 * Payment batches as a table: the administrators' page (build, export) and the director's desk (approve) show
 * the same columns; each passes what a row's action cell holds.
 */
export function BatchTable({ rows, action }: { rows: Batch[]; action: (batch: Batch) => ReactNode }) {
  const { t } = useTranslation();
  return (
    <Table rowKey="id" dataSource={rows} scroll={{ x: true }} columns={[
      { title: 'ID', dataIndex: 'id', render: (id: string) => id.slice(0, 8) },
      { title: t('common.status'), dataIndex: 'status', render: (s: Batch['status']) => <Tag>{t(`batchStatus.${s}`, { defaultValue: s })}</Tag> },
      { title: t('field.totalFen'), dataIndex: 'totalFen', align: 'right', render: (f: number) => yuan(f) },
      { title: t('field.applicationIds'), dataIndex: 'payments', render: (p: Batch['payments']) => `${p.filter((x) => x.status === 'paid').length} / ${p.length}` },
      { title: t('common.actions'), render: (_: unknown, b: Batch) => action(b) },
    ]} />
  );
}
