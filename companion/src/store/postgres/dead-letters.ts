import type { DeadLetter, DeadLetterPage, DeadLetterStore } from '../types.js';
import { type DeadLetterRow, type EventRow, toDeadLetter, toStoredEvent } from '../sqlite/rows.js';
import type { PgContext } from './context.js';
import { EVENT_COLUMNS } from './job-queue.js';

/** Dead letters replayed per transaction by replayAll, so other writers are not held up long. */
const REPLAY_CHUNK = 500;

const COLUMNS = `id, job_id, subject_key, kind, attempts, error, error_code, created_at, dead_at`;

export function createPgDeadLetters(ctx: PgContext): DeadLetterStore {
  const withEvents = async (on: PgContext, row: DeadLetterRow): Promise<DeadLetter> => {
    const events = await on.rows<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM inbox_events WHERE dead_letter_id = $1
       ORDER BY occurred_at_ms, seq`,
      [row.id],
    );
    return toDeadLetter(row, events.map(toStoredEvent));
  };

  const replayOne = async (tx: PgContext, id: number): Promise<number | undefined> => {
    const now = tx.nowMs();
    const [job] = await tx.rows<{ id: number }>(
      `INSERT INTO jobs (subject_key, kind, state, attempts, created_at, available_at)
       SELECT subject_key, kind, 'pending', 0, $2, $2 FROM dead_letters WHERE id = $1
       RETURNING id`,
      [id, now],
    );
    if (!job) return undefined;
    await tx.run(
      'UPDATE inbox_events SET dead_letter_id = NULL, job_id = $1 WHERE dead_letter_id = $2',
      [job.id, id],
    );
    await tx.run('DELETE FROM dead_letters WHERE id = $1', [id]);
    return job.id;
  };

  /** Locked so that two instances replaying at once do not both re-enqueue one dead letter. */
  const lockedIds = (tx: PgContext, kind: string | null, limit: number, id?: number) =>
    tx.rows<{ id: number }>(
      `SELECT id FROM dead_letters
       WHERE ($1::bigint IS NULL OR id = $1) AND ($2::text IS NULL OR kind = $2)
       ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
      [id ?? null, kind, limit],
    );

  return {
    list: async ({ limit, after = 0, kind }) => {
      const size = Math.max(1, Math.floor(limit));
      const rows = await ctx.rows<DeadLetterRow>(
        `SELECT ${COLUMNS} FROM dead_letters
         WHERE id > $1 AND ($2::text IS NULL OR kind = $2) ORDER BY id LIMIT $3`,
        [after, kind ?? null, size],
      );
      const page: DeadLetterPage = {
        items: await Promise.all(rows.map((row) => withEvents(ctx, row))),
      };
      const last = rows.at(-1);
      if (last && rows.length === size) page.next = last.id;
      return page;
    },
    get: async (id) => {
      const [row] = await ctx.rows<DeadLetterRow>(
        `SELECT ${COLUMNS} FROM dead_letters WHERE id = $1`,
        [id],
      );
      return row ? withEvents(ctx, row) : undefined;
    },
    replay: (id) =>
      ctx.atomic(async (tx) =>
        (await lockedIds(tx, null, 1, id)).length === 0 ? undefined : replayOne(tx, id),
      ),
    replayAll: async (filter) => {
      let total = 0;
      for (;;) {
        const n = await ctx.atomic(async (tx) => {
          const ids = await lockedIds(tx, filter?.kind ?? null, REPLAY_CHUNK);
          for (const { id } of ids) await replayOne(tx, id);
          return ids.length;
        });
        total += n;
        if (n < REPLAY_CHUNK) return total;
      }
    },
    discard: (id) =>
      ctx.atomic(async (tx) => {
        await tx.run(
          `UPDATE inbox_events SET dead_letter_id = NULL, payload = NULL, processed_at = $1
           WHERE dead_letter_id = $2`,
          [tx.nowMs(), id],
        );
        return (await tx.run('DELETE FROM dead_letters WHERE id = $1', [id])) === 1;
      }),
    count: async () =>
      (await ctx.rows<{ n: number }>('SELECT COUNT(*) AS n FROM dead_letters'))[0]?.n ?? 0,
  };
}
