import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, SchemaTooNewError } from './migrate.js';
import { openSqliteStore } from './open-sqlite-store.js';
import { MIGRATIONS } from './sql.js';
import { OuterStoreInTransactionError } from './transaction-gate.js';

const dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const now = () => new Date('2025-03-01T10:00:00.000Z');

function inspect<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

describe('openSqliteStore', () => {
  it('creates parent directories, uses WAL and applies migrations once', async () => {
    const path = join(dir, 'a', 'b', 'store.db');
    const first = openSqliteStore({ path, now });
    await first.cursors.set('c', '1');
    await first.close();
    await first.close();

    const second = openSqliteStore({ path, now });
    expect(await second.cursors.get('c')).toBe('1');
    expect(await second.healthCheck()).toEqual({ ok: true });
    await second.close();
    expect(await second.healthCheck()).toMatchObject({ ok: false });

    const versions = inspect(path, (db) => ({
      journal: db.pragma('journal_mode', { simple: true }),
      rows: db.prepare('SELECT version FROM schema_migrations').all(),
    }));
    expect(versions.journal).toBe('wal');
    expect(versions.rows).toEqual(MIGRATIONS.map((m) => ({ version: m.version })));
  });

  it('applies only the migrations added since the file was written', () => {
    const db = new Database(':memory:');
    expect(migrate(db, MIGRATIONS, now)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, MIGRATIONS, now)).toEqual([]);
    const next = [
      ...MIGRATIONS,
      { version: 99, name: 'test', sql: 'CREATE TABLE extra (x INTEGER)' },
    ];
    expect(migrate(db, next, now)).toEqual([99]);
    expect(migrate(db, next, now)).toEqual([]);
    // A build that does not know version 99 refuses the file rather than corrupting it.
    expect(() => migrate(db, MIGRATIONS, now)).toThrow(SchemaTooNewError);
    db.close();
  });

  it('rolls back a failing migration entirely', () => {
    const db = new Database(':memory:');
    const broken = [
      ...MIGRATIONS,
      { version: 2, name: 'broken', sql: 'CREATE TABLE y (x); SELEC oops' },
    ];
    expect(() => migrate(db, broken, now)).toThrow();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('jobs', 'y')").all()).toEqual(
      [],
    );
    db.close();
  });

  it('refuses a call through the outer store from inside its own transaction instead of waiting forever', async () => {
    const store = openSqliteStore({ path: ':memory:', now });
    await expect(
      store.transaction(async (tx) => {
        await tx.cursors.set('a', '1');
        await store.cursors.get('a');
      }),
    ).rejects.toThrow(OuterStoreInTransactionError);
    expect(await store.cursors.get('a')).toBeUndefined();
    await store.close();
  });

  it('nests transactions and rolls back the whole of a failed one', async () => {
    const store = openSqliteStore({ path: ':memory:', now });
    const result = await store.transaction(async (tx) => {
      await tx.cursors.set('a', '1');
      try {
        await tx.transaction(async () => {
          await tx.cursors.set('b', '1');
          throw new Error('inner');
        });
      } catch {
        // the inner savepoint is rolled back, the outer transaction goes on
      }
      return 'done';
    });
    expect(result).toBe('done');
    expect(await store.cursors.get('a')).toBe('1');
    expect(await store.cursors.get('b')).toBeUndefined();
    await store.close();
  });
});
