import i18n from './i18n';

/** Fen (integers from the API) as 元 with thousands separators, e.g. 1234567 → ¥12,345.67 / 12,345.67 元. */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = String(abs % 100).padStart(2, '0');
  return i18n.language === 'en' ? `¥${sign}${whole}.${cents}` : `${sign}${whole}.${cents} 元`;
}

/** 元 typed in a form → fen (integers only; rounding away any third decimal). */
export function toFen(yuanValue: number): number {
  return Math.round(yuanValue * 100);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A calendar day (YYYY-MM-DD) or an instant as a Chinese date: 2026年3月5日 (English: 5 Mar 2026). */
export function day(value: string | null | undefined): string {
  if (!value) return '—';
  const [y, m, d] = /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? value.split('-').map(Number)
    : (() => {
        const t = new Date(value);
        const shanghai = new Date(t.getTime() + 8 * 3600_000);
        return [shanghai.getUTCFullYear(), shanghai.getUTCMonth() + 1, shanghai.getUTCDate()];
      })();
  if (i18n.language === 'en') return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return `${y}年${m}月${d}日`;
}

/** An instant with its time of day (Asia/Shanghai). */
export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const t = new Date(new Date(value).getTime() + 8 * 3600_000);
  return `${day(value)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
}

export function percent(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;
}
