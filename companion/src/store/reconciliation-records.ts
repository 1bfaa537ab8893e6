/**
 * The records of reconciliation (workflow 6) as the store keeps them: runs and their plan
 * items. The reconciliation service works with these; the store owns their shape.
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
