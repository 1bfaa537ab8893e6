import type {
  PlanItem,
  PlanItemKind,
  ReconciliationGuard,
  ReconciliationRun,
  ReconciliationStatus,
} from '../reconciliation-records.js';
import type { SalesforceWrite } from '../salesforce-write.js';
import type { PlanItemOutcome, ReconciliationStore, StoredPlanItem } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { reconciliationSql as sql } from './sql.js';

export interface RunRow {
  id: string;
  status: string;
  dry_run: number;
  trigger_kind: string;
  requested_by: string | null;
  started_at: string;
  finished_at: string | null;
  progress: string;
  summary: string;
  guard: string | null;
  error: string | null;
}

export interface ItemRow {
  seq: number;
  kind: string;
  okta_user_id: string | null;
  contact_id: string | null;
  login: string | null;
  changes: string;
  reason: string;
  account: string | null;
  write_json: string | null;
  outcome_ok: number | null;
  outcome_error: string | null;
  outcome_record_id: string | null;
}

export function toRun(row: RunRow): ReconciliationRun {
  const run: ReconciliationRun = {
    id: row.id,
    status: row.status as ReconciliationStatus,
    dryRun: row.dry_run === 1,
    trigger: row.trigger_kind as ReconciliationRun['trigger'],
    requestedBy: row.requested_by,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: JSON.parse(row.progress) as ReconciliationRun['progress'],
    summary: JSON.parse(row.summary) as ReconciliationRun['summary'],
    error: row.error,
  };
  if (row.guard !== null) run.guard = JSON.parse(row.guard) as ReconciliationGuard;
  return run;
}

export function toItem(row: ItemRow): StoredPlanItem {
  const item: StoredPlanItem = {
    seq: row.seq,
    kind: row.kind as PlanItemKind,
    oktaUserId: row.okta_user_id,
    contactId: row.contact_id,
    login: row.login,
    changes: JSON.parse(row.changes) as PlanItem['changes'],
    reason: row.reason,
    write: row.write_json === null ? null : (JSON.parse(row.write_json) as SalesforceWrite),
  };
  if (row.account !== null)
    item.account = JSON.parse(row.account) as NonNullable<PlanItem['account']>;
  if (row.outcome_ok !== null) {
    item.outcome = {
      ok: row.outcome_ok === 1,
      ...(row.outcome_error !== null ? { error: row.outcome_error } : {}),
      ...(row.outcome_record_id !== null ? { recordId: row.outcome_record_id } : {}),
    };
  }
  return item;
}

export function runParams(run: ReconciliationRun, nowMs: number) {
  return {
    id: run.id,
    status: run.status,
    dryRun: run.dryRun ? 1 : 0,
    trigger: run.trigger,
    requestedBy: run.requestedBy,
    startedAt: run.startedAt,
    startedAtMs: Date.parse(run.startedAt),
    finishedAt: run.finishedAt,
    progress: JSON.stringify(run.progress),
    summary: JSON.stringify(run.summary),
    guard: run.guard === undefined ? null : JSON.stringify(run.guard),
    error: run.error,
    now: nowMs,
  };
}

export function itemParams(runId: string, item: StoredPlanItem) {
  return {
    runId,
    seq: item.seq,
    kind: item.kind,
    oktaUserId: item.oktaUserId,
    contactId: item.contactId,
    login: item.login,
    changes: JSON.stringify(item.changes),
    reason: item.reason,
    account: item.account === undefined ? null : JSON.stringify(item.account),
    write: item.write === null ? null : JSON.stringify(item.write),
    outcomeOk: item.outcome === undefined ? null : item.outcome.ok ? 1 : 0,
    outcomeError: item.outcome?.error ?? null,
    outcomeRecordId: item.outcome?.recordId ?? null,
  };
}

function filterParams(
  runId: string,
  query: { kinds?: readonly PlanItemKind[] | undefined; pendingOnly?: boolean | undefined },
) {
  return {
    runId,
    kinds: query.kinds === undefined ? null : JSON.stringify(query.kinds),
    pendingOnly: query.pendingOnly ? 1 : 0,
  };
}

export function createSqliteReconciliations(ctx: SqliteContext): Synchronous<ReconciliationStore> {
  const { db } = ctx;
  const insertRun = db.prepare(sql.insertRun);
  const saveRun = db.prepare(sql.saveRun);
  const getRun = db.prepare<[string], RunRow>(sql.getRun);
  const listRuns = db.prepare<[number], RunRow>(sql.listRuns);
  const runsWithStatus = db.prepare<[string], RunRow>(sql.runsWithStatus);
  const insertItem = db.prepare(sql.insertItem);
  const getItem = db.prepare<[string, number], ItemRow>(sql.getItem);
  const items = db.prepare<Record<string, unknown>, ItemRow>(sql.items);
  const countItems = db.prepare<Record<string, unknown>, { n: number }>(sql.countItems);
  const recordOutcome = db.prepare(sql.recordOutcome);
  const pruneRuns = db.prepare<[number]>(sql.pruneRuns);

  const appendItems = db.transaction((runId: string, list: readonly StoredPlanItem[]) => {
    for (const item of list) insertItem.run(itemParams(runId, item));
  });
  const recordOutcomes = db.transaction((runId: string, outcomes: readonly PlanItemOutcome[]) => {
    for (const o of outcomes) {
      recordOutcome.run({
        runId,
        seq: o.seq,
        ok: o.ok ? 1 : 0,
        error: o.error ?? null,
        recordId: o.recordId ?? null,
      });
    }
  });

  return {
    insertRun: (run) => {
      insertRun.run(runParams(run, ctx.nowMs()));
    },
    saveRun: (run) => {
      saveRun.run(runParams(run, ctx.nowMs()));
    },
    getRun: (id) => {
      const row = getRun.get(id);
      return row ? toRun(row) : undefined;
    },
    listRuns: (limit) => listRuns.all(limit).map(toRun),
    runsWithStatus: (statuses) => runsWithStatus.all(JSON.stringify(statuses)).map(toRun),
    appendItems: (runId, list) => appendItems.immediate(runId, list),
    replaceItem: (runId, item) => {
      insertItem.run(itemParams(runId, item));
    },
    getItem: (runId, seq) => {
      const row = getItem.get(runId, seq);
      return row ? toItem(row) : undefined;
    },
    items: (runId, query) =>
      items
        .all({ ...filterParams(runId, query), after: query.after ?? 0, limit: query.limit })
        .map(toItem),
    countItems: (runId, query) => countItems.get(filterParams(runId, query))?.n ?? 0,
    recordOutcomes: (runId, outcomes) => recordOutcomes.immediate(runId, outcomes),
    pruneRuns: (keep) => pruneRuns.run(keep).changes,
  };
}
