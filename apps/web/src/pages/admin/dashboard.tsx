import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Row, Space, Statistic, Table, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap, type Schemas } from '../../api/client';
import { barsOption, Chart } from '../../components/chart';
import { PROGRAMS, REGIONS } from '../../components/facts-form';
import { NoWrap, useLabels } from '../../components/labels';
import { EmptyState, QueryView } from '../../components/states';
import { day, percent } from '../../format';
import { useSession } from '../../session';
import { DemoClock } from './demo-clock';
import { ReviewerWorkload, yearPeriod } from './reviewer-workload';

type Summary = Schemas['SlaSummaryDto'];
type Filter = { from?: string; to?: string; program?: string; stage?: string; region?: string };
const STAGES = ['acceptance', 'formal_review', 'recheck'];

const summary = (query: Filter) => unwrap(api.GET('/api/v1/sla/summary', { params: { query } }));


/**
 * 限时办结率 now and by month; by program, stage, district and reviewer; at-risk and overdue cases; the breach forecast; CSV.
 * Two clocks, named apart: the case's promised deadline (承诺办结期限: 超期, the lists, the forecast) and each review stage's
 * own deadline (本环节期限: what the reviewers' queue colours). The months come in one request; the district and
 * reviewer tabs ask for their figures (13 requests, and one for every reviewer's load) only when opened.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const me = useSession().data;
  const year = new Date().getFullYear();
  const [tab, setTab] = useState('program');
  const now = useQuery({ queryKey: ['sla', 'now'], queryFn: () => summary({}) });
  const byMonth = useQuery({ queryKey: ['sla', 'months', year], queryFn: () => unwrap(api.GET('/api/v1/sla/summary/months', { params: { query: { year } } })) });
  const byProgram = useQuery({ queryKey: ['sla', 'programs'], queryFn: () => Promise.all(PROGRAMS.map((program) => summary({ program }))) });
  const byStage = useQuery({ queryKey: ['sla', 'stages'], queryFn: () => Promise.all(STAGES.map((stage) => summary({ stage }))) });
  const byRegion = useQuery({ queryKey: ['sla', 'regions'], enabled: tab === 'district', queryFn: () => Promise.all(REGIONS.map((region) => summary({ region }))) });
  const atRisk = useQuery({ queryKey: ['sla', 'at-risk'], queryFn: () => unwrap(api.GET('/api/v1/sla/cases', { params: { query: { level: 'at-risk', limit: 100 } } })) });
  const overdue = useQuery({ queryKey: ['sla', 'overdue'], queryFn: () => unwrap(api.GET('/api/v1/sla/cases', { params: { query: { level: 'overdue', limit: 100 } } })) });
  const forecast = useQuery({ queryKey: ['sla', 'forecast'], queryFn: () => unwrap(api.GET('/api/v1/sla/forecast', { params: { query: { limit: 100 } } })) });
  const byReviewer = useQuery({
    queryKey: ['sla', 'reviewers', year],
    enabled: tab === 'reviewer',
    queryFn: () => unwrap(api.GET('/api/v1/sla/reviewers', { params: { query: yearPeriod(year) } })),
  });

  const bars = (names: string[], rows: Summary[]) => barsOption(names, [
    { name: t('admin.onTime'), data: rows.map((r) => r.onTime), color: '#389e0d' },
    { name: t('admin.completed'), data: rows.map((r) => r.completed), color: '#1f5fbf' },
    { name: t('admin.overdue'), data: rows.map((r) => r.overdue), color: '#cf1322' },
  ]);
  const table = (names: string[], rows: Summary[]) => (
    <Table size="small" pagination={false} rowKey="name" scroll={{ x: true }}
      dataSource={rows.map((r, i) => ({ ...r, name: names[i] }))}
      columns={[
        { title: '', dataIndex: 'name' },
        { title: t('admin.onTimeRate'), dataIndex: 'onTimeRate', render: (r: number | null) => percent(r) },
        { title: t('admin.completed'), dataIndex: 'completed' },
        { title: t('admin.open'), dataIndex: 'open' },
        { title: t('admin.atRisk'), dataIndex: 'atRisk' },
        { title: t('admin.overdue'), dataIndex: 'overdue' },
        { title: t('admin.meanDays'), dataIndex: 'meanWorkingDays', render: (v: number | null) => (v === null ? '—' : v.toFixed(1)) },
      ]} />
  );
  // Short codes read whole: a case number broken over two lines is misread.
  const caseNo = { title: <NoWrap>{t('enterprise.caseNo')}</NoWrap>, dataIndex: 'caseNumber', render: (n: string) => <NoWrap>{n}</NoWrap> };
  const caseColumns = [
    caseNo,
    { title: t('common.enterprise'), dataIndex: 'enterpriseName' },
    { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
    { title: t('common.status'), dataIndex: 'status', render: (s: string) => <NoWrap>{labels.stage(s)}</NoWrap> },
    { title: t('common.district'), dataIndex: 'regionCode', render: (r: string) => <NoWrap>{labels.region(r)}</NoWrap> },
    { title: t('enterprise.promised'), dataIndex: 'dueOn', render: (d: string) => <NoWrap>{day(d)}</NoWrap> },
    { title: t('admin.holder'), dataIndex: 'holders', render: (hs: Schemas['SlaHolderDto'][]) => hs.map((h) => h.assigneeName ?? labels.role(h.candidateRole)).join('、') || '—' },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('admin.dashboardTitle')}</Typography.Title>
        <Space wrap>
          <a href="/api/v1/sla/summary.csv" download="sla-summary.csv"><Button>{t('common.export')}</Button></a>
          {me?.roles.includes('administrator') && <DemoClock />}
          {me?.roles.includes('administrator') && <a href="/admin/queues" target="_blank" rel="noreferrer"><Button>{t('admin.queuesLink')}</Button></a>}
        </Space>
      </Space>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>{t('admin.clocksNote')}</Typography.Paragraph>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('admin.caseClockTitle')}</Typography.Title>
      <QueryView query={now}>
        {(s) => (
          <Row gutter={[16, 16]} data-testid="sla-now">
            <Col xs={12} md={6}><Card><Statistic title={t('admin.onTimeRate')} value={percent(s.onTimeRate)} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.completed')} value={s.completed} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.onTime')} value={s.onTime} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.open')} value={s.open} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.atRisk')} value={s.atRisk} styles={{ content: { color: '#ad6800' } }} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.overdue')} value={s.overdue} styles={{ content: { color: '#cf1322' } }} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.meanDays')} value={s.meanWorkingDays ?? '—'} precision={s.meanWorkingDays === null ? undefined : 1} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.p90Days')} value={s.p90WorkingDays ?? '—'} /></Card></Col>
          </Row>
        )}
      </QueryView>
      <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>{t('admin.stageClockTitle')}</Typography.Title>
      <QueryView query={byStage}>
        {(rows) => (
          <Row gutter={[16, 16]} data-testid="sla-stages">
            <Col xs={12} md={6}><Card><Statistic title={t('admin.stageAtRisk')} value={rows.reduce((n, r) => n + r.atRisk, 0)} styles={{ content: { color: '#ad6800' } }} /></Card></Col>
            <Col xs={12} md={6}><Card><Statistic title={t('admin.stageOverdue')} value={rows.reduce((n, r) => n + r.overdue, 0)} styles={{ content: { color: '#cf1322' } }} /></Card></Col>
            {rows.map((r, i) => (
              <Col xs={8} md={4} key={STAGES[i]}><Card><Statistic title={`${labels.stage(STAGES[i])} · ${t('admin.overdue')}`} value={r.overdue} /></Card></Col>
            ))}
          </Row>
        )}
      </QueryView>
      <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('admin.byMonth')}{t('common.paren', { text: year })}</Typography.Title>}>
        <QueryView query={byMonth}>
          {(rows) => rows.every((r) => r.completed === 0) ? <EmptyState text={t('admin.noFinished', { year })} /> : (
            <Chart label={`${t('admin.onTimeRate')} ${t('admin.byMonth')}`} option={{
              tooltip: { trigger: 'axis' },
              legend: { top: 0, data: [t('admin.onTimeRate'), t('admin.completed')] },
              grid: { left: 48, right: 48, bottom: 30, top: 40 },
              xAxis: { type: 'category', data: rows.map((m) => String(Number(m.month.slice(5)))) },
              yAxis: [{ type: 'value', max: 100, axisLabel: { formatter: '{value}%' } }, { type: 'value', minInterval: 1 }],
              series: [
                { name: t('admin.onTimeRate'), type: 'line', data: rows.map((r) => (r.onTimeRate === null ? null : Math.round(r.onTimeRate * 1000) / 10)) },
                { name: t('admin.completed'), type: 'bar', yAxisIndex: 1, data: rows.map((r) => r.completed), itemStyle: { color: '#91caff' } },
              ],
            }} />
          )}
        </QueryView>
      </Card>
      <Card>
        <Tabs activeKey={tab} onChange={setTab} items={[
          { key: 'program', label: t('admin.byProgram'), children: <QueryView query={byProgram}>{(rows) => <>{<Chart label={t('admin.byProgram')} option={bars(PROGRAMS.map(labels.program), rows)} />}{table(PROGRAMS.map(labels.program), rows)}</>}</QueryView> },
          { key: 'stage', label: t('admin.byStage'), children: <QueryView query={byStage}>{(rows) => <>{<Chart label={t('admin.byStage')} option={bars(STAGES.map(labels.stage), rows)} />}{table(STAGES.map(labels.stage), rows)}</>}</QueryView> },
          { key: 'district', label: t('admin.byDistrict'), children: <QueryView query={byRegion}>{(rows) => <>{<Chart label={t('admin.byDistrict')} option={bars(REGIONS.map(labels.region), rows)} />}{table(REGIONS.map(labels.region), rows)}</>}</QueryView> },
          { key: 'reviewer', label: t('admin.byReviewer'), children: <ReviewerWorkload query={byReviewer} year={year} /> },
        ]} />
      </Card>
      {/* Side by side only on wide screens: each list has seven columns, which a half-width card squeezed. */}
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('admin.overdueList')}</Typography.Title>}>
            <QueryView query={overdue}>{(rows) => <Table size="small" rowKey={(r) => `${r.applicationId}-${r.clock}`} dataSource={rows} columns={[...caseColumns, { title: t('admin.overdueWorkingDays'), dataIndex: 'overdueWorkingDays', render: (n: number) => <NoWrap>{t('common.overdueDays', { n, count: n })}</NoWrap> }]} scroll={{ x: true }} pagination={{ pageSize: 10 }} />}</QueryView>
          </Card>
        </Col>
        <Col xs={24} xxl={12}>
          <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('admin.atRiskList')}</Typography.Title>}>
            <QueryView query={atRisk}>{(rows) => <Table size="small" rowKey={(r) => `${r.applicationId}-${r.clock}`} dataSource={rows} columns={caseColumns} scroll={{ x: true }} pagination={{ pageSize: 10 }} />}</QueryView>
          </Card>
        </Col>
      </Row>
      <Card title={<Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>{t('admin.forecast')}</Typography.Title>}>
        <QueryView query={forecast}>
          {(rows) => (
            <Table size="small" rowKey="applicationId" dataSource={rows} scroll={{ x: true }} pagination={{ pageSize: 10 }} columns={[
              caseNo,
              { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
              { title: t('common.status'), dataIndex: 'status', render: (s: string) => <NoWrap>{labels.stage(s)}</NoWrap> },
              { title: t('common.district'), dataIndex: 'regionCode', render: (r: string) => <NoWrap>{labels.region(r)}</NoWrap> },
              { title: t('enterprise.promised'), dataIndex: 'dueOn', render: (d: string) => day(d) },
              { title: t('admin.expectedOn'), dataIndex: 'expectedOn', render: (d: string) => day(d) },
              { title: t('admin.lateDays'), dataIndex: 'expectedLateDays' },
            ]} />
          )}
        </QueryView>
      </Card>
    </Space>
  );
}
