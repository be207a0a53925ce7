import { Alert, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../api/errors';

export function Loading() {
  const { t } = useTranslation();
  return (
    <div role="status" aria-live="polite" style={{ padding: 32, textAlign: 'center' }}>
      <Spin />
      <div>{t('common.loading')}</div>
    </div>
  );
}

export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  return <Alert role="alert" type="error" showIcon title={t('error.title')} description={describeError(t, error)} style={{ marginBottom: 16 }} />;
}

export function EmptyState({ text }: { text?: string }) {
  const { t } = useTranslation();
  return <Empty description={text ?? t('common.empty')} />;
}

/** Loading, error and empty states of a query, then its content. */
export function QueryView<T>({
  query,
  empty,
  children,
}: {
  query: { isPending: boolean; error: unknown; data: T | undefined };
  empty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <Loading />;
  if (query.error) return <ErrorAlert error={query.error} />;
  const data = query.data as T;
  if (empty?.(data)) return <EmptyState />;
  return <>{children(data)}</>;
}
