import jsforce from 'jsforce';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  startSalesforceEmulator,
  type SalesforceEmulator,
} from '../../sandbox/salesforce/index.js';
import { silentLogger } from '../logger.js';
import {
  applyWrites,
  COLLECTION_LIMIT,
  type SalesforceWrite,
} from '../salesforce/record-writer.js';
import { openSqliteStore } from '../store/sqlite/open-sqlite-store.js';
import type { AuditEntry, Store } from '../store/types.js';
import { createAuditMirror } from './salesforce-mirror.js';

// The mirror against the emulated org and an in-memory journal. Time is simulated: the
// journal grows at a fixed pace, during every Salesforce call as between the mirror's ticks.

const MIRROR_PATH = '/composite/sobjects/Okta_Sync_Log__c/Event_Id__c';

let sf: SalesforceEmulator;
let conn: jsforce.Connection;
let store: Store;
let mirrorCalls: number;

beforeEach(async () => {
  mirrorCalls = 0;
  sf = await startSalesforceEmulator({
    onRequest: ({ method, path }) => {
      if (method === 'PATCH' && path.endsWith(MIRROR_PATH)) mirrorCalls += 1;
    },
  });
  const token = sf.issueToken();
  conn = new jsforce.Connection({
    instanceUrl: token.instanceUrl,
    accessToken: token.accessToken,
    version: '62.0',
  });
  store = openSqliteStore({ path: ':memory:' });
});

afterEach(async () => {
  await store.close();
  await sf.close();
});

const eventId = (n: number) => `ev-${String(n).padStart(5, '0')}`;

function entry(n: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: `entry-${n}`,
    eventId: eventId(n),
    correlationId: `corr-${n}`,
    direction: 'SALESFORCE_TO_OKTA',
    operation: 'okta-profile-updated',
    status: 'SUCCESS',
    attempts: 1,
    occurredAt: new Date(Date.UTC(2026, 11, 1, 12, 0, 0, n)).toISOString(),
    ...overrides,
  };
}

const write = (writes: readonly SalesforceWrite[]) => applyWrites(conn, writes);

async function mirroredEventIds(): Promise<string[]> {
  const rows: string[] = [];
  let page = await conn.query<{ Event_Id__c: string }>(
    'SELECT Event_Id__c FROM Okta_Sync_Log__c ORDER BY Id',
  );
  rows.push(...page.records.map((r) => r.Event_Id__c));
  while (!page.done && page.nextRecordsUrl) {
    page = await conn.queryMore<{ Event_Id__c: string }>(page.nextRecordsUrl);
    rows.push(...page.records.map((r) => r.Event_Id__c));
  }
  return rows;
}

/** Journals `total` entries at `perSecond` as simulated time advances. */
function burst(total: number, perSecond: number) {
  let written = 0;
  let nowMs = 0;
  return {
    async advanceTo(ms: number) {
      nowMs = Math.max(nowMs, ms);
      const due = Math.min(total, Math.floor((nowMs * perSecond) / 1000));
      for (; written < due; written += 1) await store.audit.record(entry(written));
    },
    advanceBy(ms: number) {
      return this.advanceTo(nowMs + ms);
    },
    get nowMs() {
      return nowMs;
    },
    get done() {
      return written === total;
    },
  };
}

