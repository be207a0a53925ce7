import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Input, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, unwrap, type Schemas } from '../../api/client';
import { describeError } from '../../api/errors';
import { PROGRAMS, REGIONS } from '../../components/facts-form';
import { NoWrap, SlaTag, useLabels } from '../../components/labels';
import { QueryView } from '../../components/states';
import { day, yuan } from '../../format';

type Task = Schemas['TaskDto'];
const STAGES = ['acceptance', 'formal_review', 'recheck', 'public_notice'];

/** The case's promised deadline: its day, and under it the working days left (in red once past). */
function CaseDue({ due, left }: { due: string | null; left: number | null | undefined }) {
  const { t } = useTranslation();
  if (!due) return <>—</>;
  return (
    <Space orientation="vertical" size={0}>
      <NoWrap>{day(due)}</NoWrap>
      {left === null || left === undefined ? null : left < 0
        ? <Tag color="red">{t('common.overdueDays', { n: -left, count: -left })}</Tag>
        : <Typography.Text type="secondary">{t('common.workingDaysLeft', { n: left, count: left })}</Typography.Text>}
    </Space>
  );
}

/** The queue: by due date, coloured by SLA state, filtered by program, stage and district; claim, release, batch approval. */
export function QueuePage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const { message, modal } = App.useApp();
  const client = useQueryClient();
  const [filter, setFilter] = useState<{ program?: string; stage?: string; region?: string; scope: 'open' | 'mine' }>({ scope: 'open' });
  const [selected, setSelected] = useState<Task[]>([]);
  const [batchReason, setBatchReason] = useState('');
  const tasks = useQuery({
    queryKey: ['tasks', filter],
    queryFn: () => unwrap(api.GET('/api/v1/tasks', { params: { query: { ...filter, limit: 200 } } })),
  });
  const reload = () => client.invalidateQueries({ queryKey: ['tasks'] });
  const claim = async (task: Task, release = false) => {
    try {
      if (release) await unwrap(api.POST('/api/v1/tasks/{id}/release', { params: { path: { id: task.id } }, body: { version: task.version } }));
      else await unwrap(api.POST('/api/v1/tasks/{id}/claim', { params: { path: { id: task.id } }, body: { version: task.version } }));
      void message.success(release ? t('review.release') : t('review.claimed'));
    } catch (e) {
      void message.error(describeError(t, e));
    }
    await reload();
  };
  return (
    <Card title={<Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>{t('review.queueTitle')}</Typography.Title>}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Radio.Group value={filter.scope} onChange={(e) => setFilter({ ...filter, scope: e.target.value })} optionType="button"
          options={[{ value: 'open', label: t('review.open') }, { value: 'mine', label: t('review.mine') }]} />
        <Select aria-label={t('common.program')} allowClear placeholder={t('common.program')} style={{ width: 200 }} value={filter.program}
          onChange={(program) => setFilter({ ...filter, program })} options={PROGRAMS.map((p) => ({ value: p, label: labels.program(p) }))} />
        <Select aria-label={t('common.stage')} allowClear placeholder={t('common.stage')} style={{ width: 140 }} value={filter.stage}
          onChange={(stage) => setFilter({ ...filter, stage })} options={STAGES.map((s) => ({ value: s, label: labels.stage(s) }))} />
        <Select aria-label={t('common.district')} allowClear placeholder={t('common.district')} style={{ width: 140 }} value={filter.region}
          onChange={(region) => setFilter({ ...filter, region })} options={REGIONS.map((r) => ({ value: r, label: labels.region(r) }))} />
      </Space>
      {selected.length > 0 && (
        <Space wrap style={{ marginBottom: 16 }}>
          <Input aria-label={t('field.reason')} placeholder={t('field.reason')} value={batchReason} onChange={(e) => setBatchReason(e.target.value)} style={{ width: 260 }} />
          <Button type="primary" disabled={batchReason.trim().length < 2} onClick={async () => {
            try {
              const outcomes = await unwrap(api.POST('/api/v1/tasks/batch-approval', { body: { tasks: selected.map((s) => ({ id: s.id, version: s.version })), reason: batchReason } }));
              const ok = outcomes.filter((o) => o.statusCode < 300).length;
              modal.info({ title: t('review.batchDone', { n: ok }), content: outcomes.filter((o) => o.statusCode >= 300).map((o) => `${o.id.slice(0, 8)}: ${o.error ?? o.statusCode}`).join('\n') || undefined });
              setSelected([]);
            } catch (e) {
              void message.error(describeError(t, e));
            }
            await reload();
          }}>{t('review.batchApprove')} ({selected.length})</Button>
        </Space>
      )}
      <QueryView query={tasks}>
        {(rows) => (
          <Table
            rowKey="id"
            dataSource={rows}
            scroll={{ x: true }}
            pagination={{ pageSize: 50 }}
            rowSelection={{ selectedRowKeys: selected.map((s) => s.id), onChange: (_, rs) => setSelected(rs), getCheckboxProps: (r) => ({ disabled: r.status !== 'claimed', 'aria-label': r.enterpriseName }) }}
            columns={[
              // Short codes read whole: a case number or a stage broken over two lines is misread.
              { title: t('enterprise.caseNo'), dataIndex: 'caseNumber', render: (n: string) => <NoWrap>{n}</NoWrap> },
              { title: t('common.enterprise'), dataIndex: 'enterpriseName', render: (n: string, r: Task) => <Link to={`/review/tasks/${r.id}`}>{n}</Link> },
              { title: t('common.program'), dataIndex: 'program', render: (p: string) => labels.program(p) },
              { title: <NoWrap>{t('common.stage')}</NoWrap>, dataIndex: 'stage', render: (s: string) => <NoWrap>{labels.stage(s)}</NoWrap> },
              { title: t('common.district'), dataIndex: 'regionCode', render: (r: string | null) => labels.region(r) },
              { title: t('common.amount'), dataIndex: 'amountFen', align: 'right', render: (f: number | null) => yuan(f) },
              // Two clocks, named apart: the stage's own deadline (what the colour is about) and the case's promised
              // deadline (what the dashboard's 超期 counts). A task may be late for its stage while its case is not.
              {
                title: t('enterprise.stageDue'), dataIndex: 'dueOn', defaultSortOrder: 'ascend',
                sorter: (a: Task, b: Task) => (a.dueOn ?? '9999').localeCompare(b.dueOn ?? '9999'),
                render: (d: string | null, r: Task) => <Space orientation="vertical" size={0}><NoWrap>{day(d)}</NoWrap>{r.colour && <SlaTag level={r.colour} remainingDays={r.workingDaysLeft} />}</Space>,
              },
              {
                title: t('enterprise.promised'), dataIndex: 'caseDueOn',
                sorter: (a: Task, b: Task) => (a.caseDueOn ?? '9999').localeCompare(b.caseDueOn ?? '9999'),
                render: (d: string | null, r: Task) => <CaseDue due={d} left={r.caseWorkingDaysLeft} />,
              },
              {
                title: t('common.actions'),
                render: (_: unknown, r: Task) =>
                  r.status === 'open' ? <Button size="small" type="primary" onClick={() => claim(r)}>{t('review.claim')}</Button>
                    : <Space><Link to={`/review/tasks/${r.id}`}>{t('review.decide')}</Link><Button size="small" onClick={() => claim(r, true)}>{t('review.release')}</Button></Space>,
              },
            ]}
          />
        )}
      </QueryView>
    </Card>
  );
}
