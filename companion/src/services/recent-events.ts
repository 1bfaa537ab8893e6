import type { AcceptResult, EventSource } from '../store/types.js';

export interface RecentEvent {
  eventId: string;
  eventType: string;
  source: EventSource;
  receivedAt: string;
}

export interface RecentEvents {
  /** Remembers one accepted event; the oldest is forgotten past the capacity. */
  recordEvent(event: Omit<RecentEvent, 'receivedAt'> & { receivedAt?: string }): void;
  /** Remembers the events of a batch the inbox accepted (duplicates are skipped). */
  recordAccepted(
    events: readonly { eventId: string; eventType: string; source: EventSource }[],
    result: Pick<AcceptResult, 'acceptedIds'>,
  ): void;
  /** Newest first. */
  list(): RecentEvent[];
}

/** The last events the inbox accepted, in memory, for the health view. */
export function createRecentEvents(
  options: { capacity?: number; now?: () => Date } = {},
): RecentEvents {
  const capacity = options.capacity ?? 20;
  const now = options.now ?? (() => new Date());
  const ring: RecentEvent[] = [];
  const recordEvent: RecentEvents['recordEvent'] = (event) => {
    ring.push({
      eventId: event.eventId,
      eventType: event.eventType,
      source: event.source,
      receivedAt: event.receivedAt ?? now().toISOString(),
    });
    if (ring.length > capacity) ring.splice(0, ring.length - capacity);
  };
  return {
    recordEvent,
    recordAccepted(events, result) {
      const accepted = new Set(result.acceptedIds);
      for (const event of events) if (accepted.has(event.eventId)) recordEvent(event);
    },
    list: () => [...ring].reverse(),
  };
}
