import { describe, expect, it } from 'vitest';
import type { ReconciliationRun } from '../reconciliation-records.js';
import type { StoredPlanItem } from '../types.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The reconciliation repository of a store of its own, closed with it. */
function openReconciliations(path: string) {
  const store = openSqliteStore({ path });
  return Object.assign(store.reconciliations, { close: () => store.close() });
}

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
  it('stores runs and pages their items by kind and outcome', async () => {
    const store = openReconciliations(':memory:');
    await store.insertRun(run('a', '2026-01-01T00:00:00.000Z'));
    await store.appendItems('a', [
      item(1, 'update'),
      item(2, 'conflict'),
      item(3, 'create'),
      item(4, 'update'),
    ]);
    expect((await store.items('a', { limit: 2 })).map((i) => i.seq)).toEqual([1, 2]);
    expect((await store.items('a', { after: 2, limit: 10 })).map((i) => i.seq)).toEqual([3, 4]);
    expect((await store.items('a', { limit: 10, kinds: ['update'] })).map((i) => i.seq)).toEqual([
      1, 4,
    ]);
    await store.recordOutcomes('a', [
      { seq: 1, ok: true },
      { seq: 3, ok: true, recordId: '003NEW' },
      { seq: 4, ok: false, error: 'ENTITY_IS_DELETED' },
    ]);
    expect(
      (await store.items('a', { limit: 10, pendingOnly: true, kinds: ['create', 'update'] })).map(
        (i) => i.seq,
      ),
    ).toEqual([4]);
    expect((await store.getItem('a', 1))?.outcome).toEqual({ ok: true, recordId: '0031' });
    expect((await store.getItem('a', 3))?.outcome).toEqual({ ok: true, recordId: '003NEW' });
    expect((await store.getItem('a', 4))?.outcome).toEqual({
      ok: false,
      error: 'ENTITY_IS_DELETED',
    });
    expect((await store.getItem('a', 2))?.write).toBeNull();
    await store.replaceItem('a', { ...item(1, 'conflict') });
    expect(await store.getItem('a', 1)).toMatchObject({ kind: 'conflict', write: null });
    expect(await store.countItems('a', { kinds: ['conflict'] })).toBe(2);
    await store.close();
  });

  it('lists newest first, finds runs by status and prunes old runs with their items', async () => {
    const store = openReconciliations(':memory:');
    await store.insertRun(run('old', '2026-01-01T00:00:00.000Z'));
    await store.insertRun(run('new', '2026-01-02T00:00:00.000Z'));
    await store.appendItems('old', [item(1, 'update')]);
    await store.saveRun({
      ...run('new', '2026-01-02T00:00:00.000Z'),
      status: 'PLANNED',
      guard: { linkedContacts: 9, deactivations: 1, threshold: 20, exceeded: false },
    });
    expect((await store.listRuns(10)).map((r) => r.id)).toEqual(['new', 'old']);
    expect((await store.getRun('new'))?.guard).toEqual({
      linkedContacts: 9,
      deactivations: 1,
      threshold: 20,
      exceeded: false,
    });
    expect((await store.runsWithStatus(['RUNNING'])).map((r) => r.id)).toEqual(['old']);
    expect(await store.pruneRuns(1)).toBe(1);
    expect(await store.getRun('old')).toBeUndefined();
    expect(await store.items('old', { limit: 10 })).toEqual([]);
    await store.close();
  });

  it('shares the store file with openSqliteStore, whichever opens it first', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'recon-store-')), 'companion.sqlite');
    const reconciliations = openReconciliations(path);
    await reconciliations.insertRun(run('a', '2026-01-01T00:00:00.000Z'));
    const store = openSqliteStore({ path });
    expect((await store.healthCheck()).ok).toBe(true);
    const again = openReconciliations(path);
    expect((await again.getRun('a'))?.id).toBe('a');
    await again.close();
    await store.close();
    await reconciliations.close();
  });
});
