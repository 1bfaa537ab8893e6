import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Store } from '../types.js';
import { createSqliteAuditJournal } from './audit-journal.js';
import type { SqliteContext } from './context.js';
import { createSqliteCursors } from './cursors.js';
import { createSqliteDeadLetters } from './dead-letters.js';
import { createSqliteInbox } from './inbox.js';
import { createSqliteJobQueue } from './job-queue.js';
import { migrate } from './migrate.js';
import { healthSql, MIGRATIONS, pragmas } from './sql.js';
import { createSqliteTimers } from './timers.js';
import { createSqliteOktaWrites } from './okta-writes.js';
import { createSqliteScimResources } from './scim-resources.js';

export interface SqliteStoreOptions {
  /** A file path (parent directories are created) or ':memory:'. */
  path: string;
  now?: () => Date;
}

/**
 * Opens (creating if needed) the embedded store and applies pending migrations.
 * WAL with synchronous=NORMAL: a committed transaction survives a process crash
 * (kill -9); only an OS crash or power loss can drop the last commits.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  const now = options.now ?? (() => new Date());
  const inMemory = options.path === ':memory:';
  if (!inMemory) mkdirSync(dirname(resolve(options.path)), { recursive: true });

  const db = new Database(options.path);
  try {
    for (const pragma of pragmas) db.pragma(pragma);
    migrate(db, MIGRATIONS, now);
  } catch (error) {
    db.close();
    throw error;
  }

  const ctx: SqliteContext = { db, nowMs: () => now().getTime() };
  const inbox = createSqliteInbox(ctx);
  const ping = db.prepare<[], { ok: number }>(healthSql.ping);

  return {
    inbox,
    jobs: createSqliteJobQueue(ctx),
    cursors: createSqliteCursors(ctx),
    audit: createSqliteAuditJournal(ctx),
    deadLetters: createSqliteDeadLetters(ctx),
    timers: createSqliteTimers(ctx, inbox),
    scim: createSqliteScimResources(ctx),
    oktaWrites: createSqliteOktaWrites(ctx),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    close: () => {
      if (db.open) db.close();
    },
    healthCheck: () => {
      if (!db.open) return { ok: false, detail: 'store is closed' };
      try {
        return ping.get()?.ok === 1 ? { ok: true } : { ok: false, detail: 'unexpected answer' };
      } catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
