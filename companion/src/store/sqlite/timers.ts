import { TIMER_EVENT_TYPE, timerEventId } from '../timer-event.js';
import type { AcceptResult, InboundEvent, Inbox, TimerStore } from '../types.js';
import type { SqliteContext } from './context.js';
import type { Synchronous } from './synchronous.js';
import { type TimerRow, toTimer } from './rows.js';
import { timerSql } from './sql.js';

export function createSqliteTimers(
  ctx: SqliteContext,
  inbox: Synchronous<Inbox>,
): Synchronous<TimerStore> {
  const { db } = ctx;
  const upsert = db.prepare(timerSql.upsert);
  const remove = db.prepare<[string]>(timerSql.delete);
  const get = db.prepare<[string], TimerRow>(timerSql.get);
  const due = db.prepare<[number], TimerRow>(timerSql.due);
  const next = db.prepare<[], { due_at: number }>(timerSql.next);

  const fireDue = db.transaction((nowMs: number): AcceptResult => {
    const timers = due.all(nowMs).map(toTimer);
    const events: InboundEvent[] = timers.map((timer) => ({
      source: 'timer',
      eventId: timerEventId(timer.id, timer.dueAt),
      eventType: TIMER_EVENT_TYPE,
      subjectKey: timer.subjectKey,
      jobKind: timer.jobKind,
      occurredAt: timer.dueAt,
      payload: timer.payload,
    }));
    const result = inbox.accept(events);
    for (const timer of timers) remove.run(timer.id);
    return result;
  });

  return {
    schedule: (timer) => {
      const dueAt = timer.dueAt.getTime();
      if (!Number.isFinite(dueAt)) throw new TypeError('timer dueAt must be a valid date');
      upsert.run({
        id: timer.id,
        dueAt,
        subjectKey: timer.subjectKey,
        jobKind: timer.jobKind,
        payload: JSON.stringify(timer.payload ?? null),
        now: ctx.nowMs(),
      });
    },
    cancel: (id) => remove.run(id).changes === 1,
    get: (id) => {
      const row = get.get(id);
      return row ? toTimer(row) : undefined;
    },
    fireDue: (now) => fireDue.immediate(now?.getTime() ?? ctx.nowMs()),
    nextDueAt: () => {
      const row = next.get();
      return row ? new Date(row.due_at) : undefined;
    },
  };
}
