import { Descriptions, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { day, dateTime, yuan } from '../format';
import { SlaTag, StatusTag, useLabels } from './labels';
import { paramsOf, reasonView } from './reason-messages';
import type { Translate } from './trace-messages';

type Case = Schemas['ApplicationDto'];
type Entry = NonNullable<Case['timeline']>[number];

/** The 补正 items a reviewer listed (一次性告知), from the latest return in the timeline. */
export function supplementItems(c: Case): { reason: string; items: string[] } | null {
  const last = [...(c.timeline ?? [])].reverse().find((e) => e.to === 'supplement');
  if (!last?.reason) return null;
  const returned = paramsOf(last, 'returned');
  return returned ? { reason: returned.reason.trim(), items: returned.items } : { reason: last.reason.trim(), items: [] };
}

/** Status, amount, the current stage and its due day, the promised deadline and the expected 办结 day. */
export function CaseSummary({ c }: { c: Case }) {
  const { t } = useTranslation();
  const labels = useLabels();
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
      <Descriptions.Item label={t('enterprise.caseNo')}>{c.caseNumber}</Descriptions.Item>
      <Descriptions.Item label={t('common.program')}>{labels.program(c.program)}{t('common.paren', { text: c.year })}</Descriptions.Item>
      <Descriptions.Item label={t('common.status')}><span data-testid="case-status"><StatusTag status={c.status} /></span></Descriptions.Item>
      <Descriptions.Item label={t('enterprise.amount')}><strong>{yuan(c.amountFen)}</strong></Descriptions.Item>
      <Descriptions.Item label={t('enterprise.currentStage')}>{c.currentStage ? labels.stage(c.currentStage.stage) : '—'}</Descriptions.Item>
      <Descriptions.Item label={t('enterprise.stageDue')}>{day(c.currentStage?.dueOn ?? c.currentStage?.endsAt)}</Descriptions.Item>
      <Descriptions.Item label={t('enterprise.promised')}>{day(c.dueOn)}</Descriptions.Item>
      <Descriptions.Item label={t('enterprise.expected')}>{day(c.expectedCompletionOn)}</Descriptions.Item>
      <Descriptions.Item label={t('enterprise.caseClock')}>
        {c.clock ? (c.clock.state === 'running' ? <SlaTag level={c.clock.level} remainingDays={c.clock.overdueDays > 0 ? -c.clock.overdueDays : c.clock.remainingDays} /> : t(`clock.${c.clock.state}`)) : '—'}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** An entry's reason: what the system wrote, in the reader's language; a person's words as they wrote them. */
function Reason({ e }: { e: Entry }) {
  const { t } = useTranslation();
  const labels = useLabels();
  // i18next's overloaded TFunction, as the plain (key, options) function the messages take (as trace.tsx does).
  const view = reasonView(t as unknown as Translate, e, labels.stage);
  if (!view) return e.reason ? <div style={{ whiteSpace: 'pre-wrap', color: '#555' }}>{e.reason}</div> : null;
  return (
    <div style={{ color: '#555' }}>
      {view.text && <div style={{ whiteSpace: 'pre-wrap' }}>{view.text}</div>}
      {view.list && (
        <>
          <div>{view.list.heading}{t('trace.colon')}</div>
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {view.list.items.map((item, i) => <li key={i}>{item}</li>)}
          </ul>
        </>
      )}
    </div>
  );
}

export function CaseTimeline({ c }: { c: Case }) {
  const labels = useLabels();
  return (
    <Timeline
      data-testid="timeline"
      items={(c.timeline ?? []).map((e) => ({
        color: e.to === 'refused' ? 'red' : e.to === 'supplement' ? 'orange' : 'blue',
        content: (
          <div>
            <strong>{labels.stage(e.to)}</strong> · {dateTime(e.at)} · {labels.role(e.actorRole)}
            <Reason e={e} />
          </div>
        ),
      }))}
    />
  );
}
