import { List, Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** A rule trace: every rule the calculator applied, passed or not, with its detail. */
export function RuleTrace({ trace }: { trace: { rule: string; passed: boolean; detail: string }[] | null | undefined }) {
  const { t } = useTranslation();
  if (!trace?.length) return null;
  return (
    <List
      size="small"
      dataSource={trace}
      renderItem={(s) => (
        <List.Item>
          <Tag color={s.passed ? 'success' : 'error'}>{s.passed ? t('common.yes') : t('common.no')}</Tag>
          <span>{s.detail || s.rule}</span>
        </List.Item>
      )}
    />
  );
}
