import type { CursorStore } from '../types.js';
import type { PgContext } from './context.js';

/** The advisory lock namespace of cursor locks (the other int4 key is the name's hash). */
const CURSOR_LOCK_SPACE = 0x6f6b7363; // 'oksc'

export function createPgCursors(ctx: PgContext): CursorStore {
  const get = async (name: string) =>
    (await ctx.rows<{ value: string }>('SELECT value FROM cursors WHERE name = $1', [name]))[0]
      ?.value;
  return {
    get,
    // An advisory lock rather than FOR UPDATE: it also holds for a cursor not written yet.
    lock: async (name) => {
      await ctx.rows('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CURSOR_LOCK_SPACE, name]);
      return get(name);
    },
    set: async (name, value) => {
      await ctx.run(
        `INSERT INTO cursors (name, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [name, value, ctx.nowMs()],
      );
    },
    delete: async (name) => {
      await ctx.run('DELETE FROM cursors WHERE name = $1', [name]);
    },
  };
}
