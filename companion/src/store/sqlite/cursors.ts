import type { CursorStore } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { cursorSql } from './sql.js';

export function createSqliteCursors(ctx: SqliteContext): Synchronous<CursorStore> {
  const get = ctx.db.prepare<[string], { value: string }>(cursorSql.get);
  const set = ctx.db.prepare<[string, string, number]>(cursorSql.set);
  const remove = ctx.db.prepare<[string]>(cursorSql.delete);
  return {
    get: (name) => get.get(name)?.value,
    // A transaction holds the database's write lock from its start (BEGIN IMMEDIATE).
    lock: (name) => get.get(name)?.value,
    set: (name, value) => {
      set.run(name, value, ctx.nowMs());
    },
    delete: (name) => {
      remove.run(name);
    },
  };
}
