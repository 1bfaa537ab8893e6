import { TIMER_EVENT_TYPE, timerEventId } from '../timer-event.js';
import type { InboundEvent, Inbox, TimerStore } from '../types.js';
import { type TimerRow, toTimer } from '../sqlite/rows.js';
import type { PgContext } from './context.js';

const COLUMNS = `id, due_at, subject_key, job_kind, payload`;

/** `inboxFor` gives the inbox on the same transaction as the timers it turns into events. */
export function createPgTimers(ctx: PgContext, inboxFor: (tx: PgContext) => Inbox): TimerStore {
  return {
    schedule: async (timer) => {
      const dueAt = timer.dueAt.getTime();
      if (!Number.isFinite(dueAt)) throw new TypeError('timer dueAt must be a valid date');
      await ctx.run(
        `INSERT INTO timers (id, due_at, subject_key, job_kind, payload, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (id) DO UPDATE SET
           due_at = excluded.due_at, subject_key = excluded.subject_key,
           job_kind = excluded.job_kind, payload = excluded.payload,
           updated_at = excluded.updated_at`,
        [
          timer.id,
          dueAt,
          timer.subjectKey,
          timer.jobKind,
          JSON.stringify(timer.payload ?? null),
          ctx.nowMs(),
        ],
      );
    },
    cancel: async (id) => (await ctx.run('DELETE FROM timers WHERE id = $1', [id])) === 1,
    get: async (id) => {
      const [row] = await ctx.rows<TimerRow>(`SELECT ${COLUMNS} FROM timers WHERE id = $1`, [id]);
      return row ? toTimer(row) : undefined;
    },
    fireDue: (now) =>
      ctx.atomic(async (tx) => {
        // Deleted as they are read: two instances firing at once each take other timers.
        const rows = await tx.rows<TimerRow>(
          `DELETE FROM timers WHERE id IN (
             SELECT id FROM timers WHERE due_at <= $1 FOR UPDATE SKIP LOCKED)
           RETURNING ${COLUMNS}`,
          [now?.getTime() ?? tx.nowMs()],
        );
        const timers = rows
          .map(toTimer)
          .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
        const events: InboundEvent[] = timers.map((timer) => ({
          source: 'timer',
          eventId: timerEventId(timer.id, timer.dueAt),
          eventType: TIMER_EVENT_TYPE,
          subjectKey: timer.subjectKey,
          jobKind: timer.jobKind,
          occurredAt: timer.dueAt,
          payload: timer.payload,
        }));
        return inboxFor(tx).accept(events);
      }),
    nextDueAt: async () => {
      const [row] = await ctx.rows<{ due_at: number }>(
        'SELECT due_at FROM timers ORDER BY due_at LIMIT 1',
      );
      return row ? new Date(row.due_at) : undefined;
    },
  };
}
