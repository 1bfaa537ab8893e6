import type Database from 'better-sqlite3';

/** What every SQLite repository shares: the connection and the store's clock. */
export interface SqliteContext {
  db: Database.Database;
  nowMs(): number;
}
