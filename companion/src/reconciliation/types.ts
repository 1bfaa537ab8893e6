/**
 * Reconciliation (workflow 6): a full comparison of Okta users with Contacts that
 * produces a plan, stored and exportable, applied only on request.
 */

import type { PlanItem, PlanItemKind, ReconciliationRun } from '../store/reconciliation-records.js';

export type {
  PlanItem,
  PlanItemKind,
  ReconciliationGuard,
  ReconciliationRun,
  ReconciliationStatus,
  ReconciliationSummary,
} from '../store/reconciliation-records.js';

export interface ReconciliationService {
  /** Starts a run (one at a time: a second start while one runs is refused with a conflict). */
  start(input: {
    dryRun: boolean;
    confirmDeactivations?: boolean;
    trigger: ReconciliationRun['trigger'];
    requestedBy?: string;
  }): Promise<ReconciliationRun>;
  /** Applies a stored dry-run plan. */
  apply(
    id: string,
    input: { confirmDeactivations?: boolean; requestedBy?: string },
  ): Promise<ReconciliationRun>;
  get(id: string): Promise<ReconciliationRun | undefined>;
  list(limit: number): Promise<ReconciliationRun[]>;
  /** The plan in pages, for the setup page and exports. */
  planItems(
    id: string,
    query: { after?: number; limit: number; kinds?: readonly PlanItemKind[] },
  ): Promise<{ items: PlanItem[]; next?: number }>;
  /** The run currently in progress, if any (shown in health). */
  current(): ReconciliationRun | undefined;
  /** Resolves with the run once it is no longer RUNNING or APPLYING (at once when it is not). */
  whenSettled(id: string): Promise<ReconciliationRun | undefined>;
}
