/**
 * The audit journal's page cursor: the sort key (occurredAt in ms, insertion sequence) of
 * the last entry returned. Opaque to callers, stable under concurrent inserts.
 */
export interface AuditCursor {
  occurredAtMs: number;
  seq: number;
}

export class InvalidAuditCursorError extends Error {
  override readonly name = 'InvalidAuditCursorError';

  constructor() {
    super('invalid audit cursor');
  }
}

export function encodeAuditCursor(cursor: AuditCursor): string {
  return Buffer.from(`${cursor.occurredAtMs}.${cursor.seq}`, 'utf8').toString('base64url');
}

export function decodeAuditCursor(text: string): AuditCursor {
  const match = /^(-?\d+)\.(\d+)$/.exec(Buffer.from(text, 'base64url').toString('utf8'));
  if (!match?.[1] || !match[2]) throw new InvalidAuditCursorError();
  const occurredAtMs = Number(match[1]);
  const seq = Number(match[2]);
  if (!Number.isSafeInteger(occurredAtMs) || !Number.isSafeInteger(seq)) {
    throw new InvalidAuditCursorError();
  }
  return { occurredAtMs, seq };
}
