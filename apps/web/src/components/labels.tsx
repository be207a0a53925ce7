import { Tag } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** Green / yellow / red with the working days left (or overdue), from a due day and the server's colour. */
export function SlaTag({ level, remainingDays }: { level: 'green' | 'yellow' | 'red' | string; remainingDays?: number | null }) {
  const { t } = useTranslation();
  const color = level === 'red' ? 'red' : level === 'yellow' ? 'gold' : 'green';
  const text =
    remainingDays === null || remainingDays === undefined
      ? t(`clock.${level}`)
      : remainingDays >= 0
        ? t('common.workingDaysLeft', { n: remainingDays, count: remainingDays })
        : t('common.overdueDays', { n: -remainingDays, count: -remainingDays });
  return <Tag color={color}>{text}</Tag>;
}

/** A short cell (a case number, a stage, a district, a day) kept on one line: a narrow table scrolls instead. */
export function NoWrap({ children }: { children: ReactNode }) {
  return <span style={{ whiteSpace: 'nowrap' }}>{children}</span>;
}

export function StatusTag({ status }: { status: string }) {
  const { t } = useTranslation();
  const color = ['refused', 'lapsed', 'withdrawn', 'declined'].includes(status) ? 'default' : ['approved', 'paid'].includes(status) ? 'success' : status === 'supplement' ? 'warning' : 'processing';
  return <Tag color={color}>{t(`status.${status}`, { defaultValue: status })}</Tag>;
}

export function useLabels() {
  const { t } = useTranslation();
  return {
    program: (code: string) => t(`program.${code}`, { defaultValue: code }),
    stage: (code: string) => t(`status.${code}`, { defaultValue: code }),
    region: (code: string | null | undefined) => (code ? `${t(`region.${code}`, { defaultValue: code })}` : '—'),
    role: (code: string) => t(`role.${code}`, { defaultValue: code }),
  };
}
