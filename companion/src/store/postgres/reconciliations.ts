import type { PlanItemKind } from '../reconciliation-records.js';
import type { ReconciliationStore, StoredPlanItem } from '../types.js';
import {
  type ItemRow,
  itemParams,
  type RunRow,
  runParams,
  toItem,
  toRun,
} from '../sqlite/reconciliations.js';
import type { PgContext } from './context.js';

const RUN_COLUMNS = `id, status, dry_run, trigger_kind, requested_by, started_at, finished_at,
  progress, summary, guard, error`;
const ITEM_COLUMNS = `seq, kind, okta_user_id, contact_id, login, changes, reason, account,
  write_json, outcome_ok, outcome_error, outcome_record_id`;
/** $1 run id, $2 kinds (NULL: every kind), $3 true: only items not applied successfully. */
const ITEM_FILTER = `run_id = $1
  AND ($2::text[] IS NULL OR kind = ANY ($2::text[]))
  AND (NOT $3::boolean OR outcome_ok IS NULL OR outcome_ok = 0)`;

const insertItem = `
  INSERT INTO reconciliation_items
    (run_id, seq, kind, okta_user_id, contact_id, login, changes, reason, account, write_json,
     outcome_ok, outcome_error, outcome_record_id)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
  ON CONFLICT (run_id, seq) DO UPDATE SET
    kind = excluded.kind, okta_user_id = excluded.okta_user_id,
    contact_id = excluded.contact_id, login = excluded.login, changes = excluded.changes,
    reason = excluded.reason, account = excluded.account, write_json = excluded.write_json,
    outcome_ok = excluded.outcome_ok, outcome_error = excluded.outcome_error,
    outcome_record_id = excluded.outcome_record_id`;

function itemValues(runId: string, item: StoredPlanItem): unknown[] {
  const p = itemParams(runId, item);
  return [
    p.runId,
    p.seq,
    p.kind,
    p.oktaUserId,
    p.contactId,
    p.login,
    p.changes,
    p.reason,
    p.account,
    p.write,
    p.outcomeOk,
    p.outcomeError,
    p.outcomeRecordId,
  ];
}

function filterValues(
  runId: string,
  query: { kinds?: readonly PlanItemKind[] | undefined; pendingOnly?: boolean | undefined },
): unknown[] {
  return [runId, query.kinds === undefined ? null : [...query.kinds], query.pendingOnly === true];
}

export function createPgReconciliations(ctx: PgContext): ReconciliationStore {
  return {
    insertRun: async (run) => {
      const p = runParams(run, ctx.nowMs());
      await ctx.run(
        `INSERT INTO reconciliation_runs
           (id, status, dry_run, trigger_kind, requested_by, started_at, started_at_ms,
            finished_at, progress, summary, guard, error, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
        [
          p.id,
          p.status,
          p.dryRun,
          p.trigger,
          p.requestedBy,
          p.startedAt,
          p.startedAtMs,
          p.finishedAt,
          p.progress,
          p.summary,
          p.guard,
          p.error,
          p.now,
        ],
      );
    },
    saveRun: async (run) => {
      const p = runParams(run, ctx.nowMs());
      await ctx.run(
        `UPDATE reconciliation_runs SET
           status = $2, dry_run = $3, finished_at = $4, progress = $5, summary = $6,
           guard = $7, error = $8, updated_at = $9
         WHERE id = $1`,
        [p.id, p.status, p.dryRun, p.finishedAt, p.progress, p.summary, p.guard, p.error, p.now],
      );
    },
    getRun: async (id) => {
      const [row] = await ctx.rows<RunRow>(
        `SELECT ${RUN_COLUMNS} FROM reconciliation_runs WHERE id = $1`,
        [id],
      );
      return row ? toRun(row) : undefined;
    },
    listRuns: async (limit) =>
      (
        await ctx.rows<RunRow>(
          `SELECT ${RUN_COLUMNS} FROM reconciliation_runs
           ORDER BY started_at_ms DESC, id DESC LIMIT $1`,
          [limit],
        )
      ).map(toRun),
    runsWithStatus: async (statuses) =>
      (
        await ctx.rows<RunRow>(
          `SELECT ${RUN_COLUMNS} FROM reconciliation_runs WHERE status = ANY ($1::text[])
           ORDER BY started_at_ms, id`,
          [[...statuses]],
        )
      ).map(toRun),
    appendItems: (runId, items) =>
      ctx.atomic(async (tx) => {
        for (const item of items) await tx.run(insertItem, itemValues(runId, item));
      }),
    replaceItem: async (runId, item) => {
      await ctx.run(insertItem, itemValues(runId, item));
    },
    getItem: async (runId, seq) => {
      const [row] = await ctx.rows<ItemRow>(
        `SELECT ${ITEM_COLUMNS} FROM reconciliation_items WHERE run_id = $1 AND seq = $2`,
        [runId, seq],
      );
      return row ? toItem(row) : undefined;
    },
    items: async (runId, query) =>
      (
        await ctx.rows<ItemRow>(
          `SELECT ${ITEM_COLUMNS} FROM reconciliation_items
           WHERE ${ITEM_FILTER} AND seq > $4 ORDER BY seq LIMIT $5`,
          [...filterValues(runId, query), query.after ?? 0, query.limit],
        )
      ).map(toItem),
    countItems: async (runId, query) =>
      (
        await ctx.rows<{ n: number }>(
          `SELECT COUNT(*) AS n FROM reconciliation_items WHERE ${ITEM_FILTER}`,
          filterValues(runId, query),
        )
      )[0]?.n ?? 0,
    recordOutcomes: (runId, outcomes) =>
      ctx.atomic(async (tx) => {
        for (const o of outcomes) {
          await tx.run(
            `UPDATE reconciliation_items SET
               outcome_ok = $3, outcome_error = $4,
               outcome_record_id = CASE WHEN $3 = 1
                 THEN COALESCE($5, outcome_record_id, contact_id) ELSE outcome_record_id END
             WHERE run_id = $1 AND seq = $2`,
            [runId, o.seq, o.ok ? 1 : 0, o.error ?? null, o.recordId ?? null],
          );
        }
      }),
    pruneRuns: (keep) =>
      ctx.run(
        `DELETE FROM reconciliation_runs WHERE id IN (
           SELECT id FROM reconciliation_runs ORDER BY started_at_ms DESC, id DESC OFFSET $1)`,
        [keep],
      ),
  };
}
