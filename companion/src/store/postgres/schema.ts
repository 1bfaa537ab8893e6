import { JOBS_CHANNEL } from './job-notifications.js';

/**
 * The PostgreSQL schema: the same logical tables and versions as the SQLite migrations
 * (../sqlite/sql.ts), so both stores record the same schema_migrations history. Times are
 * epoch milliseconds (BIGINT) as in SQLite; JSON is kept as text, verbatim.
 */

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

/** How an inbox_accept of one schema version locks and signals (see acceptFunction). */
interface AcceptVersion {
  create: 'CREATE' | 'CREATE OR REPLACE';
  /** Whether the pending jobs a batch may join are skipped when another transaction holds them. */
  skipLocked: boolean;
  /** Whether the function notifies the workers itself (at commit of its transaction). */
  notifies: boolean;
  /** Whether its statements may scan whole tables (see acceptFunction). */
  seqScans: boolean;
}

/**
 * An inbox accept as one call, so that a delivery costs one round trip to the server (each
 * one waits for both processes to be scheduled, which on a busy host is most of an
 * acknowledgement). In one transaction, the function:
 * 1. locks the pending jobs the batch may join, skipping those another transaction holds (a
 *    worker claiming it, or another delivery joining it): a delivery never waits for a worker.
 *    A key whose pending job was skipped gets a job of its own, which runs after the older one
 *    (only the oldest job of a key is claimed). Version 8 waited for such a lock instead (in
 *    one order for every instance), which put a worker's claim inside an acknowledgement;
 * 2. gives each key of the events not stored yet its newest locked pending job (two instances
 *    may each have opened one), or opens one, in batch order;
 * 3. inserts the events with their job, sequence numbers drawn in batch order (they order a
 *    job's events of one instant) and rows sorted by event id, so that two instances inserting
 *    the same ids wait for each other in one order; a stored id is skipped, and a job opened
 *    only for events another instance stored meanwhile is removed again.
 * Returns the ids of the events inserted. The batch holds each event id once. The workers are
 * told by the caller once it committed (job-notifications.ts, signalJobs); version 8 notified
 * from inside the transaction.
 *
 * Every table the function reads it reads by key, and a connection plans its statements once
 * and keeps the plans: planned while the inbox was nearly empty (a new deployment, or before
 * autovacuum's first ANALYZE), version 8 checked each delivery's ids against the stored ones by
 * reading the whole inbox, a cost that grew with every event kept. Version 9 uses the indexes
 * whatever the tables held when it was planned.
 */
