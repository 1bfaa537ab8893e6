import type { Connection } from 'jsforce';
import type { OktaUserSnapshot, SyncSettings } from '../mapping/types.js';
import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';
import type { PlanItemOutcome, ReconciliationStore, StoredPlanItem } from '../store/types.js';
import { resolveAccounts, type AccountResolverDeps } from '../workflows/account-resolver.js';
import { toBulkCsv } from './bulk-csv.js';
import type { PlanItemKind } from './types.js';

/**
 * Executes a stored plan through the writers: sObject Collections (200 records a call) below
 * the bulk threshold, Bulk API 2.0 jobs above it. Items are read in seq order and only those
 * without a successful outcome, and every chunk's outcomes are stored as soon as its call
 * returns, so an apply interrupted by a crash resumes where it stopped. Creates are upserts
 * on Okta_User_Id__c and updates set values, so a chunk that was written but not recorded
 * before a crash is written again without creating a second Contact.
 */

export const APPLIED_KINDS: readonly PlanItemKind[] = ['create', 'update', 'link', 'deactivate'];
const WRITE_PASSES: readonly (readonly PlanItemKind[])[] = [
  ['create'],
  ['update', 'link', 'deactivate'],
];
export const BULK_JOB_SIZE = 10_000;
const COLLECTION_CHUNK = 200;

export interface PlanApplierDeps {
  store: ReconciliationStore;
  salesforce: Connection;
  write: (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;
  query: AccountResolverDeps['query'];
  settings: Pick<SyncSettings, 'bulkThreshold' | 'accountStrategy' | 'defaultOwnerId'>;
  now: () => Date;
  /** Runs before each Salesforce call; throws to stop (API budget). */
  checkpoint: () => Promise<void>;
  onOutcomes: (
    items: readonly StoredPlanItem[],
    outcomes: readonly PlanItemOutcome[],
  ) => Promise<void>;
  bulkPollIntervalMs?: number;
  bulkPollTimeoutMs?: number;
  accountCache?: Map<string, string>;
  /** Waits between the retries of rows refused with UNABLE_TO_LOCK_ROW (tests pass a no-op). */
  sleep?: (ms: number) => Promise<void>;
}

/** Rounds of retries of rows another transaction held locked, and the wait before each. */
export const LOCK_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 5000];

const isLockFailure = (outcome: PlanItemOutcome) =>
  !outcome.ok && (outcome.error ?? '').includes('UNABLE_TO_LOCK_ROW');

/**
 * Rows refused because another transaction held the record or its parent Account are written
 * again, as Salesforce advises: after a wait, in collection calls of their own (far fewer rows
 * under each Account at once than the bulk job or chunk that collided). Writes are upserts and
 * updates that set values, so a second write of a row is harmless. Rows still locked after the
 * last round keep their failure; the next run's plan finds them again.
 */
async function retryLockedRows(
  items: readonly StoredPlanItem[],
  writes: readonly (SalesforceWrite | undefined)[],
  outcomes: readonly PlanItemOutcome[],
  deps: PlanApplierDeps,
): Promise<PlanItemOutcome[]> {
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const current = [...outcomes];
  for (const delayMs of LOCK_RETRY_DELAYS_MS) {
    const locked = current.flatMap((outcome, i) => (isLockFailure(outcome) ? [i] : []));
    if (locked.length === 0) break;
    await sleep(delayMs);
    for (let start = 0; start < locked.length; start += COLLECTION_CHUNK) {
      const chunk = locked.slice(start, start + COLLECTION_CHUNK);
      await deps.checkpoint();
      const again = await applyByCollections(
        chunk.map((i) => items[i] as StoredPlanItem),
        chunk.map((i) => writes[i]),
        deps,
      );
      chunk.forEach((i, k) => {
        const outcome = again[k];
        if (outcome) current[i] = outcome;
      });
    }
  }
  return current;
}

