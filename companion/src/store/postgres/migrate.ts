import type pg from 'pg';
import { SchemaTooNewError } from '../sqlite/migrate.js';
import type { PgMigration } from './schema.js';

/** Any constant shared by every instance: the key of the advisory lock migrations run under. */
const MIGRATION_LOCK_KEY = 0x6f6b7366; // 'oksf'

/**
 * Applies, in one transaction, the migrations not yet recorded in schema_migrations. The
 * transaction first takes an advisory lock, so instances starting together apply them one
 * after another and the later ones find the work done. Returns the versions applied now.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly PgMigration[],
  now: () => Date,
): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      await client.query(`
        CREATE TABLE IF NOT EXISTS schema_migrations (
          version INTEGER PRIMARY KEY,
          name TEXT NOT NULL,
          applied_at TEXT NOT NULL
        )`);
      const { rows } = await client.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      const applied = new Set(rows.map((row) => row.version));
      const known = new Set(migrations.map((m) => m.version));
      const unknown = [...applied].filter((version) => !known.has(version));
      if (unknown.length > 0) {
        throw new SchemaTooNewError(
          `the database has schema versions this build does not know (${unknown.join(', ')}): ` +
            'it was written by a newer release',
        );
      }
      const done: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (applied.has(migration.version)) continue;
        await client.query(migration.sql);
        await client.query(
          'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          [migration.version, migration.name, now().toISOString()],
        );
        done.push(migration.version);
      }
      await client.query('COMMIT');
      return done;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    }
  } finally {
    client.release();
  }
}
