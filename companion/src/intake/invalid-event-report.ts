import type { AuditEntry } from '../store/types.js';
import type { InvalidOktaEvent, OktaEventSource } from './okta-events.js';

/**
 * Audit lines for Okta events that could not be read (a malformed `published`, a missing
 * uuid): they are not stored as events, so the journal is where an operator finds them. One
 * line per event and operation: a redelivery of the same event updates its line.
 */
export function invalidEventAuditEntries(input: {
  source: OktaEventSource;
  invalid: readonly InvalidOktaEvent[];
  /** Names the delivery or page, for events without a uuid. */
  batchId: string;
  at: Date;
  newId: () => string;
}): AuditEntry[] {
  return input.invalid.map((event) => ({
    id: input.newId(),
    eventId: event.uuid ?? `${input.batchId}#${event.index}`,
    correlationId: input.batchId.slice(0, 64),
    direction: 'OKTA_TO_SALESFORCE',
    operation: 'event-rejected',
    status: 'SKIPPED',
    attempts: 1,
    error: `${input.source === 'okta-hook' ? 'Event hook delivery' : 'System Log'} event${
      event.eventType ? ` ${event.eventType}` : ''
    } was not processed: ${event.reason}`,
    ...(event.userId ? { oktaUserId: event.userId } : {}),
    actor: 'okta',
    occurredAt: input.at.toISOString(),
  }));
}