export async function applyPlan(
  runId: string,
  deps: PlanApplierDeps,
): Promise<{ path: 'collections' | 'bulk'; attempted: number }> {
  const pending = await deps.store.countItems(runId, { kinds: APPLIED_KINDS, pendingOnly: true });
  const path = pending >= deps.settings.bulkThreshold ? 'bulk' : 'collections';
  const pageSize = path === 'bulk' ? BULK_JOB_SIZE : COLLECTION_CHUNK;
  const accountCache = deps.accountCache ?? new Map<string, string>();
  let attempted = 0;
  // Creates (upserts) first, then the updates: a call carries one kind of write, so mixing
  // them in a chunk would cost two calls.
  for (const kinds of WRITE_PASSES) {
    let after = 0;
    for (;;) {
      const items = await deps.store.items(runId, {
        after,
        limit: pageSize,
        kinds,
        pendingOnly: true,
      });
      const last = items.at(-1);
      if (!last) break;
      after = last.seq;
      await deps.checkpoint();
      const writes = await withAccounts(items, deps, accountCache);
      const first =
        path === 'bulk'
          ? await applyByBulk(items, writes, deps)
          : await applyByCollections(items, writes, deps);
      const outcomes = await retryLockedRows(items, writes, first, deps);
      await deps.store.recordOutcomes(runId, outcomes);
      await deps.onOutcomes(items, outcomes);
      attempted += items.length;
    }
  }
  return { path, attempted };
}

/** The stored write, stamped now, with the Account resolved for items that wait for one. */
async function withAccounts(
  items: readonly StoredPlanItem[],
  deps: PlanApplierDeps,
  cache: Map<string, string>,
): Promise<(SalesforceWrite | undefined)[]> {
  const syncedAt = deps.now().toISOString();
  const waiting = items.filter((i) => i.account && i.oktaUserId);
  let accountIds = new Map<string, string>();
  if (waiting.length > 0 && deps.settings.accountStrategy !== 'NONE') {
    await deps.checkpoint();
    const users = waiting.map((item) => ({
      user: accountHolder(item.oktaUserId as string, item.account?.name ?? ''),
      accountFields: {},
    }));
    const resolution = await resolveAccounts(
      users,
      { ...deps.settings, accountMatchAttribute: 'profile.organization' },
      { query: deps.query, write: deps.write, cache },
    );
    accountIds = resolution.accountIds;
  }
  return items.map((item) => {
    if (!item.write || item.write.op === 'delete') return undefined;
    const record: Record<string, unknown> = { ...item.write.record };
    if ('Okta_Last_Synced_At__c' in record) record['Okta_Last_Synced_At__c'] = syncedAt;
    const accountId = item.oktaUserId ? accountIds.get(item.oktaUserId) : undefined;
    if (accountId && accountId !== item.account?.before) record['AccountId'] = accountId;
    return { ...item.write, record } as SalesforceWrite;
  });
}

/** The part of a user resolveAccounts reads: its id and organisation. */
function accountHolder(id: string, organization: string): OktaUserSnapshot {
  return {
    id,
    status: 'ACTIVE',
    created: null,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: null,
    passwordChanged: null,
    profile: { organization },
  };
}

function missingWrite(seq: number): PlanItemOutcome {
  return { seq, ok: false, error: 'NO_WRITE: the plan item has nothing to write' };
}

function errorText(result: WriteResult): string {
  return result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') || 'UNKNOWN: failed';
}

