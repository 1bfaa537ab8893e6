import type { CursorStore } from '../types.js';
import type { PgContext } from './context.js';

export function createPgCursors(ctx: PgContext): CursorStore {
  return {
    get: async (name) =>
      (await ctx.rows<{ value: string }>('SELECT value FROM cursors WHERE name = $1', [name]))[0]
        ?.value,
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
