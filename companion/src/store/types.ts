/**
 * The companion's durable state behind one asynchronous interface: inbox (dedupe), job
 * queue, cursors, audit journal, dead letters, timers, SCIM resources, the Okta write
 * ledger and reconciliation runs. Every method returns a Promise so that a networked
 * database can implement it as well as the embedded one; the SQLite implementation lives
 * in ./sqlite. Callers compose several calls atomically with `Store.transaction`, whose
 * callback receives a store scoped to the transaction.
 */

import type { NotificationStore } from './notification-state.js';
import type {
  PlanItem,
  PlanItemKind,
  ReconciliationRun,
  ReconciliationStatus,
} from './reconciliation-records.js';
import type { SalesforceWrite } from './salesforce-write.js';
import type { OktaWriteStore } from './okta-writes.js';
import type { SyncBaselineStore } from './sync-baselines.js';
import type { ScimResourceStore } from './scim-resources.js';

export type EventSource = 'okta-hook' | 'okta-log' | 'okta-scim' | 'sf-cdc' | 'api' | 'timer';

export interface InboundEvent {
  source: EventSource;
  /** Unique across sources: the same Okta event arriving by hook and by System Log poll is one event. */
  eventId: string;
  eventType: string;
  /** What the event is about, e.g. 'okta-user:00u…', 'sf-user:005…', 'grant:a01…'. Jobs of one key run one at a time. */
  subjectKey: string;
  /** The workflow that handles it, e.g. 'okta-user-sync'. */
  jobKind: string;
  /** ISO 8601 timestamp. */
  occurredAt: string;
  /** Any JSON value. */
  payload: unknown;
  /** ISO 8601; defaults to the store's clock. */
  receivedAt?: string;
}

export interface StoredEvent {
  /** Receipt order, unique in the store. */
  seq: number;
  source: EventSource;
  eventId: string;
  eventType: string;
  subjectKey: string;
  jobKind: string;
  occurredAt: string;
  receivedAt: string;
  payload: unknown;
}

export interface AcceptResult {
  accepted: number;
  duplicates: number;
  acceptedIds: string[];
}

/** An event the inbox accepted, as the health view lists it. */
export interface ReceivedEvent {
  eventId: string;
  eventType: string;
  source: EventSource;
  receivedAt: string;
}

export interface Inbox {
  /**
   * In one transaction: records each event whose eventId was never seen (any source) and
   * enqueues it, appending to the pending (not yet leased) job of the same subject key and
   * kind when there is one (also one waiting for a retry; its due time is kept), otherwise
   * creating a job due now.
   */
  accept(events: readonly InboundEvent[]): Promise<AcceptResult>;
  /** Whether an event id is known (still within the dedupe retention). */
  has(eventId: string): Promise<boolean>;
  /** Forgets processed events received before `olderThan`; returns how many were dropped. */
  pruneProcessed(olderThan: Date): Promise<number>;
  /**
   * The last events accepted from the given sources, newest first, whichever process or
   * instance accepted them.
   */
  latest(limit: number, sources: readonly EventSource[]): Promise<ReceivedEvent[]>;
}

export interface Job {
  id: number;
  subjectKey: string;
  kind: string;
  /** Ordered by occurredAt, then receipt. */
  events: StoredEvent[];
  /** Attempts that failed or were abandoned (expired lease) so far; 0 on the first run. */
  attempts: number;
  createdAt: string;
  availableAt: string;
  leaseUntil: string | null;
  lastError: string | null;
  lastErrorCode: string | null;
}

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  workerId: string;
  /** Only jobs of these kinds; all kinds when omitted. */
  kinds?: readonly string[];
}

export interface FailureRecord {
  error: string;
  errorCode?: string;
}

export interface QueueCounts {
  /** Due now and claimable (including jobs whose lease expired). */
  pending: number;
  /** Leased to a worker with a live lease. */
  leased: number;
  /** Waiting for a future availableAt (backoff). */
  delayed: number;
  deadLetters: number;
}