async function applyByCollections(
  items: readonly StoredPlanItem[],
  writes: readonly (SalesforceWrite | undefined)[],
  deps: PlanApplierDeps,
): Promise<PlanItemOutcome[]> {
  const present = items.flatMap((item, i) => {
    const write = writes[i];
    return write ? [{ item, write }] : [];
  });
  const results = present.length > 0 ? await deps.write(present.map((p) => p.write)) : [];
  const bySeq = new Map<number, PlanItemOutcome>();
  present.forEach(({ item }, i) => {
    const result = results[i];
    if (!result) bySeq.set(item.seq, { seq: item.seq, ok: false, error: 'NO_RESULT: no result' });
    else if (result.ok) {
      const recordId = result.id ?? item.contactId ?? undefined;
      bySeq.set(item.seq, { seq: item.seq, ok: true, ...(recordId ? { recordId } : {}) });
    } else bySeq.set(item.seq, { seq: item.seq, ok: false, error: errorText(result) });
  });
  return items.map((item) => bySeq.get(item.seq) ?? missingWrite(item.seq));
}

type BulkRow = Record<string, string | undefined>;

async function applyByBulk(
  items: readonly StoredPlanItem[],
  writes: readonly (SalesforceWrite | undefined)[],
  deps: PlanApplierDeps,
): Promise<PlanItemOutcome[]> {
  const outcomes = new Map<number, PlanItemOutcome>();
  const upserts: { seq: number; key: string; record: Record<string, unknown> }[] = [];
  const updates: { seq: number; key: string; record: Record<string, unknown> }[] = [];
  items.forEach((item, i) => {
    const write = writes[i];
    if (!write || write.op === 'delete') outcomes.set(item.seq, missingWrite(item.seq));
    else if (write.op === 'update')
      updates.push({ seq: item.seq, key: String(write.record.Id), record: write.record });
    else if (write.op === 'upsert' && write.externalIdField === 'Okta_User_Id__c') {
      upserts.push({
        seq: item.seq,
        key: String(write.record['Okta_User_Id__c'] ?? ''),
        record: write.record,
      });
    } else
      outcomes.set(item.seq, {
        seq: item.seq,
        ok: false,
        error: `UNSUPPORTED: ${write.op} by bulk`,
      });
  });

  const run = async (
    rows: typeof upserts,
    options: { operation: 'upsert' | 'update'; keyField: string; externalIdFieldName?: string },
  ) => {
    if (rows.length === 0) return;
    await deps.checkpoint();
    const results = await deps.salesforce.bulk2.loadAndWaitForResults({
      object: 'Contact',
      operation: options.operation,
      ...(options.externalIdFieldName ? { externalIdFieldName: options.externalIdFieldName } : {}),
      input: toBulkCsv(rows.map((r) => r.record)),
      pollInterval: deps.bulkPollIntervalMs ?? 1000,
      pollTimeout: deps.bulkPollTimeoutMs ?? 30 * 60_000,
    });
    const seqByKey = new Map(rows.map((r) => [r.key.toLowerCase(), r.seq]));
    const keyOf = (row: BulkRow) => String(row[options.keyField] ?? '').toLowerCase();
    for (const row of results.successfulResults as unknown as BulkRow[]) {
      const seq = seqByKey.get(keyOf(row));
      if (seq !== undefined) {
        outcomes.set(seq, { seq, ok: true, ...(row['sf__Id'] ? { recordId: row['sf__Id'] } : {}) });
      }
    }
    for (const row of results.failedResults as unknown as BulkRow[]) {
      const seq = seqByKey.get(keyOf(row));
      if (seq !== undefined)
        outcomes.set(seq, { seq, ok: false, error: row['sf__Error'] ?? 'failed' });
    }
    for (const r of rows) {
      if (!outcomes.has(r.seq)) {
        outcomes.set(r.seq, {
          seq: r.seq,
          ok: false,
          error: 'UNPROCESSED: the bulk job did not process this record',
        });
      }
    }
  };
  await run(upserts, {
    operation: 'upsert',
    keyField: 'Okta_User_Id__c',
    externalIdFieldName: 'Okta_User_Id__c',
  });
  await run(updates, { operation: 'update', keyField: 'Id' });
  return items.map((item) => outcomes.get(item.seq) ?? missingWrite(item.seq));
}
