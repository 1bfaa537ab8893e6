/**
 * Every SQL text of the SQLite implementation: the migrations and the statements of each
 * repository. Times are stored as epoch milliseconds (INTEGER) so that comparisons are
 * numeric; the caller-supplied ISO strings of events and audit entries are kept verbatim
 * beside them.
 */

import { NOTIFICATIONS_MIGRATION } from './notifications.js';
import { OKTA_WRITES_MIGRATION } from './okta-writes.js';
import { SYNC_BASELINES_MIGRATION } from './sync-baselines.js';
import { SCIM_DELETED_USERS_MIGRATION, SCIM_MIGRATION } from './scim-resources.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'queue, inbox, dead letters, cursors, audit journal, timers',
    sql: `
      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'leased')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL,
        available_at INTEGER NOT NULL,
        lease_until INTEGER,
        worker_id TEXT,
        last_error TEXT,
        last_error_code TEXT,
        CHECK ((state = 'leased') = (lease_until IS NOT NULL AND worker_id IS NOT NULL))
      );
      CREATE INDEX jobs_by_key ON jobs (subject_key, id);
      CREATE INDEX jobs_by_due ON jobs (available_at, id);
      CREATE INDEX jobs_pending_by_key_kind ON jobs (subject_key, kind, id) WHERE state = 'pending';

      CREATE TABLE dead_letters (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id INTEGER NOT NULL,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT NOT NULL,
        error_code TEXT,
        created_at INTEGER NOT NULL,
        dead_at INTEGER NOT NULL
      );
      CREATE INDEX dead_letters_by_kind ON dead_letters (kind, id);

      CREATE TABLE inbox_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        event_type TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        job_kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        occurred_at_ms INTEGER NOT NULL,
        received_at TEXT NOT NULL,
        payload TEXT,
        job_id INTEGER REFERENCES jobs (id),
        dead_letter_id INTEGER REFERENCES dead_letters (id),
        processed_at INTEGER,
        CHECK (job_id IS NULL OR dead_letter_id IS NULL)
      );
      CREATE INDEX inbox_by_job ON inbox_events (job_id, occurred_at_ms, seq);
      CREATE INDEX inbox_by_dead_letter ON inbox_events (dead_letter_id, occurred_at_ms, seq);
      CREATE INDEX inbox_processed ON inbox_events (processed_at) WHERE processed_at IS NOT NULL;

      CREATE TABLE cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE audit_entries (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL,
        operation TEXT NOT NULL,
        correlation_id TEXT NOT NULL,
        direction TEXT NOT NULL,
        status TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT,
        field_changes TEXT,
        okta_user_id TEXT,
        contact_id TEXT,
        case_id TEXT,
        actor TEXT,
        occurred_at TEXT NOT NULL,
        occurred_at_ms INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        mirrored_revision INTEGER NOT NULL DEFAULT 0,
        UNIQUE (event_id, operation)
      );
      CREATE INDEX audit_by_time ON audit_entries (occurred_at_ms, seq);
      CREATE INDEX audit_unmirrored ON audit_entries (seq) WHERE mirrored_revision < revision;
      CREATE INDEX audit_by_okta_user ON audit_entries (okta_user_id, occurred_at_ms, seq)
        WHERE okta_user_id IS NOT NULL;
      CREATE INDEX audit_by_contact ON audit_entries (contact_id, occurred_at_ms, seq)
        WHERE contact_id IS NOT NULL;

      CREATE TABLE timers (
        id TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        subject_key TEXT NOT NULL,
        job_kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX timers_by_due ON timers (due_at, id);
    `,
  },
  {
    version: 2,
    name: 'reconciliation runs and plan items',
    sql: `
      CREATE TABLE reconciliation_runs (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        dry_run INTEGER NOT NULL,
        trigger_kind TEXT NOT NULL,
        requested_by TEXT,
        started_at TEXT NOT NULL,
        started_at_ms INTEGER NOT NULL,
        finished_at TEXT,
        progress TEXT NOT NULL,
        summary TEXT NOT NULL,
        guard TEXT,
        error TEXT,
        updated_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX reconciliation_runs_by_start ON reconciliation_runs (started_at_ms, id);
      CREATE INDEX reconciliation_runs_by_status ON reconciliation_runs (status);

      CREATE TABLE reconciliation_items (
        run_id TEXT NOT NULL REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        okta_user_id TEXT,
        contact_id TEXT,
        login TEXT,
        changes TEXT NOT NULL,
        reason TEXT NOT NULL,
        account TEXT,
        write_json TEXT,
        outcome_ok INTEGER,
        outcome_error TEXT,
        outcome_record_id TEXT,
        PRIMARY KEY (run_id, seq)
      ) WITHOUT ROWID;
      CREATE INDEX reconciliation_items_by_kind ON reconciliation_items (run_id, kind, seq);
    `,
  },
  SCIM_MIGRATION,
  OKTA_WRITES_MIGRATION,
  SCIM_DELETED_USERS_MIGRATION,
  SYNC_BASELINES_MIGRATION,
  NOTIFICATIONS_MIGRATION,
  // PostgreSQL's versions 8 and 9 add and change a function; the versions stay the same in
  // both stores.
  { version: 8, name: 'inbox accept in one statement', sql: '' },
  { version: 9, name: 'inbox accept waits for no worker', sql: '' },
];

