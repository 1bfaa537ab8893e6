import type { NormalizedEvent } from './inbound-event.js';

/** The batch without repeated event ids, the first occurrence winning, in batch order. */
export function firstOccurrences(events: readonly NormalizedEvent[]): NormalizedEvent[] {
  const seen = new Set<string>();
  return events.filter((event) => {
    if (seen.has(event.eventId)) return false;
    seen.add(event.eventId);
    return true;
  });
}
