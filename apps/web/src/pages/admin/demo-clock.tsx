import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import { describeError } from '../../api/errors';
import { day } from '../../format';

type Unit = 'workingDays' | 'days' | 'hours';

/**
 * Development only: moves the demonstration clock forward so alarms fire and the on-time rate moves. The API
 * answers GET /dev/clock with 403 in production (and to anyone but an administrator): then nothing is shown.
 * After a move every query is refetched, once the other processes have seen the offset and the sweep ran.
 */
export function DemoClock() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [amount, setAmount] = useState<number | null>(1);
  const [unit, setUnit] = useState<Unit>('workingDays');
  const clock = useQuery({ queryKey: ['dev-clock'], queryFn: () => unwrap(api.GET('/api/v1/dev/clock')), retry: false });
  const move = useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/dev/clock', { body: { [unit]: amount ?? 1 } })),
    onSuccess: async (moved) => {
      client.setQueryData(['dev-clock'], moved);
      void message.success(t('admin.clockMoved', { day: day(moved.today) }));
      // The sweep that fires what fell due runs ~2 s after the move (MoveDevClock): refetch now and after it.
      await client.invalidateQueries();
      setTimeout(() => void client.invalidateQueries(), 3_000);
    },
    onError: (e) => void message.error(describeError(t, e)),
  });
  if (!clock.data) return null;
  return (
    <Space wrap data-testid="demo-clock">
      <Typography.Text>{t('admin.clockToday', { day: day(clock.data.today) })}</Typography.Text>
      <InputNumber aria-label={t('admin.clockAmount')} min={1} max={unit === 'hours' ? 8784 : unit === 'days' ? 366 : 250} precision={0} value={amount} onChange={setAmount} style={{ width: 80 }} />
      <Select aria-label={t('admin.clockUnit')} value={unit} onChange={setUnit} style={{ width: 150 }} options={[
        { value: 'workingDays', label: t('admin.clockWorkingDays') },
        { value: 'days', label: t('admin.clockDays') },
        { value: 'hours', label: t('admin.clockHours') },
      ]} />
      <Button loading={move.isPending} onClick={() => move.mutate()}>{t('admin.clockForward')}</Button>
    </Space>
  );
}