const acceptFunction = (version: AcceptVersion) => `
  ${version.create} FUNCTION inbox_accept(
    event_ids TEXT[], sources TEXT[], event_types TEXT[], subject_keys TEXT[], job_kinds TEXT[],
    occurred_ats TEXT[], occurred_at_mss BIGINT[], received_ats TEXT[], payloads TEXT[],
    now_ms BIGINT
  ) RETURNS TEXT[] LANGUAGE plpgsql${version.seqScans ? '' : ' SET enable_seqscan = off'} AS $accept$
  DECLARE
    locked_ids BIGINT[];
    locked_keys TEXT[];
    locked_kinds TEXT[];
    fresh_count INTEGER;
    opened_ids BIGINT[];
    target_ids BIGINT[];
    target_keys TEXT[];
    target_kinds TEXT[];
    inserted_ids TEXT[];
  BEGIN
    SELECT COALESCE(array_agg(l.id), '{}'), COALESCE(array_agg(l.subject_key), '{}'),
           COALESCE(array_agg(l.kind), '{}')
    INTO locked_ids, locked_keys, locked_kinds
    FROM (
      SELECT j.id, j.subject_key, j.kind FROM jobs j
      JOIN (SELECT DISTINCT b.subject_key, b.kind FROM unnest(subject_keys, job_kinds)
              AS b (subject_key, kind)) k
        ON j.subject_key = k.subject_key AND j.kind = k.kind
      WHERE j.state = 'pending'
      ORDER BY j.subject_key, j.kind, j.id
      FOR UPDATE OF j${version.skipLocked ? ' SKIP LOCKED' : ''}
    ) l;

    WITH fresh AS (
      SELECT b.subject_key, b.kind, b.ord
      FROM unnest(event_ids, subject_keys, job_kinds) WITH ORDINALITY
        AS b (event_id, subject_key, kind, ord)
      WHERE NOT EXISTS (SELECT 1 FROM inbox_events e WHERE e.event_id = b.event_id)
    ), keys AS (
      SELECT f.subject_key, f.kind, min(f.ord) AS first_ord, count(*) AS events
      FROM fresh f GROUP BY f.subject_key, f.kind
    ), newest AS (
      SELECT DISTINCT ON (p.subject_key, p.kind) p.id, p.subject_key, p.kind
      FROM unnest(locked_ids, locked_keys, locked_kinds) AS p (id, subject_key, kind)
      ORDER BY p.subject_key, p.kind, p.id DESC
    ), opened AS (
      INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
      SELECT k.subject_key, k.kind, 'pending', 0, now_ms, now_ms
      FROM keys k
      WHERE NOT EXISTS (
        SELECT 1 FROM newest n WHERE n.subject_key = k.subject_key AND n.kind = k.kind)
      ORDER BY k.first_ord
      RETURNING id, subject_key, kind
    ), targets AS (
      SELECT o.id, o.subject_key, o.kind, true AS opened FROM opened o
      UNION ALL
      SELECT n.id, n.subject_key, n.kind, false FROM newest n
      JOIN keys k ON k.subject_key = n.subject_key AND k.kind = n.kind
    )
    SELECT (SELECT COALESCE(sum(k.events), 0) FROM keys k),
           COALESCE(array_agg(t.id) FILTER (WHERE t.opened), '{}'),
           COALESCE(array_agg(t.id), '{}'), COALESCE(array_agg(t.subject_key), '{}'),
           COALESCE(array_agg(t.kind), '{}')
    INTO fresh_count, opened_ids, target_ids, target_keys, target_kinds
    FROM targets t;
    IF fresh_count = 0 THEN
      RETURN '{}';
    END IF;

    WITH inserted AS (
      INSERT INTO inbox_events
        (seq, event_id, source, event_type, subject_key, job_kind, occurred_at, occurred_at_ms,
         received_at, payload, job_id)
      SELECT e.seq, e.event_id, e.source, e.event_type, e.subject_key, e.job_kind,
             e.occurred_at, e.occurred_at_ms, e.received_at, e.payload, t.id
      FROM (
        SELECT u.*, nextval(pg_get_serial_sequence('inbox_events', 'seq')) AS seq
        FROM unnest(event_ids, sources, event_types, subject_keys, job_kinds, occurred_ats,
                    occurred_at_mss, received_ats, payloads)
             WITH ORDINALITY AS u (event_id, source, event_type, subject_key, job_kind,
                                   occurred_at, occurred_at_ms, received_at, payload, ord)
        ORDER BY u.ord
      ) e
      JOIN unnest(target_ids, target_keys, target_kinds) AS t (id, subject_key, kind)
        ON t.subject_key = e.subject_key AND t.kind = e.job_kind
      ORDER BY e.event_id
      ON CONFLICT (event_id) DO NOTHING
      RETURNING event_id
    )
    SELECT COALESCE(array_agg(event_id), '{}') INTO inserted_ids FROM inserted;

    IF cardinality(inserted_ids) < fresh_count AND cardinality(opened_ids) > 0 THEN
      DELETE FROM jobs j
      WHERE j.id = ANY (opened_ids)
        AND NOT EXISTS (SELECT 1 FROM inbox_events e WHERE e.job_id = j.id);
    END IF;
    ${
      version.notifies
        ? `IF cardinality(inserted_ids) > 0 THEN
      PERFORM pg_notify('${JOBS_CHANNEL}', '');
    END IF;`
        : ''
    }
    RETURN inserted_ids;
  END
  $accept$;
`;

