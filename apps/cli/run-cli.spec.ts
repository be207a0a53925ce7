import { runCli } from './run-cli';

const run = (command: string, input: unknown) =>
  runCli([command], typeof input === 'string' ? input : JSON.stringify(input));
const ok = (command: string, input: unknown) => {
  const result = run(command, input);
  expect(result).toMatchObject({ stderr: '', exitCode: 0 });
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trimEnd()).not.toContain('\n');
  return JSON.parse(result.stdout) as Record<string, unknown>;
};
const fails = (command: string, input: unknown) => {
  const result = run(command, input);
  expect(result.stdout).toBe('');
  expect(result.exitCode).not.toBe(0);
  expect(result.stderr.trimEnd()).not.toContain('\n');
  return result.stderr.trimEnd();
};

describe('cli calc', () => {
  it('answers the contract example: rd-subsidy 2019, E = 3000万', () => {
    const result = run('calc', {
      program: 'rd-subsidy',
      year: 2019,
      facts: { scale: 'above', isHighTech: false, rdExpenseFen: 3_000_000_000, blacklisted: false },
    });
    expect(result.stdout).toMatch(
      /^\{"eligible":true,"amountFen":70000000,"split":\{"province":21000000,"city":21000000,"district":28000000\},"version":"2019","trace":\[\{"rule":"[^"]+","passed":true,"detail":"/,
    );
  });

  it('answers the 2025 rule and the voucher and reward programs', () => {
    expect(
      ok('calc', { program: 'rd-subsidy', year: 2025, facts: { isTechEnterprise: true, rdExpenseFen: 1_100_000_000, rdExpensePrevFen: 800_000_000 } }),
    ).toMatchObject({ amountFen: 18_000_000, split: { province: 14_400_000, city: 1_800_000, district: 1_800_000 }, version: '2025' });
    expect(
      ok('calc', { program: 'innovation-voucher', year: 2024, facts: { isTechSme: true, regionCode: '350102', serviceFeesFen: 60_000_000 } }),
    ).toMatchObject({ amountFen: 20_000_000, split: { province: 12_000_000, city: 8_000_000 } });
    expect(
      ok('calc', {
        program: 'high-tech-reward',
        year: 2019,
        facts: { recognition: 'first', scale: 'above', inHighTechZone: true, certificateNo: 'GR201935000123', certificateIssuedOn: '2019-12-02', blacklisted: false },
      }),
    ).toMatchObject({ amountFen: 50_000_000, split: { city: 20_000_000, district: 30_000_000 } });
  });

  it('refuses with eligible false, 0, no parties and every failed rule', () => {
    const out = ok('calc', {
      program: 'innovation-voucher',
      year: 2019,
      facts: { isTechSme: true, regionCode: '350203', serviceFeesFen: 1_500_000, blacklisted: true },
    });
    expect(out).toMatchObject({ eligible: false, amountFen: 0, split: {}, version: '2019' });
    expect(Object.keys(out)).toEqual(['eligible', 'amountFen', 'split', 'version', 'trace']);
    const failed = (out.trace as Array<{ rule: string; passed: boolean }>).filter((t) => !t.passed).map((t) => t.rule);
    expect(failed).toEqual(['not-blacklisted', 'region-in-bureau-area', 'minimum-amount']);
  });

  it('names the field of bad input', () => {
    expect(fails('calc', { program: 'grants', year: 2019, facts: {} })).toMatch(/^error: program: unknown program "grants"/);
    expect(fails('calc', { year: 2019, facts: {} })).toBe('error: program: is required');
    expect(fails('calc', { program: 'rd-subsidy', year: 1999, facts: {} })).toBe(
      'error: year: no version of rd-subsidy applies to 1999',
    );
    expect(fails('calc', { program: 'rd-subsidy', year: '2019', facts: {} })).toMatch(/^error: year: must be an integer/);
    expect(fails('calc', { program: 'rd-subsidy', year: 2019, facts: { scale: 'above' } })).toMatch(
      /^error: facts\.rdExpenseFen: is required/,
    );
    expect(fails('calc', { program: 'rd-subsidy', year: 2019, facts: { scale: 'above', rdExpenseFen: -1 } })).toBe(
      'error: facts.rdExpenseFen: must not be negative, got -1',
    );
    expect(fails('calc', { program: 'high-tech-reward', year: 2019, facts: { recognition: 'first', scale: 'above', certificateNo: 'x', certificateIssuedOn: '2019-02-30' } })).toMatch(
      /^error: facts\.certificateIssuedOn: must be a calendar date/,
    );
    expect(fails('calc', { program: 'rd-subsidy', year: 2019 })).toBe('error: facts: is required');
    expect(fails('calc', 'not json')).toMatch(/^error: input: stdin is not valid JSON/);
    expect(fails('calc', '[1]')).toBe('error: input: stdin must hold one JSON object');
  });
});

describe('cli deadline', () => {
  it('answers the contract example', () => {
    const result = run('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [], stoppedOn: '2019-10-11' });
    expect(result.stdout).toBe('{"due":"2019-10-10","onTime":false,"countedDays":6}\n');
  });

  it('counts pauses and resets, and reports to the due date when not stopped', () => {
    expect(
      ok('deadline', {
        acceptedOn: '2019-09-20',
        workingDays: 5,
        events: [
          { type: 'pause', on: '2019-09-23' },
          { type: 'resume', on: '2019-09-24' },
          { type: 'reset', on: '2019-09-27' },
        ],
        stoppedOn: '2019-10-11',
      }),
    ).toEqual({ due: '2019-10-10', onTime: false, countedDays: 6 });
    expect(ok('deadline', { acceptedOn: '2019-09-27', workingDays: 5 })).toEqual({ due: '2019-10-10', onTime: null, countedDays: 5 });
    expect(ok('deadline', { acceptedOn: '2019-09-27', workingDays: 5, stoppedOn: '2019-10-10' })).toEqual({
      due: '2019-10-10',
      onTime: true,
      countedDays: 5,
    });
    expect(ok('deadline', { acceptedOn: '2020-01-22', workingDays: 5 })).toEqual({ due: '2020-02-06', onTime: null, countedDays: 5 });
  });

  it('has no due date while suspended', () => {
    expect(ok('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'pause', on: '2019-09-30' }] })).toEqual({
      due: null,
      onTime: null,
      countedDays: 2,
    });
  });

  it('takes today and calendar overrides', () => {
    expect(ok('deadline', { acceptedOn: '2019-09-27', workingDays: 5, today: '2019-10-08' })).toEqual({
      due: '2019-10-10',
      onTime: null,
      countedDays: 3,
    });
    expect(
      ok('deadline', { acceptedOn: '2026-12-31', workingDays: 1, overrides: [{ date: '2027-01-01', kind: 'holiday' }] }),
    ).toEqual({ due: '2027-01-04', onTime: null, countedDays: 1 });
  });

  it('names the field of bad input, in the CLI’s own names', () => {
    expect(fails('deadline', { workingDays: 5 })).toBe("error: acceptedOn: must be a calendar date 'YYYY-MM-DD', got undefined");
    expect(fails('deadline', { acceptedOn: '2019-9-27', workingDays: 5 })).toMatch(/^error: acceptedOn: must be a calendar date/);
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: -1 })).toMatch(/^error: workingDays: must be a non-negative integer/);
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'resume', on: '2019-09-30' }] })).toBe(
      'error: events[0]: resume without a pause',
    );
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'pause', on: '2019-09-26' }] })).toMatch(
      /^error: events\[0\]\.on: pause on 2019-09-26 is earlier/,
    );
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'pause', on: '2019-10-31' }], stoppedOn: '2019-10-11' })).toMatch(
      /^error: stoppedOn: stop on 2019-10-11 is earlier/,
    );
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'stop', on: '2019-10-01' }] })).toMatch(
      /^error: events\[0\]\.type: must be one of pause, resume, reset/,
    );
    expect(fails('deadline', { acceptedOn: '2019-09-27', workingDays: 5, events: [{ type: 'pause', on: '2019-10-32' }] })).toMatch(
      /^error: events\[0\]\.on: must be a calendar date/,
    );
  });
});

describe('cli commands', () => {
  it('refuses an unknown command', () => {
    expect(runCli(['calculate'], '{}')).toMatchObject({ stdout: '', exitCode: 2 });
    expect(runCli([], '{}').stderr).toMatch(/^error: command: expected one of calc, deadline/);
  });
});
