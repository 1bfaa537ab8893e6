import { describe, expect, it } from 'vitest';
import type { ReconciliationRun } from '../reconciliation-records.js';
import type { StoredPlanItem } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { openSqliteReconciliations } from './reconciliations.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(id: string, startedAt: string): ReconciliationRun {
  return {
    id,
    status: 'RUNNING',
    dryRun: true,
    trigger: 'api',
    requestedBy: null,
    startedAt,
    finishedAt: null,
    progress: { oktaUsersRead: 0, contactsRead: 0, itemsApplied: 0, itemsFailed: 0 },
    summary: { creates: 0, updates: 0, links: 0, deactivations: 0, conflicts: 0, unchanged: 0 },
    error: null,
  };
}

function item(seq: number, kind: StoredPlanItem['kind']): StoredPlanItem {
  return {
    seq,
    kind,
    oktaUserId: `00u${seq}`,
    contactId: kind === 'create' ? null : `003${seq}`,
    login: null,
    changes: [{ field: 'Title', before: null, after: 'x' }],
    reason: 'r',
    write:
      kind === 'conflict' ? null : { op: 'update', object: 'Contact', record: { Id: `003${seq}` } },
  };
}

describe('SQLite reconciliation repository', () => {
  it('stores runs and pages their items by kind and outcome', () => {
    const store = openSqliteReconciliations({ path: ':memory:' });
    store.insertRun(run('a', '2026-01-01T00:00:00.000Z'));
    store.appendItems('a', [
      item(1, 'update'),
      item(2, 'conflict'),
      item(3, 'create'),
      item(4, 'update'),
    ]);
    expect(store.items('a', { limit: 2 }).map((i) => i.seq)).toEqual([1, 2]);
    expect(store.items('a', { after: 2, limit: 10 }).map((i) => i.seq)).toEqual([3, 4]);
    expect(store.items('a', { limit: 10, kinds: ['update'] }).map((i) => i.seq)).toEqual([1, 4]);
    store.recordOutcomes('a', [
      { seq: 1, ok: true },
      { seq: 3, ok: true, recordId: '003NEW' },
      { seq: 4, ok: false, error: 'ENTITY_IS_DELETED' },
    ]);
    expect(
      store
        .items('a', { limit: 10, pendingOnly: true, kinds: ['create', 'update'] })
        .map((i) => i.seq),
    ).toEqual([4]);
    expect(store.getItem('a', 1)?.outcome).toEqual({ ok: true, recordId: '0031' });
    expect(store.getItem('a', 3)?.outcome).toEqual({ ok: true, recordId: '003NEW' });
    expect(store.getItem('a', 4)?.outcome).toEqual({ ok: false, error: 'ENTITY_IS_DELETED' });
    expect(store.getItem('a', 2)?.write).toBeNull();
    store.replaceItem('a', { ...item(1, 'conflict') });
    expect(store.getItem('a', 1)).toMatchObject({ kind: 'conflict', write: null });
    expect(store.countItems('a', { kinds: ['conflict'] })).toBe(2);
    store.close();
  });

  it('lists newest first, finds runs by status and prunes old runs with their items', () => {
    const store = openSqliteReconciliations({ path: ':memory:' });
    store.insertRun(run('old', '2026-01-01T00:00:00.000Z'));
    store.insertRun(run('new', '2026-01-02T00:00:00.000Z'));
    store.appendItems('old', [item(1, 'update')]);
    store.saveRun({
      ...run('new', '2026-01-02T00:00:00.000Z'),
      status: 'PLANNED',
      guard: { linkedContacts: 9, deactivations: 1, threshold: 20, exceeded: false },
    });
    expect(store.listRuns(10).map((r) => r.id)).toEqual(['new', 'old']);
    expect(store.getRun('new')?.guard).toEqual({
      linkedContacts: 9,
      deactivations: 1,
      threshold: 20,
      exceeded: false,
    });
    expect(store.runsWithStatus(['RUNNING']).map((r) => r.id)).toEqual(['old']);
    expect(store.pruneRuns(1)).toBe(1);
    expect(store.getRun('old')).toBeUndefined();
    expect(store.items('old', { limit: 10 })).toEqual([]);
    store.close();
  });

  it('shares the store file with openSqliteStore, whichever opens it first', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'recon-store-')), 'companion.sqlite');
    const reconciliations = openSqliteReconciliations({ path });
    reconciliations.insertRun(run('a', '2026-01-01T00:00:00.000Z'));
    const store = openSqliteStore({ path });
    expect(store.healthCheck().ok).toBe(true);
    const again = openSqliteReconciliations({ path });
    expect(again.getRun('a')?.id).toBe('a');
    again.close();
    store.close();
    reconciliations.close();
  });
});
