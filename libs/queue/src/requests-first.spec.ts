import { RequestsFirst } from './requests-first';

/** Lets every settled promise's continuation run. */
const settle = () => new Promise((done) => setImmediate(done));

function started(gate: RequestsFirst, n: number): { started: number; ends: (() => void)[] } {
  const state = { started: 0, ends: [] as (() => void)[] };
  for (let i = 0; i < n; i++) {
    void gate.admit().then((end) => {
      state.started++;
      state.ends.push(end);
    });
  }
  return state;
}

describe('RequestsFirst', () => {
  it('runs every job at once while no request is served', async () => {
    const jobs = started(new RequestsFirst({ jobsWhileServing: 1 }), 5);
    await settle();
    expect(jobs.started).toBe(5);
  });

  it('holds jobs beyond the allowance while a request is in flight, and starts them when it ends', async () => {
    const gate = new RequestsFirst({ jobsWhileServing: 2 });
    const endRequest = gate.request();
    const jobs = started(gate, 5);
    await settle();
    expect(jobs.started).toBe(2);
    expect(gate.held).toBe(3);
    endRequest();
    endRequest(); // a second call (close after finish) changes nothing
    await settle();
    expect(jobs.started).toBe(5);
    expect(gate.held).toBe(0);
  });

  it('keeps background work moving under unbroken load: a job that ends lets the next one start', async () => {
    const gate = new RequestsFirst({ jobsWhileServing: 1 });
    gate.request();
    const jobs = started(gate, 3);
    await settle();
    expect(jobs.started).toBe(1);
    jobs.ends[0]();
    jobs.ends[0](); // ending twice frees one slot only
    await settle();
    expect(jobs.started).toBe(2);
    jobs.ends[1]();
    await settle();
    expect(jobs.started).toBe(3);
  });

  it('never allows fewer than one job while serving', async () => {
    const gate = new RequestsFirst({ jobsWhileServing: 0 });
    gate.request();
    const jobs = started(gate, 2);
    await settle();
    expect(jobs.started).toBe(1);
  });

  it('counts overlapping requests: jobs wait until the last one ends', async () => {
    const gate = new RequestsFirst({ jobsWhileServing: 1 });
    const first = gate.request();
    const second = gate.request();
    const blocker = started(gate, 1);
    const jobs = started(gate, 2);
    await settle();
    expect(blocker.started + jobs.started).toBe(1);
    first();
    await settle();
    expect(jobs.started).toBe(0);
    second();
    await settle();
    expect(jobs.started).toBe(2);
  });
});
