/**
 * Reconciliation (workflow 6): a full comparison of Okta users with Contacts that
 * produces a plan, stored and exportable, applied only on request.
 */

export type ReconciliationStatus =
  'QUEUED' | 'RUNNING' | 'PLANNED' | 'APPLYING' | 'APPLIED' | 'REFUSED' | 'FAILED';

export type PlanItemKind = 'create' | 'update' | 'link' | 'deactivate' | 'conflict';

export interface PlanItem {
  seq: number;
  kind: PlanItemKind;
  oktaUserId: string | null;
  contactId: string | null;
  login: string | null;
  /** Field-level differences (update, link, deactivate) or the fields of the new record (create). */
  changes: { field: string; before: unknown; after: unknown }[];
  reason: string;
  /** Set after apply. */
  outcome?: { ok: boolean; error?: string; recordId?: string };
  /**
   * The Account this Contact belongs to does not exist yet (or has no organisation key): it is
   * found or created, by the account strategy, when the plan is applied.
   */
  account?: { name: string; before: string | null };
}

export interface ReconciliationSummary {
  creates: number;
  updates: number;
  links: number;
  deactivations: number;
  conflicts: number;
  unchanged: number;
  /** Users outside the Contact filter with no linked Contact, and inactive users with none. */
  skipped?: number;
}

/** The blast-radius check of a plan: deactivations against the share of linked Contacts. */
export interface ReconciliationGuard {
  linkedContacts: number;
  deactivations: number;
  threshold: number;
  exceeded: boolean;
}

export interface ReconciliationRun {
  id: string;
  status: ReconciliationStatus;
  dryRun: boolean;
  trigger: 'api' | 'schedule' | 'cli';
  requestedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  progress: {
    oktaUsersRead: number;
    contactsRead: number;
    itemsApplied: number;
    itemsFailed: number;
  };
  summary: ReconciliationSummary;
  error: string | null;
  /** Set once the plan is complete. */
  guard?: ReconciliationGuard;
}

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
  get(id: string): ReconciliationRun | undefined;
  list(limit: number): ReconciliationRun[];
  /** The plan in pages, for the setup page and exports. */
  planItems(
    id: string,
    query: { after?: number; limit: number; kinds?: readonly PlanItemKind[] },
  ): { items: PlanItem[]; next?: number };
  /** The run currently in progress, if any (shown in health). */
  current(): ReconciliationRun | undefined;
  /** Resolves with the run once it is no longer RUNNING or APPLYING (at once when it is not). */
  whenSettled(id: string): Promise<ReconciliationRun | undefined>;
}
