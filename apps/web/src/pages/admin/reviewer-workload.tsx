import { Button, Space, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { barsOption, Chart } from '../../components/chart';
import { NoWrap, useLabels } from '../../components/labels';
import { EmptyState, QueryView } from '../../components/states';
import { dateTime, percent } from '../../format';

type Reviewer = Schemas['ReviewerWorkloadDto'];

/** The period of the decisions the tab counts: the dashboard's year, as its monthly chart. */
export function yearPeriod(year: number) {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/**
 * The dashboard's "by reviewer" tab: every reviewer the caller leads, idle ones too, most overdue first, so a head
 * of office sees whom to take work from and whom to give it to. What each holds is now (the stage's own deadline,
 * as their queue colours it); what each decided is the dashboard's year.
 */
export function ReviewerWorkload({ query, year }: { query: { isPending: boolean; error: unknown; data: Reviewer[] | undefined }; year: number }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const period = yearPeriod(year);
  return (
    <QueryView query={query}>
      {(rows) => rows.length === 0 ? <EmptyState text={t('admin.noReviewers')} /> : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text type="secondary">{t('admin.reviewersNote', { year })}</Typography.Text>
            <a href={`/api/v1/sla/reviewers.csv?from=${period.from}&to=${period.to}`} download="sla-reviewers.csv"><Button>{t('admin.exportReviewers')}</Button></a>
          </Space>
          {/* Bars of zeros would only draw an empty frame: with nothing held, the table says it. */}
          {rows.some((r) => r.held > 0) && <WorkloadChart rows={rows} />}
          <Table size="small" pagination={{ pageSize: 20, hideOnSinglePage: true }} rowKey="id" scroll={{ x: true }} dataSource={rows}
            columns={[
              { title: t('admin.reviewer'), dataIndex: 'displayName', render: (n: string) => <NoWrap>{n}</NoWrap> },
              { title: t('admin.roles'), dataIndex: 'roles', render: (rs: string[]) => rs.map(labels.role).join('、') },
              { title: t('common.district'), dataIndex: 'regionCode', render: (r: string | null) => <NoWrap>{r === null ? t('admin.cityWide') : labels.region(r)}</NoWrap> },
              { title: t('admin.held'), dataIndex: 'held' },
              { title: t('admin.heldAtRisk'), dataIndex: 'atRisk' },
              { title: t('admin.heldOverdue'), dataIndex: 'overdue' },
              { title: t('admin.decidedIn', { year }), dataIndex: 'decided' },
              { title: t('admin.decidedOnTime'), dataIndex: 'onTimeRate', render: (r: number | null) => percent(r) },
              { title: t('admin.meanDays'), dataIndex: 'meanWorkingDays', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
              { title: t('admin.lastDecision'), dataIndex: 'lastDecisionAt', render: (at: string | null) => <NoWrap>{at === null ? t('admin.never') : dateTime(at)}</NoWrap> },
            ]} />
        </Space>
      )}
    </QueryView>
  );
}

/** Held, at risk and overdue per reviewer, in the colours of the other tabs' bars. */
function WorkloadChart({ rows }: { rows: Reviewer[] }) {
  const { t } = useTranslation();
  const option = useMemo(() => barsOption(rows.map((r) => r.displayName), [
    { name: t('admin.held'), data: rows.map((r) => r.held), color: '#1f5fbf' },
    { name: t('admin.heldAtRisk'), data: rows.map((r) => r.atRisk), color: '#ad6800' },
    { name: t('admin.heldOverdue'), data: rows.map((r) => r.overdue), color: '#cf1322' },
  ]), [rows, t]);
  return <Chart label={t('admin.byReviewer')} option={option} />;
}
