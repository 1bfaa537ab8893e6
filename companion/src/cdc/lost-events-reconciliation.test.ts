import { describe, expect, it } from 'vitest';
import { conflict } from '../errors/domain-errors.js';
import type { ReconciliationRun } from '../store/reconciliation-records.js';
import type { AuditEntry } from '../store/types.js';
import { createLostEventsReconciler } from './lost-events-reconciliation.js';

function run(id: string): ReconciliationRun {
  return {
    id,
    status: 'RUNNING',
    dryRun: false,
    trigger: 'schedule',
    requestedBy: null,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: null,
    progress: { oktaUsersRead: 0, contactsRead: 0, itemsApplied: 0, itemsFailed: 0 },
    summary: { creates: 0, updates: 0, links: 0, deactivations: 0, conflicts: 0, unchanged: 0 },
    error: null,
  };
}

/** A service with one run slot, as the real one: a start while a run is active is a conflict. */
function service() {
  let active: { run: ReconciliationRun; settle: () => void; done: Promise<void> } | undefined;
  const started: ReconciliationRun[] = [];
  return {
    started,
    begin(id: string) {
      let settle: () => void = () => undefined;
      const done = new Promise<void>((resolve) => {
        settle = resolve;
      });
      active = { run: run(id), settle, done };
      return active;
    },
    finish() {
      active?.settle();
      active = undefined;
    },
    port: {
      start: async () => {
        if (active) throw conflict('A reconciliation is already in progress.');
        const r = run(`run-${started.length + 1}`);
        started.push(r);
        return r;
      },
      current: () => active?.run,
      whenSettled: async (id: string) => {
        if (active?.run.id === id) await active.done;
        return undefined;
      },
    },
  };
}

const silent = { warn: () => undefined, error: () => undefined };

describe('lost Contact events → reconciliation', () => {
  it('starts a run at once and journals it; other entities start none', async () => {
    const s = service();
    const journal: AuditEntry[] = [];
    const reconciler = createLostEventsReconciler({
      reconciliation: () => s.port,
      audit: { record: async (e) => void journal.push(e) },
      logger: silent,
    });
    expect(await reconciler.request('Lead', 'replay-lost')).toBeUndefined();
    expect(await reconciler.request('Contact', 'replay-lost')).toMatchObject({ id: 'run-1' });
    expect(journal).toEqual([
      expect.objectContaining({
        direction: 'RECONCILIATION',
        operation: 'reconciliation-requested',
        status: 'SUCCESS',
        correlationId: 'run-1',
        error: expect.stringContaining('replay-lost'),
      }),
    ]);
  });

  it('waits for a run in progress instead of dropping the request; joins requests that wait', async () => {
    const s = service();
    s.begin('earlier');
    const reconciler = createLostEventsReconciler({
      reconciliation: () => s.port,
      audit: { record: async () => undefined },
      logger: silent,
    });
    const first = reconciler.request('Contact', 'replay-lost');
    const second = reconciler.request('Contact', 'gap-overflow');
    await new Promise((resolve) => setImmediate(resolve));
    expect(s.started).toEqual([]);
    s.finish();
    expect(await first).toMatchObject({ id: 'run-1' });
    expect(await second).toMatchObject({ id: 'run-1' });
    expect(s.started).toHaveLength(1);
  });

  it('starts after a run that began between its check and its start (a conflict)', async () => {
    const s = service();
    let racing = true;
    const reconciler = createLostEventsReconciler({
      reconciliation: () => ({
        ...s.port,
        start: async () => {
          if (racing) {
            racing = false;
            s.begin('raced');
            setImmediate(() => s.finish());
          }
          return s.port.start();
        },
      }),
      audit: { record: async () => undefined },
      logger: silent,
    });
    expect(await reconciler.request('Contact', 'replay-lost')).toMatchObject({ id: 'run-1' });
    expect(s.started).toHaveLength(1);
  });

  it('journals a failure to start', async () => {
    const journal: AuditEntry[] = [];
    const reconciler = createLostEventsReconciler({
      reconciliation: () => ({
        start: async () => {
          throw new Error('store closed');
        },
        current: () => undefined,
        whenSettled: async () => undefined,
      }),
      audit: { record: async (e) => void journal.push(e) },
      logger: silent,
    });
    expect(await reconciler.request('Contact', 'replay-lost')).toBeUndefined();
    expect(journal).toEqual([
      expect.objectContaining({ status: 'FAILED', error: expect.stringContaining('store closed') }),
    ]);
  });
});
