import type { InboundEvent } from './types.js';

/** An Okta profile update as a hook delivers it, for the user named by the event id. */
export function hookEvent(eventId: string, over: Partial<InboundEvent> = {}): InboundEvent {
  return {
    source: 'okta-hook',
    eventId,
    eventType: 'user.account.update_profile',
    subjectKey: `okta-user:${eventId}`,
    jobKind: 'okta-user-sync',
    occurredAt: '2026-03-01T10:00:00.000Z',
    payload: {},
    ...over,
  };
}