export interface JobQueueStore {
  /**
   * Leases up to `limit` due jobs, oldest first, at most one per subject key: a key with a
   * live lease is skipped, and only the oldest job of a key can be taken. A job whose lease
   * expired is claimable again and its abandoned attempt is counted.
   */
  claim(options: ClaimOptions): Promise<Job[]>;
  /** Removes the job and marks its events processed. False when the lease is no longer this worker's. */
  complete(jobId: number, workerId: string): Promise<boolean>;
  /**
   * `complete` for several jobs in one write: returns the ids of those completed, the jobs
   * whose lease is still this worker's; the others are left as they are.
   */
  completeMany(jobIds: readonly number[], workerId: string): Promise<number[]>;
  /** Back to pending at `availableAt` with attempts + 1. False when the lease is no longer this worker's. */
  retry(
    jobId: number,
    workerId: string,
    failure: FailureRecord & { availableAt: Date },
  ): Promise<boolean>;
  /** Moves the job and its events to the dead letters. Returns the dead letter id, or undefined when the lease is lost. */
  deadLetter(jobId: number, workerId: string, failure: FailureRecord): Promise<number | undefined>;
  /** Makes the jobs waiting after a failure with this error code due now (e.g. once a person confirmed); returns how many. */
  releaseWaiting(errorCode: string): Promise<number>;
  /** The jobs whose last attempt stopped with this error code (e.g. held for a person), oldest first, at most `limit`, and how many there are. */
  waiting(errorCode: string, limit: number): Promise<{ total: number; jobs: Job[] }>;
  /**
   * Ends the live leases of workers whose id starts with `workerIdPrefix` except `keep` (an
   * instance's earlier runs, e.g. a killed process): their jobs are claimable at once, and the
   * abandoned attempt counts as after an expired lease. Returns how many were released.
   */
  releaseLeases(workerIdPrefix: string, keep: string): Promise<number>;
  /** Pushes the lease to now + leaseMs. False when the lease is no longer this worker's. */
  extendLease(jobId: number, workerId: string, leaseMs: number): Promise<boolean>;
  get(jobId: number): Promise<Job | undefined>;
  counts(): Promise<QueueCounts>;
  /** Milliseconds since the oldest due, unleased job became available; 0 when there is none. */
  oldestPendingAge(): Promise<number>;
  /** When the next not-yet-due job becomes available, if any. */
  nextAvailableAt(): Promise<Date | undefined>;
}

