import type { DeadLetter, DeadLetterPage, DeadLetterStore } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { type DeadLetterRow, type EventRow, toDeadLetter, toStoredEvent } from './rows.js';
import { deadLetterSql } from './sql.js';

/** Dead letters replayed per transaction by replayAll, so other writers are not held up long. */
const REPLAY_CHUNK = 500;

interface PageParams {
  after: number;
  kind: string | null;
  limit: number;
}

export function createSqliteDeadLetters(ctx: SqliteContext): Synchronous<DeadLetterStore> {
  const { db } = ctx;
  const s = {
    page: db.prepare<[PageParams], DeadLetterRow>(deadLetterSql.page),
    get: db.prepare<[number], DeadLetterRow>(deadLetterSql.get),
    events: db.prepare<[number], EventRow>(deadLetterSql.events),
    insertJob: db.prepare<[{ id: number; now: number }]>(deadLetterSql.insertJob),
    moveEventsToJob: db.prepare<[number | bigint, number]>(deadLetterSql.moveEventsToJob),
    markEventsProcessed: db.prepare<[number, number]>(deadLetterSql.markEventsProcessed),
    delete: db.prepare<[number]>(deadLetterSql.delete),
    ids: db.prepare<[PageParams], { id: number }>(deadLetterSql.ids),
    count: db.prepare<[], { n: number }>(deadLetterSql.count),
  };

  const withEvents = (row: DeadLetterRow): DeadLetter =>
    toDeadLetter(row, s.events.all(row.id).map(toStoredEvent));

  const replayOne = (id: number): number | undefined => {
    const inserted = s.insertJob.run({ id, now: ctx.nowMs() });
    if (inserted.changes === 0) return undefined;
    s.moveEventsToJob.run(inserted.lastInsertRowid, id);
    s.delete.run(id);
    return Number(inserted.lastInsertRowid);
  };

  const replay = db.transaction(replayOne);

  const replayChunk = db.transaction((kind: string | null): number => {
    const ids = s.ids.all({ after: 0, kind, limit: REPLAY_CHUNK });
    for (const { id } of ids) replayOne(id);
    return ids.length;
  });

  const discard = db.transaction((id: number): boolean => {
    s.markEventsProcessed.run(ctx.nowMs(), id);
    return s.delete.run(id).changes === 1;
  });

  return {
    list: ({ limit, after = 0, kind }): DeadLetterPage => {
      const size = Math.max(1, Math.floor(limit));
      const rows = s.page.all({ after, kind: kind ?? null, limit: size });
      const page: DeadLetterPage = { items: rows.map(withEvents) };
      const last = rows.at(-1);
      if (last && rows.length === size) page.next = last.id;
      return page;
    },
    get: (id) => {
      const row = s.get.get(id);
      return row ? withEvents(row) : undefined;
    },
    replay: (id) => replay.immediate(id),
    replayAll: (filter) => {
      let total = 0;
      for (;;) {
        const n = replayChunk.immediate(filter?.kind ?? null);
        total += n;
        if (n < REPLAY_CHUNK) return total;
      }
    },
    discard: (id) => discard.immediate(id),
    count: () => s.count.get()?.n ?? 0,
  };
}