export const migrationSql = {
  createTable: `
    CREATE TABLE IF NOT EXISTS schema_migrations (
      version INTEGER PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at TEXT NOT NULL
    )`,
  applied: `SELECT version FROM schema_migrations ORDER BY version`,
  record: `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
} as const;

export const pragmas = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
] as const;

export const healthSql = { ping: `SELECT 1 AS ok` } as const;

const EVENT_COLUMNS = `seq, source, event_id, event_type, subject_key, job_kind, occurred_at,
  received_at, payload`;

export const inboxSql = {
  insertEvent: `
    INSERT INTO inbox_events
      (event_id, source, event_type, subject_key, job_kind, occurred_at, occurred_at_ms,
       received_at, payload)
    VALUES
      (@eventId, @source, @eventType, @subjectKey, @jobKind, @occurredAt, @occurredAtMs,
       @receivedAt, @payloadJson)
    ON CONFLICT (event_id) DO NOTHING`,
  attachToJob: `UPDATE inbox_events SET job_id = ? WHERE seq = ?`,
  findPendingJob: `
    SELECT id FROM jobs
    WHERE subject_key = ? AND kind = ? AND state = 'pending'
    ORDER BY id DESC LIMIT 1`,
  insertJob: `
    INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
    VALUES (?, ?, 'pending', 0, ?, ?)`,
  has: `SELECT 1 FROM inbox_events WHERE event_id = ?`,
  /** Processed events belong to no job and no dead letter. */
  prune: `DELETE FROM inbox_events WHERE processed_at < ?`,
  latest: `
    SELECT event_id AS eventId, event_type AS eventType, source, received_at AS receivedAt
    FROM inbox_events
    WHERE source IN (SELECT value FROM json_each(?))
    ORDER BY seq DESC LIMIT ?`,
} as const;

const JOB_COLUMNS = `id, subject_key, kind, state, attempts, created_at, available_at,
  lease_until, worker_id, last_error, last_error_code`;

export const jobSql = {
  /**
   * Due and claimable (pending, or leased with an expired lease), and the oldest job of its
   * subject key: an older job of the key is either leased (the key is busy) or goes first.
   */
  claimCandidates: `
    SELECT j.id FROM jobs j
    WHERE j.available_at <= @now
      AND (j.state = 'pending' OR j.lease_until <= @now)
      AND (@kinds IS NULL OR j.kind IN (SELECT value FROM json_each(@kinds)))
      AND NOT EXISTS (
        SELECT 1 FROM jobs o WHERE o.subject_key = j.subject_key AND o.id < j.id)
    ORDER BY j.available_at, j.id
    LIMIT @limit`,
  /** Taking over an expired lease counts the abandoned attempt. */
  lease: `
    UPDATE jobs SET
      attempts = attempts + (state = 'leased'),
      last_error = CASE WHEN state = 'leased' THEN 'lease expired before the job finished' ELSE last_error END,
      last_error_code = CASE WHEN state = 'leased' THEN 'LEASE_EXPIRED' ELSE last_error_code END,
      state = 'leased',
      worker_id = @workerId,
      lease_until = @leaseUntil
    WHERE id = @id
    RETURNING ${JOB_COLUMNS}`,
  get: `SELECT ${JOB_COLUMNS} FROM jobs WHERE id = ?`,
  events: `SELECT ${EVENT_COLUMNS} FROM inbox_events WHERE job_id = ? ORDER BY occurred_at_ms, seq`,
  ownedLease: `
    SELECT id FROM jobs
    WHERE id = @id AND state = 'leased' AND worker_id = @workerId AND lease_until > @now`,
  markEventsProcessed: `
    UPDATE inbox_events SET job_id = NULL, payload = NULL, processed_at = ? WHERE job_id = ?`,
  delete: `DELETE FROM jobs WHERE id = ?`,
  retry: `
    UPDATE jobs SET
      state = 'pending', worker_id = NULL, lease_until = NULL,
      attempts = attempts + 1, available_at = @availableAt,
      last_error = @error, last_error_code = @errorCode
    WHERE id = @id AND state = 'leased' AND worker_id = @workerId AND lease_until > @now`,
  releaseWaiting: `
    UPDATE jobs SET available_at = @now
    WHERE state = 'pending' AND last_error_code = @code AND available_at > @now`,
  countWaiting: `SELECT COUNT(*) AS n FROM jobs WHERE last_error_code = ?`,
  listWaiting: `
    SELECT ${JOB_COLUMNS} FROM jobs WHERE last_error_code = ? ORDER BY id LIMIT ?`,
  releaseLeases: `
    UPDATE jobs SET lease_until = @now
    WHERE state = 'leased' AND lease_until > @now AND worker_id <> @keep
      AND substr(worker_id, 1, length(@prefix)) = @prefix`,
  extendLease: `
    UPDATE jobs SET lease_until = @leaseUntil
    WHERE id = @id AND state = 'leased' AND worker_id = @workerId AND lease_until > @now`,
  /** The failed attempt that sends a job to the dead letters counts. */
  insertDeadLetter: `
    INSERT INTO dead_letters
      (job_id, subject_key, kind, attempts, error, error_code, created_at, dead_at)
    SELECT id, subject_key, kind, attempts + 1, @error, @errorCode, created_at, @now
    FROM jobs WHERE id = @id`,
  moveEventsToDeadLetter: `
    UPDATE inbox_events SET job_id = NULL, dead_letter_id = ? WHERE job_id = ?`,
  counts: `
    SELECT
      COALESCE(SUM(state = 'leased' AND lease_until > @now), 0) AS leased,
      COALESCE(SUM((state = 'pending' OR lease_until <= @now) AND available_at <= @now), 0) AS pending,
      COALESCE(SUM(state = 'pending' AND available_at > @now), 0) AS delayed
    FROM jobs`,
  countDeadLetters: `SELECT COUNT(*) AS n FROM dead_letters`,
  oldestPending: `
    SELECT available_at FROM jobs
    WHERE state = 'pending' AND available_at <= ?
    ORDER BY available_at LIMIT 1`,
  nextAvailable: `
    SELECT available_at FROM jobs
    WHERE state = 'pending' AND available_at > ?
    ORDER BY available_at LIMIT 1`,
} as const;

const DEAD_LETTER_COLUMNS = `id, job_id, subject_key, kind, attempts, error, error_code,
  created_at, dead_at`;

export const deadLetterSql = {
  page: `
    SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters
    WHERE id > @after AND (@kind IS NULL OR kind = @kind)
    ORDER BY id LIMIT @limit`,
  get: `SELECT ${DEAD_LETTER_COLUMNS} FROM dead_letters WHERE id = ?`,
  events: `
    SELECT ${EVENT_COLUMNS} FROM inbox_events
    WHERE dead_letter_id = ? ORDER BY occurred_at_ms, seq`,
  insertJob: `
    INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
    SELECT subject_key, kind, 'pending', 0, @now, @now FROM dead_letters WHERE id = @id`,
  moveEventsToJob: `
    UPDATE inbox_events SET dead_letter_id = NULL, job_id = ? WHERE dead_letter_id = ?`,
  markEventsProcessed: `
    UPDATE inbox_events SET dead_letter_id = NULL, payload = NULL, processed_at = ?
    WHERE dead_letter_id = ?`,
  delete: `DELETE FROM dead_letters WHERE id = ?`,
  ids: `
    SELECT id FROM dead_letters WHERE id > @after AND (@kind IS NULL OR kind = @kind)
    ORDER BY id LIMIT @limit`,
  count: `SELECT COUNT(*) AS n FROM dead_letters`,
} as const;

export const cursorSql = {
  get: `SELECT value FROM cursors WHERE name = ?`,
  set: `
    INSERT INTO cursors (name, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  delete: `DELETE FROM cursors WHERE name = ?`,
} as const;

export const AUDIT_COLUMNS = `seq, id, event_id, operation, correlation_id, direction, status,
  attempts, error, field_changes, okta_user_id, contact_id, case_id, actor, occurred_at,
  occurred_at_ms, updated_at, revision`;

export const auditSql = {
  /** One logical entry per (event, operation): a later attempt updates it in place. */
  upsert: `
    INSERT INTO audit_entries
      (id, event_id, operation, correlation_id, direction, status, attempts, error,
       field_changes, okta_user_id, contact_id, case_id, actor, occurred_at, occurred_at_ms,
       updated_at)
    VALUES
      (@id, @eventId, @operation, @correlationId, @direction, @status, @attempts, @error,
       @fieldChanges, @oktaUserId, @contactId, @caseId, @actor, @occurredAt, @occurredAtMs,
       @updatedAt)
    ON CONFLICT (event_id, operation) DO UPDATE SET
      correlation_id = excluded.correlation_id,
      direction = excluded.direction,
      status = excluded.status,
      attempts = excluded.attempts,
      error = excluded.error,
      field_changes = excluded.field_changes,
      okta_user_id = COALESCE(excluded.okta_user_id, okta_user_id),
      contact_id = COALESCE(excluded.contact_id, contact_id),
      case_id = COALESCE(excluded.case_id, case_id),
      actor = COALESCE(excluded.actor, actor),
      updated_at = excluded.updated_at,
      revision = revision + 1`,
  get: `SELECT ${AUDIT_COLUMNS} FROM audit_entries WHERE id = ?`,
  page: `
    SELECT ${AUDIT_COLUMNS} FROM audit_entries
    WHERE (occurred_at_ms, seq) > (@afterMs, @afterSeq) AND occurred_at_ms < @to
    ORDER BY occurred_at_ms, seq
    LIMIT @limit`,
  pendingMirror: `
    SELECT ${AUDIT_COLUMNS} FROM audit_entries
    WHERE mirrored_revision < revision
    ORDER BY seq LIMIT ?`,
  markMirrored: `
    UPDATE audit_entries SET mirrored_revision = revision
    WHERE id = ? AND revision = ? AND mirrored_revision < revision`,
  latestForOktaUser: `
    SELECT ${AUDIT_COLUMNS} FROM audit_entries WHERE okta_user_id = ?
    ORDER BY occurred_at_ms DESC, seq DESC LIMIT ?`,
  latestForContact: `
    SELECT ${AUDIT_COLUMNS} FROM audit_entries WHERE contact_id = ?
    ORDER BY occurred_at_ms DESC, seq DESC LIMIT ?`,
} as const;

const TIMER_COLUMNS = `id, due_at, subject_key, job_kind, payload`;

export const timerSql = {
  upsert: `
    INSERT INTO timers (id, due_at, subject_key, job_kind, payload, updated_at)
    VALUES (@id, @dueAt, @subjectKey, @jobKind, @payload, @now)
    ON CONFLICT (id) DO UPDATE SET
      due_at = excluded.due_at, subject_key = excluded.subject_key,
      job_kind = excluded.job_kind, payload = excluded.payload, updated_at = excluded.updated_at`,
  delete: `DELETE FROM timers WHERE id = ?`,
  get: `SELECT ${TIMER_COLUMNS} FROM timers WHERE id = ?`,
  due: `SELECT ${TIMER_COLUMNS} FROM timers WHERE due_at <= ? ORDER BY due_at, id`,
  next: `SELECT due_at FROM timers ORDER BY due_at LIMIT 1`,
} as const;

const RUN_COLUMNS = `id, status, dry_run, trigger_kind, requested_by, started_at, finished_at,
  progress, summary, guard, error`;
const ITEM_COLUMNS = `seq, kind, okta_user_id, contact_id, login, changes, reason, account,
  write_json, outcome_ok, outcome_error, outcome_record_id`;
/** @kinds is a JSON array or NULL (every kind); @pendingOnly 1 skips items applied successfully. */
const ITEM_FILTER = `run_id = @runId
    AND (@kinds IS NULL OR kind IN (SELECT value FROM json_each(@kinds)))
    AND (@pendingOnly = 0 OR outcome_ok IS NULL OR outcome_ok = 0)`;

export const reconciliationSql = {
  insertRun: `
    INSERT INTO reconciliation_runs
      (id, status, dry_run, trigger_kind, requested_by, started_at, started_at_ms, finished_at,
       progress, summary, guard, error, updated_at)
    VALUES
      (@id, @status, @dryRun, @trigger, @requestedBy, @startedAt, @startedAtMs, @finishedAt,
       @progress, @summary, @guard, @error, @now)`,
  saveRun: `
    UPDATE reconciliation_runs SET
      status = @status, dry_run = @dryRun, finished_at = @finishedAt, progress = @progress,
      summary = @summary, guard = @guard, error = @error, updated_at = @now
    WHERE id = @id`,
  getRun: `SELECT ${RUN_COLUMNS} FROM reconciliation_runs WHERE id = ?`,
  listRuns: `
    SELECT ${RUN_COLUMNS} FROM reconciliation_runs
    ORDER BY started_at_ms DESC, id DESC LIMIT ?`,
  runsWithStatus: `
    SELECT ${RUN_COLUMNS} FROM reconciliation_runs
    WHERE status IN (SELECT value FROM json_each(?))
    ORDER BY started_at_ms, id`,
  insertItem: `
    INSERT INTO reconciliation_items
      (run_id, seq, kind, okta_user_id, contact_id, login, changes, reason, account, write_json,
       outcome_ok, outcome_error, outcome_record_id)
    VALUES
      (@runId, @seq, @kind, @oktaUserId, @contactId, @login, @changes, @reason, @account, @write,
       @outcomeOk, @outcomeError, @outcomeRecordId)
    ON CONFLICT (run_id, seq) DO UPDATE SET
      kind = excluded.kind, okta_user_id = excluded.okta_user_id,
      contact_id = excluded.contact_id, login = excluded.login, changes = excluded.changes,
      reason = excluded.reason, account = excluded.account, write_json = excluded.write_json,
      outcome_ok = excluded.outcome_ok, outcome_error = excluded.outcome_error,
      outcome_record_id = excluded.outcome_record_id`,
  getItem: `SELECT ${ITEM_COLUMNS} FROM reconciliation_items WHERE run_id = ? AND seq = ?`,
  items: `
    SELECT ${ITEM_COLUMNS} FROM reconciliation_items
    WHERE ${ITEM_FILTER} AND seq > @after
    ORDER BY seq LIMIT @limit`,
  countItems: `SELECT COUNT(*) AS n FROM reconciliation_items WHERE ${ITEM_FILTER}`,
  recordOutcome: `
    UPDATE reconciliation_items SET
      outcome_ok = @ok, outcome_error = @error,
      outcome_record_id = CASE WHEN @ok = 1
        THEN COALESCE(@recordId, outcome_record_id, contact_id) ELSE outcome_record_id END
    WHERE run_id = @runId AND seq = @seq`,
  /** Items go with their run (ON DELETE CASCADE). */
  pruneRuns: `
    DELETE FROM reconciliation_runs WHERE id IN (
      SELECT id FROM reconciliation_runs ORDER BY started_at_ms DESC, id DESC LIMIT -1 OFFSET ?)`,
} as const;
