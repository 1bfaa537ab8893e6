/** How a due timer appears in the inbox, the same for every store implementation. */
export const TIMER_EVENT_TYPE = 'timer.due';

/**
 * The due time is part of the id: a timer rescheduled to the same instant after it fired
 * is a duplicate, one rescheduled to another instant is a new event.
 */
export function timerEventId(timerId: string, dueAtIso: string): string {
  return `timer:${timerId}:${dueAtIso}`;
}
