import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger.js';
import { createReconciliationScheduler, type SchedulerTimers } from './scheduler.js';
import type { ReconciliationService } from './types.js';

function harness(cron: { value: string }) {
  let clock = new Date('2026-03-01T01:30:00.000Z');
  const pending: { fn: () => void; at: number }[] = [];
  const timers: SchedulerTimers = {
    set: (fn, ms) => {
      const t = { fn, at: clock.getTime() + ms };
      pending.push(t);
      return t;
    },
    clear: (h) => {
      const i = pending.indexOf(h as (typeof pending)[number]);
      if (i >= 0) pending.splice(i, 1);
    },
  };
  const starts: Parameters<ReconciliationService['start']>[0][] = [];
  const service: Pick<ReconciliationService, 'start'> = {
    start: (input) => {
      starts.push(input);
      return Promise.resolve({ id: `run-${starts.length}` } as never);
    },
  };
  const scheduler = createReconciliationScheduler({
    service,
    cron: () => cron.value,
    logger: silentLogger(),
    now: () => clock,
    timers,
  });
  /** Fires the next timer, moving the clock to it. */
  const tick = () => {
    pending.sort((a, b) => a.at - b.at);
    const next = pending.shift();
    if (!next) throw new Error('no timer armed');
    clock = new Date(next.at);
    next.fn();
  };
  return { scheduler, starts, tick, pending, now: () => clock };
}

describe('reconciliation scheduler', () => {
  it('starts a run with the guard enforced at each fire time', () => {
    const h = harness({ value: '0 2 * * *' });
    h.scheduler.start();
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-01T02:00:00.000Z');
    h.tick();
    expect(h.starts).toEqual([{ dryRun: false, confirmDeactivations: false, trigger: 'schedule' }]);
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-02T02:00:00.000Z');
    // A day is slept in hour-long steps: no run before the fire time.
    for (let i = 0; i < 23; i += 1) h.tick();
    expect(h.starts).toHaveLength(1);
    h.tick();
    expect(h.starts).toHaveLength(2);
    expect(h.now().toISOString()).toBe('2026-03-02T02:00:00.000Z');
  });

  it('picks up a changed expression and stops cleanly', () => {
    const cron = { value: '0 2 * * *' };
    const h = harness(cron);
    h.scheduler.start();
    cron.value = '45 1 * * *';
    h.tick(); // wakes at 02:00 with the old due time: runs, then re-reads
    expect(h.starts).toHaveLength(1);
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-02T01:45:00.000Z');
    h.scheduler.stop();
    expect(h.pending).toHaveLength(0);
    expect(h.scheduler.nextRunAt()).toBeUndefined();
  });

  it('waits an hour and retries when the expression is invalid', () => {
    const cron = { value: 'not a cron' };
    const h = harness(cron);
    h.scheduler.start();
    expect(h.pending[0]?.at).toBe(h.now().getTime() + 60 * 60_000);
    cron.value = '0 3 * * *';
    h.tick();
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-01T03:00:00.000Z');
    expect(h.starts).toHaveLength(0);
  });
});

describe('a changed reconciliation schedule', () => {
  it('takes effect on refresh, before the run time computed from the old one', () => {
    const cron = { value: '0 2 * * *' };
    const h = harness(cron);
    h.scheduler.start();
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-01T02:00:00.000Z');

    cron.value = '45 1 * * *';
    h.scheduler.refresh();

    expect(h.scheduler.view()).toEqual({
      cron: '45 1 * * *',
      nextRunAt: '2026-03-01T01:45:00.000Z',
      error: null,
    });
    expect(h.pending).toHaveLength(1);
    h.tick();
    expect(h.now().toISOString()).toBe('2026-03-01T01:45:00.000Z');
    expect(h.starts).toHaveLength(1);
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-02T01:45:00.000Z');
  });

  it('moves a run later too, and leaves the schedule alone when the expression is unchanged', () => {
    const cron = { value: '0 2 * * *' };
    const h = harness(cron);
    h.scheduler.start();
    h.scheduler.refresh();
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-01T02:00:00.000Z');
    cron.value = '0 6 * * 1';
    h.scheduler.refresh();
    expect(h.scheduler.nextRunAt()?.toISOString()).toBe('2026-03-02T06:00:00.000Z');
    while (h.now().getTime() < Date.parse('2026-03-02T06:00:00.000Z')) h.tick();
    expect(h.starts).toHaveLength(1);
    expect(h.pending).toHaveLength(1);
  });

  it('shows an invalid expression and no next run, and recovers when it is fixed', () => {
    const cron = { value: '0 2 * * *' };
    const h = harness(cron);
    h.scheduler.start();
    cron.value = 'every night';
    h.scheduler.refresh();
    expect(h.scheduler.view()).toMatchObject({ cron: 'every night', nextRunAt: null });
    expect(h.scheduler.view().error).toBeTruthy();
    cron.value = '30 3 * * *';
    h.scheduler.refresh();
    expect(h.scheduler.view()).toEqual({
      cron: '30 3 * * *',
      nextRunAt: '2026-03-01T03:30:00.000Z',
      error: null,
    });
  });
});
