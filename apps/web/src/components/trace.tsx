import { List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { describeTrace, ruleTitle, type TraceLine } from './trace-messages';

/** A rule trace: every rule the calculator applied, passed or not, in the reader's language (trace-messages.ts). */
export function RuleTrace({ trace }: { trace: TraceLine[] | null | undefined }) {
  const { t } = useTranslation();
  if (!trace?.length) return null;
  const translate = t as unknown as Parameters<typeof describeTrace>[0];
  return (
    <List
      size="small"
      dataSource={trace}
      renderItem={(s) => (
        <List.Item>
          <span>
            <Tag color={s.passed ? 'success' : 'error'} style={{ marginInlineEnd: 8 }}>{s.passed ? t('common.yes') : t('common.no')}</Tag>
            <Typography.Text strong>{ruleTitle(translate, s.rule)}</Typography.Text>
            {t('trace.colon')}
            <span>{describeTrace(translate, s)}</span>
          </span>
        </List.Item>
      )}
    />
  );
}
