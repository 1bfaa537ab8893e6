import type Database from 'better-sqlite3';
import { migrationSql, type Migration } from './sql.js';

export class SchemaTooNewError extends Error {
  override readonly name = 'SchemaTooNewError';
}

/**
 * Applies, in order and in one immediate transaction, the migrations not yet recorded in
 * schema_migrations. Two processes opening the same file serialise on the write lock, and
 * the second finds the work done. Returns the versions applied now.
 */
export function migrate(
  db: Database.Database,
  migrations: readonly Migration[],
  now: () => Date,
): number[] {
  const run = db.transaction((): number[] => {
    db.exec(migrationSql.createTable);
    const applied = new Set(
      db
        .prepare<[], { version: number }>(migrationSql.applied)
        .all()
        .map((row) => row.version),
    );
    const known = new Set(migrations.map((m) => m.version));
    const unknown = [...applied].filter((version) => !known.has(version));
    if (unknown.length > 0) {
      throw new SchemaTooNewError(
        `the database has schema versions this build does not know (${unknown.join(', ')}): ` +
          'it was written by a newer release',
      );
    }
    const record = db.prepare(migrationSql.record);
    const done: number[] = [];
    for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(migration.version)) continue;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now().toISOString());
      done.push(migration.version);
    }
    return done;
  });
  return run.immediate();
}