describe('audit mirror', () => {
  it('writes a burst journaled while it runs in full collection calls, each entry once and in order', async () => {
    // The CDC benchmark's pace: 2,000 entries at ~260 a second, a call taking ~15 ms, a tick
    // every 5 s. Entries keep arriving during each call; they wait for the next tick.
    const entries = 2_000;
    const pace = burst(entries, 260);
    const tickMs = 5_000;
    const mirror = createAuditMirror({
      journal: store.audit,
      write: async (writes) => {
        await pace.advanceBy(15);
        return write(writes);
      },
      logger: silentLogger(),
    });

    let total = { mirrored: 0, failed: 0 };
    for (let tick = 1; ; tick += 1) {
      await pace.advanceTo(tick * tickMs);
      const done = pace.done;
      const result = await mirror.flush();
      total = { mirrored: total.mirrored + result.mirrored, failed: total.failed + result.failed };
      if (done && (await store.audit.pendingMirror(1)).length === 0) break;
    }

    // One partial batch per tick at most: two ticks saw the burst.
    expect(mirrorCalls).toBeLessThanOrEqual(Math.ceil(entries / COLLECTION_LIMIT) + 2);
    expect(total).toEqual({ mirrored: entries, failed: 0 });
    expect(await mirroredEventIds()).toEqual(
      Array.from({ length: entries }, (_, n) => `${eventId(n)}/okta-profile-updated`),
    );
  });

  it('drains a backlog in calls of 200 records', async () => {
    for (let n = 0; n < 450; n += 1) await store.audit.record(entry(n));
    const mirror = createAuditMirror({ journal: store.audit, write, logger: silentLogger() });

    expect(await mirror.flush()).toEqual({ mirrored: 450, failed: 0 });
    expect(mirrorCalls).toBe(3);
    expect(await store.audit.pendingMirror(1)).toEqual([]);
  });

  it('reports a row Salesforce refuses and mirrors the rest without retrying it', async () => {
    for (let n = 0; n < 5; n += 1) {
      await store.audit.record(entry(n, n === 2 ? { contactId: '003000000000000AAA' } : {}));
    }
    const warnings: unknown[] = [];
    const logger = { warn: (fields: object | string) => void warnings.push(fields) };
    const mirror = createAuditMirror({ journal: store.audit, write, logger });

    expect(await mirror.flush()).toEqual({ mirrored: 5, failed: 1 });
    expect(warnings).toEqual([expect.objectContaining({ entryId: 'entry-2' })]);
    expect(await mirroredEventIds()).toEqual(
      [0, 1, 3, 4].map((n) => `${eventId(n)}/okta-profile-updated`),
    );
    expect(await mirror.flush()).toEqual({ mirrored: 0, failed: 0 });
  });

  it('resumes from the journal after a failed call or a restart, one row per External Id', async () => {
    for (let n = 0; n < 3; n += 1) await store.audit.record(entry(n, { status: 'RETRYING' }));
    const first = createAuditMirror({ journal: store.audit, write, logger: silentLogger() });
    sf.faults.add({
      route: `PATCH composite/sobjects/Okta_Sync_Log__c/*`,
      error: 'SERVER_UNAVAILABLE',
      times: 1,
    });
    await expect(first.flush()).rejects.toThrow();
    expect(await store.audit.pendingMirror(10)).toHaveLength(3);
    expect(await first.flush()).toEqual({ mirrored: 3, failed: 0 });
    await first.stop();

    // A retried attempt updates its entry; a new instance mirrors only what changed since.
    await store.audit.record(entry(1, { status: 'SUCCESS', attempts: 2 }));
    await store.audit.record(entry(3));
    const restarted = createAuditMirror({ journal: store.audit, write, logger: silentLogger() });
    const callsBefore = mirrorCalls;
    expect(await restarted.flush()).toEqual({ mirrored: 2, failed: 0 });
    expect(mirrorCalls - callsBefore).toBe(1);

    const rows = await conn.query<{ Event_Id__c: string; Status__c: string }>(
      'SELECT Event_Id__c, Status__c FROM Okta_Sync_Log__c ORDER BY Id',
    );
    expect(rows.records.map((r) => [r.Event_Id__c, r.Status__c])).toEqual([
      [`${eventId(0)}/okta-profile-updated`, 'RETRYING'],
      [`${eventId(1)}/okta-profile-updated`, 'SUCCESS'],
      [`${eventId(2)}/okta-profile-updated`, 'RETRYING'],
      [`${eventId(3)}/okta-profile-updated`, 'SUCCESS'],
    ]);
  });
});
