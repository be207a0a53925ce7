import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The real process, as outside checks run it: `npm run --silent cli -- <command>` with JSON on stdin. */
function cli(command: string, input: unknown) {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', command], {
    cwd: root,
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

describe('cli process (spawned)', () => {
  jest.setTimeout(120_000);

  it('calc prints exactly one JSON line', () => {
    const { stdout, stderr, status } = cli('calc', {
      program: 'rd-subsidy',
      year: 2019,
      facts: { scale: 'above', isHighTech: false, rdExpenseFen: 3_000_000_000, blacklisted: false },
    });
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
    expect(stdout.split('\n')).toHaveLength(2);
    expect(stdout.endsWith('\n')).toBe(true);
    expect(JSON.parse(stdout)).toMatchObject({
      eligible: true,
      amountFen: 70_000_000,
      split: { province: 21_000_000, city: 21_000_000, district: 28_000_000 },
      version: '2019',
    });
  });

  it('deadline prints exactly one JSON line', () => {
    const { stdout, status } = cli('deadline', {
      acceptedOn: '2019-09-27',
      workingDays: 5,
      events: [],
      stoppedOn: '2019-10-11',
    });
    expect(status).toBe(0);
    expect(stdout).toBe('{"due":"2019-10-10","onTime":false,"countedDays":6}\n');
  });

  it('bad input exits non-zero with one error line and no stdout', () => {
    const { stdout, stderr, status } = cli('calc', { program: 'rd-subsidy', year: 2019, facts: { scale: 'above' } });
    expect(status).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('facts.rdExpenseFen');
  });
});
