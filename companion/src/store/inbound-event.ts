import type { EventSource, InboundEvent } from './types.js';

const SOURCES: ReadonlySet<string> = new Set<EventSource>([
  'okta-hook',
  'okta-log',
  'okta-scim',
  'sf-cdc',
  'api',
  'timer',
]);

export class InvalidInboundEventError extends Error {
  override readonly name = 'InvalidInboundEventError';

  constructor(
    readonly index: number,
    message: string,
  ) {
    super(`event ${index}: ${message}`);
  }
}

/** An inbound event checked and reduced to what the store persists. */
export interface NormalizedEvent {
  source: EventSource;
  eventId: string;
  eventType: string;
  subjectKey: string;
  jobKind: string;
  occurredAt: string;
  occurredAtMs: number;
  receivedAt: string;
  payloadJson: string;
}

function requireText(value: unknown, field: string, index: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new InvalidInboundEventError(index, `${field} must be a non-empty string`);
  }
  return value;
}

function requireTimestamp(value: unknown, field: string, index: number): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) {
    throw new InvalidInboundEventError(index, `${field} must be an ISO 8601 timestamp`);
  }
  return ms;
}

/** Validates a batch before anything is written, so a bad event rejects the whole batch. */
export function normalizeInboundEvents(
  events: readonly InboundEvent[],
  receivedAt: string,
): NormalizedEvent[] {
  return events.map((event, index) => {
    if (!SOURCES.has(event.source)) {
      throw new InvalidInboundEventError(index, `unknown source ${JSON.stringify(event.source)}`);
    }
    const occurredAtMs = requireTimestamp(event.occurredAt, 'occurredAt', index);
    if (event.receivedAt !== undefined) requireTimestamp(event.receivedAt, 'receivedAt', index);
    const payloadJson = JSON.stringify(event.payload ?? null);
    return {
      source: event.source,
      eventId: requireText(event.eventId, 'eventId', index),
      eventType: requireText(event.eventType, 'eventType', index),
      subjectKey: requireText(event.subjectKey, 'subjectKey', index),
      jobKind: requireText(event.jobKind, 'jobKind', index),
      occurredAt: event.occurredAt,
      occurredAtMs,
      receivedAt: event.receivedAt ?? receivedAt,
      payloadJson,
    };
  });
}
