import pg from 'pg';
import { iterateAuditPages } from '../audit-pages.js';
import type { LeaderLease } from '../leader-lease.js';
import type { Repositories, Store, StoreTransaction } from '../types.js';
import { createPgAuditJournal } from './audit-journal.js';
import { type PgContext, poolContext } from './context.js';
import { createPgCursors } from './cursors.js';
import { createPgDeadLetters } from './dead-letters.js';
import { createPgInbox } from './inbox.js';
import { createPgJobQueue } from './job-queue.js';
import { listenForJobs, signalJobs } from './job-notifications.js';
import { createPgLeaderLease } from './leader-lease.js';
import { migratePostgres } from './migrate.js';
import { createPgNotifications } from './notifications.js';
import { createPgOktaWrites } from './okta-writes.js';
import { createPgSyncBaselines } from './sync-baselines.js';
import { createPgReconciliations } from './reconciliations.js';
import { PG_MIGRATIONS } from './schema.js';
import { createPgScimResources } from './scim-resources.js';
import { createPgTimers } from './timers.js';
import { createPgTransactionGate } from './transaction-gate.js';

/** The store, and the lease its instances elect a leader with. */
export interface PostgresStore extends Store {
  leaderLease: LeaderLease;
}

export interface PostgresStoreOptions {
  /** postgres://user:password@host:port/database */
  connectionString: string;
  now?: () => Date;
  /** Connections of this instance's pool. */
  poolSize?: number;
}

const INT8_OID = 20;

/**
 * Counts and BIGINT columns (epoch milliseconds, identities) as numbers: every value the
 * store keeps fits in a double.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/** `jobsQueued` tells the listening workers that an accept committed new jobs. */
export function repositoriesOn(ctx: PgContext, jobsQueued: () => void): Repositories {
  const inbox = createPgInbox(ctx, jobsQueued);
  return {
    inbox,
    jobs: createPgJobQueue(ctx),
    cursors: createPgCursors(ctx),
    audit: createPgAuditJournal(ctx),
    deadLetters: createPgDeadLetters(ctx),
    timers: createPgTimers(ctx, (tx) => createPgInbox(tx, jobsQueued)),
    scim: createPgScimResources(ctx),
    oktaWrites: createPgOktaWrites(ctx),
    reconciliations: createPgReconciliations(ctx),
    syncBaselines: createPgSyncBaselines(ctx),
    notifications: createPgNotifications(ctx),
  };
}

/** Every method of the repositories, run once `before` has resolved. */
function after<T extends object>(repository: T, before: () => Promise<void>): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(repository)) {
    if (typeof method !== 'function') continue;
    wrapped[name] = (...args: unknown[]) =>
      before().then(() => (method as (...a: unknown[]) => unknown).apply(repository, args));
  }
  // The same methods, each now waiting for `before`.
  return wrapped as T;
}

/**
 * Opens the PostgreSQL store and applies pending migrations (under an advisory lock, so
 * instances starting together do not race). Several instances may share one database: the
 * queue is claimed with FOR UPDATE SKIP LOCKED, and the inbox de-duplicates by its unique
 * event id.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const now = options.now ?? (() => new Date());
  const nowMs = () => now().getTime();
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    types,
  });
  // An idle client whose connection drops is discarded by the pool; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, PG_MIGRATIONS, now);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const gate = createPgTransactionGate(pool, nowMs);
  const jobs = signalJobs(pool);
  const outside = repositoriesOn(poolContext(pool, nowMs), jobs.signal);
  const guarded = Object.fromEntries(
    Object.entries(outside).map(([name, repository]) => [name, after(repository, gate.idle)]),
  ) as unknown as Repositories;
  // The journal streams page by page, each page a call that waits like any other.
  const list = guarded.audit.list;
  guarded.audit = { ...guarded.audit, iterate: (range) => iterateAuditPages(list, range) };
  let closed = false;
  const watches = new Set<{ stop(): Promise<void> }>();

  return {
    ...guarded,
    leaderLease: createPgLeaderLease(pool),
    transaction: (fn) =>
      gate.transaction((ctx, nested) => {
        const tx: StoreTransaction = {
          ...repositoriesOn(ctx, jobs.signal),
          transaction: (inner) => nested(() => inner(tx)),
        };
        return fn(tx);
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      for (const watch of watches) await watch.stop();
      await gate.idle().catch(() => undefined);
      await jobs.idle();
      await pool.end();
    },
    watchJobs: (listener) => {
      const watch = listenForJobs({ connectionString: options.connectionString }, listener);
      watches.add(watch);
      return {
        stop: async () => {
          watches.delete(watch);
          await watch.stop();
        },
      };
    },
    healthCheck: async () => {
      if (closed) return { ok: false, detail: 'store is closed' };
      try {
        const { rows } = await pool.query<{ ok: number }>('SELECT 1 AS ok');
        return rows[0]?.ok === 1 ? { ok: true } : { ok: false, detail: 'unexpected answer' };
      } catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
