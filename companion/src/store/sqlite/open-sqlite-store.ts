import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { iterateAuditPages } from '../audit-pages.js';
import type { AuditJournal, Repositories, Store, StoreTransaction } from '../types.js';
import { createSqliteAuditJournal } from './audit-journal.js';
import type { SqliteContext } from './context.js';
import { createSqliteCursors } from './cursors.js';
import { createSqliteDeadLetters } from './dead-letters.js';
import { createSqliteInbox } from './inbox.js';
import { createSqliteJobQueue } from './job-queue.js';
import { migrate } from './migrate.js';
import { createSqliteNotifications } from './notifications.js';
import { createSqliteOktaWrites } from './okta-writes.js';
import { createSqliteReconciliations } from './reconciliations.js';
import { createSqliteScimResources } from './scim-resources.js';
import { healthSql, MIGRATIONS, pragmas } from './sql.js';
import { createSqliteSyncBaselines } from './sync-baselines.js';
import { asyncRepository, type Runner } from './synchronous.js';
import { watchDataVersion } from './data-version-watch.js';
import { createSqliteTimers } from './timers.js';
import { createTransactionGate } from './transaction-gate.js';
import { retryWhileBusy, type LockWait } from './lock-wait.js';

export interface SqliteStoreOptions {
  /** A file path (parent directories are created) or ':memory:'. */
  path: string;
  now?: () => Date;
  /**
   * WAL pages after which a commit of this connection also checkpoints (SQLite's default is
   * 1000). An intake sharing the file with a worker sets it high: a checkpoint copies the WAL
   * into the database inside the commit that crosses the threshold, and that commit would be a
   * hook acknowledgement; the worker's commits checkpoint instead.
   */
  walAutocheckpointPages?: number;
  /** How calls wait for another process's write lock (see lock-wait.ts). Default `block`. */
  lockWait?: LockWait;
}

function openDatabase(options: SqliteStoreOptions, now: () => Date): Database.Database {
  if (options.path !== ':memory:') mkdirSync(dirname(resolve(options.path)), { recursive: true });
  const db = new Database(options.path);
  try {
    for (const pragma of pragmas) db.pragma(pragma);
    if (options.walAutocheckpointPages !== undefined) {
      db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages))}`);
    }
    migrate(db, MIGRATIONS, now);
    // Migrations wait with the busy timeout (a process starting beside another); after them,
    // a yielding connection waits on the event loop instead.
    if (options.lockWait === 'yield') db.pragma('busy_timeout = 0');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Opens (creating if needed) the embedded store and applies pending migrations.
 * WAL with synchronous=NORMAL: a committed transaction survives a process crash
 * (kill -9); only an OS crash or power loss can drop the last commits. Several processes
 * may open the same file (WAL); each waits up to the busy timeout for another's write.
 *
 * better-sqlite3 answers synchronously: the repositories run in place and their results
 * are handed back as settled promises. One connection has one transaction at a time, so
 * while `transaction`'s callback runs, calls through the outer store wait for it to end.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? (() => new Date());
  const db = openDatabase(options, now);
  const ctx: SqliteContext = { db, nowMs: () => now().getTime() };

  const inbox = createSqliteInbox(ctx);
  const sync = {
    inbox,
    jobs: createSqliteJobQueue(ctx),
    cursors: createSqliteCursors(ctx),
    audit: createSqliteAuditJournal(ctx),
    deadLetters: createSqliteDeadLetters(ctx),
    timers: createSqliteTimers(ctx, inbox),
    scim: createSqliteScimResources(ctx),
    oktaWrites: createSqliteOktaWrites(ctx),
    reconciliations: createSqliteReconciliations(ctx),
    syncBaselines: createSqliteSyncBaselines(ctx),
    notifications: createSqliteNotifications(ctx),
  };
  const repositories = (run: Runner): Repositories => {
    const audit = asyncRepository<Omit<AuditJournal, 'iterate'>>(sync.audit, run);
    return {
      inbox: asyncRepository(sync.inbox, run),
      jobs: asyncRepository(sync.jobs, run),
      cursors: asyncRepository(sync.cursors, run),
      audit: { ...audit, iterate: (range) => iterateAuditPages(audit.list, range) },
      deadLetters: asyncRepository(sync.deadLetters, run),
      timers: asyncRepository(sync.timers, run),
      scim: asyncRepository(sync.scim, run),
      oktaWrites: asyncRepository(sync.oktaWrites, run),
      reconciliations: asyncRepository(sync.reconciliations, run),
      syncBaselines: asyncRepository(sync.syncBaselines, run),
      notifications: asyncRepository(sync.notifications, run),
    };
  };

  const yieldOnLock = options.lockWait === 'yield';
  const gate = createTransactionGate(
    db,
    yieldOnLock ? () => retryWhileBusy(() => void db.exec('BEGIN IMMEDIATE')) : undefined,
  );
  const outside: Runner = yieldOnLock
    ? (call) => retryWhileBusy(() => gate.outside(call))
    : gate.outside;
  const ping = db.prepare<[], { ok: number }>(healthSql.ping);

  const transactionStore = (run: Runner): StoreTransaction => {
    const tx: StoreTransaction = {
      ...repositories(run),
      transaction: (fn) => gate.savepoint(() => fn(tx)),
    };
    return tx;
  };

  const watches = new Set<{ stop(): Promise<void> }>();
  return {
    ...repositories(outside),
    transaction: (fn) => gate.transaction((run) => fn(transactionStore(run))),
    close: async () => {
      for (const watch of watches) await watch.stop();
      await gate.idle();
      if (db.open) db.close();
    },
    watchJobs: (listener) => {
      const watch = watchDataVersion(db, gate.outside, listener);
      watches.add(watch);
      return {
        stop: async () => {
          watches.delete(watch);
          await watch.stop();
        },
      };
    },
    healthCheck: () =>
      gate.outside(() => {
        if (!db.open) return { ok: false, detail: 'store is closed' };
        try {
          return ping.get()?.ok === 1 ? { ok: true } : { ok: false, detail: 'unexpected answer' };
        } catch (error) {
          return { ok: false, detail: error instanceof Error ? error.message : String(error) };
        }
      }),
  };
}
