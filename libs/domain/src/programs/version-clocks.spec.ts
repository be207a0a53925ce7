import { chineseWorkingDayCalendar } from '../calendar';
import { DomainError } from '../workflow/domain-error';
import { BUILTIN_PROGRAM_VERSIONS } from './data';
import { alarmPolicyOf } from './escalation-chain';
import { parseProgramVersion } from './parse-program-version';
import { stateDeadlineDay } from './state-deadlines';
import { currentRun, currentRuns, evaluateRun } from './version-clocks';

const calendar = chineseWorkingDayCalendar();
const highTech = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'high-tech-reward')!;

describe('the clocks of a program version', () => {
  const rows = [
    { clock: 'case', type: 'start' as const, on: '2019-09-02', id: '1' },
    { clock: 'recheck', type: 'start' as const, on: '2019-09-02', id: '2' },
    { clock: 'recheck', type: 'stop' as const, on: '2019-09-03', id: '3' },
    { clock: 'case', type: 'pause' as const, on: '2019-09-03', id: '4' },
    { clock: 'case', type: 'reset' as const, on: '2019-09-09', id: '5' },
    { clock: 'recheck', type: 'start' as const, on: '2019-09-09', id: '6' },
    { clock: 'formal_review', type: 'start' as const, on: '2019-09-09', id: '7' },
  ];

  it('cuts a stage clock to its latest run and keeps the case clock whole, with the limit and policy of the version', () => {
    const stage = currentRun(rows, 'recheck', highTech)!;
    expect(stage.rows.map((r) => r.id)).toEqual(['6']);
    expect(stage.limitDays).toBe(highTech.stages.find((s) => s.code === 'recheck')!.limitDays);
    expect(currentRun(rows, 'case', highTech)!.rows.map((r) => r.id)).toEqual(['1', '4', '5']);
    expect(currentRun(rows, 'case', highTech)!.limitDays).toBe(highTech.promisedLimitDays);
    // A clock the version has no working-day limit for is no SLA clock.
    expect(currentRun(rows, 'formal_review', highTech)).toBeNull();
    expect(currentRuns(rows, highTech).map((r) => r.clock)).toEqual(['case', 'recheck']);
  });

  it('takes the yellow rule from the version: a divisor of 2 turns a 15-day clock yellow 7 days before its due date', () => {
    const run = currentRun(rows, 'case', highTech)!;
    const strict = currentRun(rows, 'case', { ...highTech, yellow: { divisor: 2, minDays: 1 } })!;
    expect(alarmPolicyOf(highTech)).toEqual({ yellowDivisor: 5, yellowMinDays: 1, escalationStepDays: 5, maxEscalationLevel: 3 });
    const usual = evaluateRun(run, calendar);
    const early = evaluateRun(strict, calendar);
    expect(usual.due).toBe(early.due);
    expect(calendar.countWorkingDays(early.yellowFrom!, usual.due!)).toBe(7);
    expect(calendar.countWorkingDays(usual.yellowFrom!, usual.due!)).toBe(3);
  });

  it('rejects a yellow rule that is not one, naming the field', () => {
    const bad = () => parseProgramVersion({ ...highTech, yellow: { divisor: 0, minDays: -1 } });
    expect(bad).toThrow(DomainError);
    try {
      bad();
    } catch (error) {
      expect((error as DomainError).fields?.map((f) => f.field)).toEqual(['yellow.divisor', 'yellow.minDays']);
    }
  });

  it('computes the deadline of a timed state from the day it was entered and the calendar', () => {
    // Entered on Friday 2019-09-27: ten working days over National Day (9-29 and 10-12 are make-up days) end with 10-16, so it ends as 10-17 begins.
    expect(stateDeadlineDay(highTech, 'supplement', '2019-09-27', calendar)).toBe('2019-10-17');
    const holiday = calendar.withOverrides([{ date: '2019-10-08', kind: 'holiday' }]);
    expect(stateDeadlineDay(highTech, 'supplement', '2019-09-27', holiday)).toBe('2019-10-18');
    expect(stateDeadlineDay(highTech, 'public_notice', '2019-09-27', holiday)).toBe('2019-10-18');
  });
});
