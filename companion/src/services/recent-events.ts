import type { EventSource, Inbox, ReceivedEvent } from '../store/types.js';

export type RecentEvent = ReceivedEvent;

/** What the health view lists: events from Okta and from people, not CDC or timers. */
export const RECENT_EVENT_SOURCES: readonly EventSource[] = [
  'okta-hook',
  'okta-log',
  'okta-scim',
  'api',
];

export const RECENT_EVENTS_SHOWN = 20;

/**
 * The last events the inbox accepted, newest first. Read from the store, so the health view
 * of any instance or process lists what every intake accepted.
 */
export function recentEvents(inbox: Pick<Inbox, 'latest'>): Promise<RecentEvent[]> {
  return inbox.latest(RECENT_EVENTS_SHOWN, RECENT_EVENT_SOURCES);
}
