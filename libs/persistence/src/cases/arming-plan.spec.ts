import { BUILTIN_PROGRAM_VERSIONS, chineseWorkingDayCalendar } from '@app/domain';
import { armingPlan, clocksOf } from './arming-plan';

const calendar = chineseWorkingDayCalendar();
const highTech = BUILTIN_PROGRAM_VERSIONS.find((v) => v.program === 'high-tech-reward')!;
const app = { id: '00000000-0000-0000-0000-00000000000a', program_code: 'high-tech-reward', region_code: '350102' };
const at = (iso: string) => new Date(iso);

describe('the arming plan of a case (what arming leaves in sla_timers and sla_running_clocks)', () => {
  const started = [
    { id: '1', clock: 'case', type: 'start' as const, on: '2019-09-02', at: at('2019-09-02T01:00:00Z') },
    { id: '2', clock: 'recheck', type: 'start' as const, on: '2019-09-02', at: at('2019-09-02T01:00:00Z') },
  ];

  it('is the same for the same events: arming a case twice asks for the same rows', () => {
    const once = armingPlan(app, clocksOf(started, highTech), calendar);
    const twice = armingPlan(app, clocksOf(started.map((r) => ({ ...r })), highTech), calendar);
    expect(twice).toEqual(once);
    expect(once.timers.map((t) => `${t.clock}/${t.level}`)).toEqual(expect.arrayContaining(['case/yellow', 'case/red', 'recheck/yellow', 'recheck/red']));
    expect(new Set(once.timers.map((t) => t.epoch))).toEqual(new Set(['1', '2']));
    expect(once.running.map((r) => r.clock)).toEqual(['case', 'recheck']);
  });

  it('has no timer and no running row for a stopped clock; the others keep their moments, newer event id', () => {
    const before = armingPlan(app, clocksOf(started, highTech), calendar);
    const stopped = [...started, { id: '3', clock: 'recheck', type: 'stop' as const, on: '2019-09-03', at: at('2019-09-03T02:00:00Z') }];
    const after = armingPlan(app, clocksOf(stopped, highTech), calendar);
    expect(after.timers.every((t) => t.clock === 'case')).toBe(true);
    expect(after.running.map((r) => r.clock)).toEqual(['case']);
    expect(after.timers).toEqual(before.timers.filter((t) => t.clock === 'case'));
  });
});