export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'queue, inbox, dead letters, cursors, audit journal, timers',
    sql: `
      CREATE TABLE jobs (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'leased')),
        attempts INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        available_at BIGINT NOT NULL,
        lease_until BIGINT,
        worker_id TEXT,
        last_error TEXT,
        last_error_code TEXT,
        CHECK ((state = 'leased') = (lease_until IS NOT NULL AND worker_id IS NOT NULL))
      );
      CREATE INDEX jobs_by_key ON jobs (subject_key, id);
      CREATE INDEX jobs_by_due ON jobs (available_at, id);
      CREATE INDEX jobs_pending_by_key_kind ON jobs (subject_key, kind, id) WHERE state = 'pending';
      CREATE INDEX jobs_by_error_code ON jobs (last_error_code) WHERE last_error_code IS NOT NULL;

      CREATE TABLE dead_letters (
        id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        job_id BIGINT NOT NULL,
        subject_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        error TEXT NOT NULL,
        error_code TEXT,
        created_at BIGINT NOT NULL,
        dead_at BIGINT NOT NULL
      );
      CREATE INDEX dead_letters_by_kind ON dead_letters (kind, id);

      CREATE TABLE inbox_events (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        event_id TEXT NOT NULL UNIQUE,
        source TEXT NOT NULL,
        event_type TEXT NOT NULL,
        subject_key TEXT NOT NULL,
        job_kind TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        occurred_at_ms BIGINT NOT NULL,
        received_at TEXT NOT NULL,
        payload TEXT,
        job_id BIGINT REFERENCES jobs (id),
        dead_letter_id BIGINT REFERENCES dead_letters (id),
        processed_at BIGINT,
        CHECK (job_id IS NULL OR dead_letter_id IS NULL)
      );
      CREATE INDEX inbox_by_job ON inbox_events (job_id, occurred_at_ms, seq);
      CREATE INDEX inbox_by_dead_letter ON inbox_events (dead_letter_id, occurred_at_ms, seq);
      CREATE INDEX inbox_processed ON inbox_events (processed_at) WHERE processed_at IS NOT NULL;

      CREATE TABLE cursors (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );

      CREATE TABLE audit_entries (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
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
        occurred_at_ms BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
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
        due_at BIGINT NOT NULL,
        subject_key TEXT NOT NULL,
        job_kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        updated_at BIGINT NOT NULL
      );
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
        started_at_ms BIGINT NOT NULL,
        finished_at TEXT,
        progress TEXT NOT NULL,
        summary TEXT NOT NULL,
        guard TEXT,
        error TEXT,
        updated_at BIGINT NOT NULL
      );
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
      );
      CREATE INDEX reconciliation_items_by_kind ON reconciliation_items (run_id, kind, seq);
    `,
  },
  {
    version: 3,
    name: 'SCIM users and groups',
    sql: `
      CREATE TABLE scim_users (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        user_name TEXT NOT NULL,
        user_name_key TEXT NOT NULL UNIQUE,
        external_id TEXT,
        okta_user_id TEXT,
        active INTEGER NOT NULL,
        attributes TEXT NOT NULL,
        version INTEGER NOT NULL,
        created TEXT NOT NULL,
        last_modified TEXT NOT NULL
      );
      CREATE INDEX scim_users_by_okta_user ON scim_users (okta_user_id) WHERE okta_user_id IS NOT NULL;
      CREATE INDEX scim_users_by_external_id ON scim_users (external_id) WHERE external_id IS NOT NULL;

      CREATE TABLE scim_groups (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        display_name_key TEXT NOT NULL,
        external_id TEXT,
        okta_group_id TEXT,
        version INTEGER NOT NULL,
        created TEXT NOT NULL,
        last_modified TEXT NOT NULL
      );
      CREATE INDEX scim_groups_by_name ON scim_groups (display_name_key);

      CREATE TABLE scim_group_members (
        group_id TEXT NOT NULL REFERENCES scim_groups (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        PRIMARY KEY (group_id, user_id)
      );
    `,
  },
  {
    version: 4,
    name: 'Okta write ledger',
    sql: `
      CREATE TABLE okta_writes (
        seq BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
        user_id TEXT NOT NULL,
        attribute TEXT NOT NULL,
        value_json TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE INDEX okta_writes_by_user ON okta_writes (user_id, attribute, seq);
      CREATE INDEX okta_writes_by_expiry ON okta_writes (expires_at);
    `,
  },
  {
    version: 5,
    name: 'SCIM users kept inactive after a DELETE',
    sql: `ALTER TABLE scim_users ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 6,
    name: 'Sync baselines and Contact links',
    sql: `
      CREATE TABLE sync_baselines (
        okta_user_id TEXT PRIMARY KEY,
        contact_id TEXT,
        contact_key TEXT,
        values_json JSONB NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE INDEX sync_baselines_by_contact ON sync_baselines (contact_key, updated_at);
    `,
  },
  {
    version: 7,
    name: 'notifications: journal reading, quiet periods, digests',
    sql: `
      ALTER TABLE audit_entries ADD COLUMN notified_revision INTEGER NOT NULL DEFAULT 0;
      UPDATE audit_entries SET notified_revision = revision;
      CREATE INDEX audit_unnotified ON audit_entries (seq) WHERE notified_revision < revision;

      CREATE TABLE notification_sends (
        key TEXT PRIMARY KEY,
        sent_at BIGINT NOT NULL
      );
      CREATE INDEX notification_sends_by_time ON notification_sends (sent_at);

      CREATE TABLE notification_digests (
        key TEXT PRIMARY KEY,
        rule_name TEXT NOT NULL,
        owner_id TEXT,
        due_at BIGINT NOT NULL,
        count INTEGER NOT NULL,
        samples TEXT NOT NULL,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL
      );
      CREATE INDEX notification_digests_by_due ON notification_digests (due_at, key);
    `,
  },
  {
    version: 8,
    name: 'inbox accept in one statement',
    sql: acceptFunction({
      create: 'CREATE',
      skipLocked: false,
      notifies: true,
      seqScans: true,
    }),
  },
  {
    version: 9,
    name: 'inbox accept waits for no worker',
    sql: acceptFunction({
      create: 'CREATE OR REPLACE',
      skipLocked: true,
      notifies: false,
      seqScans: false,
    }),
  },
];