export interface CursorStore {
  get(name: string): Promise<string | undefined>;
  /**
   * Reads the cursor and keeps every other transaction, of any instance, from locking it
   * until this transaction ends: a read-decide-write of a cursor (e.g. the deprovisioning
   * guard's counters) inside `Store.transaction` is one unit across instances.
   */
  lock(name: string): Promise<string | undefined>;
  /** Call inside `Store.transaction` with the inbox write it belongs to. */
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export type AuditDirection =
  'OKTA_TO_SALESFORCE' | 'SALESFORCE_TO_OKTA' | 'RECONCILIATION' | 'ACTION';
/** IN_PROGRESS: a write sent to Salesforce whose result is not journaled yet. */
export type AuditStatus =
  'SUCCESS' | 'FAILED' | 'RETRYING' | 'SKIPPED' | 'DEAD_LETTER' | 'IN_PROGRESS';

export interface FieldChange {
  object: string;
  recordId?: string;
  field: string;
  before?: unknown;
  after: unknown;
}

export interface AuditEntry {
  id: string;
  eventId: string;
  correlationId: string;
  direction: AuditDirection;
  operation: string;
  status: AuditStatus;
  attempts: number;
  error?: string;
  fieldChanges?: FieldChange[];
  oktaUserId?: string;
  contactId?: string;
  caseId?: string;
  actor?: string;
  /** ISO 8601. Fixed by the first record of an entry: it orders the journal. */
  occurredAt: string;
}

export interface StoredAuditEntry extends AuditEntry {
  /** Increases on every update of the entry; mirroring marks one revision. */
  revision: number;
  /** ISO 8601, when the entry was last recorded. */
  updatedAt: string;
}

export interface AuditPage {
  entries: StoredAuditEntry[];
  /** Pass as `after` to read the next page; absent on the last page. */
  next?: string;
}

export interface AuditRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface AuditJournal {
  /**
   * Inserts the entry, or updates the entry with the same eventId and operation (a retried
   * job's attempt updates its line): status, attempts, error, field changes and correlation
   * are replaced, links are kept when the update omits them; id and occurredAt stay those of
   * the first record. An update makes the entry due for mirroring again.
   */
  record(entry: AuditEntry): Promise<void>;
  /**
   * Records the entries in one write, leaving the journal as recording them one after another
   * would (a later entry for the same event and operation updates the earlier one).
   */
  recordMany(entries: readonly AuditEntry[]): Promise<void>;
  get(id: string): Promise<StoredAuditEntry | undefined>;
  /** Entries in [from, to) ordered by occurredAt then insertion; `after` is the previous page's `next`. */
  list(query: AuditRange & { after?: string; limit: number }): Promise<AuditPage>;
  /** Streams every entry of the range in pages, holding one page in memory at a time. */
  iterate(range: AuditRange & { pageSize?: number }): AsyncIterable<StoredAuditEntry>;
  /** Entries not yet copied to Salesforce (or updated since), oldest first. */
  pendingMirror(limit: number): Promise<StoredAuditEntry[]>;
  /** Marks the given revisions mirrored; an entry updated since stays pending. */
  markMirrored(entries: readonly Pick<StoredAuditEntry, 'id' | 'revision'>[]): Promise<number>;
  /** Newest first. */
  latestFor(
    subject: { oktaUserId: string } | { contactId: string },
    limit: number,
  ): Promise<StoredAuditEntry[]>;
}

export interface DeadLetter {
  id: number;
  /** The id the job had in the queue. */
  jobId: number;
  subjectKey: string;
  kind: string;
  attempts: number;
  error: string;
  errorCode: string | null;
  createdAt: string;
  deadAt: string;
  events: StoredEvent[];
}

export interface DeadLetterPage {
  items: DeadLetter[];
  /** Pass as `after` for the next page; absent on the last page. */
  next?: number;
}

export interface DeadLetterStore {
  /** Oldest first. */
  list(query: { limit: number; after?: number; kind?: string }): Promise<DeadLetterPage>;
  get(id: number): Promise<DeadLetter | undefined>;
  /** Re-enqueues the events as a fresh pending job (attempts 0) due now; returns the job id. */
  replay(id: number): Promise<number | undefined>;
  replayAll(filter?: { kind?: string }): Promise<number>;
  /** Gives up on a dead letter: its events count as processed. */
  discard(id: number): Promise<boolean>;
  count(): Promise<number>;
}

export interface TimerSpec {
  id: string;
  dueAt: Date;
  subjectKey: string;
  jobKind: string;
  payload: unknown;
}

export interface ScheduledTimer {
  id: string;
  dueAt: string;
  subjectKey: string;
  jobKind: string;
  payload: unknown;
}

export interface TimerStore {
  /** Idempotent by id: scheduling an existing id replaces its due time and payload. */
  schedule(timer: TimerSpec): Promise<void>;
  cancel(id: string): Promise<boolean>;
  get(id: string): Promise<ScheduledTimer | undefined>;
  /**
   * In one transaction, turns every timer due at `now` into an inbox event (source 'timer',
   * eventId `timer:<id>:<dueAt ISO>`, eventType 'timer.due') and removes it.
   */
  fireDue(now?: Date): Promise<AcceptResult>;
  nextDueAt(): Promise<Date | undefined>;
}

export interface HealthStatus {
  ok: boolean;
  detail?: string;
}

/** The repositories, as a store or a transaction sees them. */
export interface Repositories {
  inbox: Inbox;
  jobs: JobQueueStore;
  cursors: CursorStore;
  audit: AuditJournal;
  deadLetters: DeadLetterStore;
  timers: TimerStore;
  /** What Okta provisioned over SCIM; written in the same transactions as the inbox. */
  scim: ScimResourceStore;
  /** The Okta profile values the companion wrote recently (its write ledger, kept across restarts). */
  oktaWrites: OktaWriteStore;
  /** Reconciliation runs and their plans. */
  reconciliations: ReconciliationStore;
  /** Per person, the values both orgs last agreed on and the Contact linked to the Okta user. */
  syncBaselines: SyncBaselineStore;
  /** The notifier's place in the journal, quiet periods and open digests. */
  notifications: NotificationStore;
}

/**
 * The store as seen inside `transaction`: every call through it is part of the
 * transaction. Use it, not the outer store, until the callback's promise settles; a call
 * through the outer store waits for the transaction to end.
 */
export interface StoreTransaction extends Repositories {
  /** Runs `fn` inside this transaction as a savepoint: a rejection undoes only its writes. */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
}

export interface Store extends Repositories {
  /**
   * Runs `fn` atomically: commits when its promise resolves, rolls back when it rejects (and
   * rejects with the same reason). Keep network calls out of `fn`: the transaction holds
   * the store's write lock until it ends.
   */
  transaction<T>(fn: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  healthCheck(): Promise<HealthStatus>;
  /**
   * Calls `listener` soon after another connection — another process or instance — may have
   * queued jobs, so a worker claims them without waiting for its next poll. Own writes do not
   * call it. Stopping the returned watch is idempotent.
   */
  watchJobs(listener: () => void): JobWatch;
}

export interface JobWatch {
  stop(): Promise<void>;
}

export interface StoredPlanItem extends PlanItem {
  /** The Salesforce write the item applies; null for conflicts. */
  write: SalesforceWrite | null;
}

export interface PlanItemOutcome {
  seq: number;
  ok: boolean;
  error?: string;
  recordId?: string;
}

export interface PlanItemQuery {
  /** Items with a greater seq. */
  after?: number;
  limit: number;
  kinds?: readonly PlanItemKind[];
  /** Only items without a successful outcome. */
  pendingOnly?: boolean;
}

/** Reconciliation runs and their plans: a run row, then its items in plan order. */
export interface ReconciliationStore {
  insertRun(run: ReconciliationRun): Promise<void>;
  /** Replaces the run's status, times, progress, summary, guard and error. */
  saveRun(run: ReconciliationRun): Promise<void>;
  getRun(id: string): Promise<ReconciliationRun | undefined>;
  /** Newest first. */
  listRuns(limit: number): Promise<ReconciliationRun[]>;
  runsWithStatus(statuses: readonly ReconciliationStatus[]): Promise<ReconciliationRun[]>;
  appendItems(runId: string, items: readonly StoredPlanItem[]): Promise<void>;
  /** Rewrites an item already stored (e.g. a link that turned out to be a conflict). */
  replaceItem(runId: string, item: StoredPlanItem): Promise<void>;
  getItem(runId: string, seq: number): Promise<StoredPlanItem | undefined>;
  items(runId: string, query: PlanItemQuery): Promise<StoredPlanItem[]>;
  countItems(runId: string, query: Omit<PlanItemQuery, 'after' | 'limit'>): Promise<number>;
  /** Records outcomes in one transaction. */
  recordOutcomes(runId: string, outcomes: readonly PlanItemOutcome[]): Promise<void>;
  /** Deletes all but the newest `keep` runs; returns how many were deleted. */
  pruneRuns(keep: number): Promise<number>;
}
