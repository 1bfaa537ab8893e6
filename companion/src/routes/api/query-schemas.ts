import { z } from 'zod';

/** Query-string values arrive as text: these schemas turn them into typed values. */

export function limitParam(max: number, fallback: number) {
  return z.coerce
    .number({ error: 'limit must be a number.' })
    .int('limit must be a whole number.')
    .min(1, 'limit must be at least 1.')
    .max(max, `limit must be at most ${max}.`)
    .default(fallback);
}

export const booleanText = z
  .enum(['true', 'false'], { error: 'Expected true or false.' })
  .transform((v) => v === 'true');

export const isoInstant = z.iso
  .datetime({
    offset: true,
    error: 'Expected an ISO 8601 date and time, e.g. 2025-01-31T00:00:00Z.',
  })
  .transform((v) => new Date(v));

export const exportFormat = z.enum(['csv', 'jsonl'], { error: 'format must be csv or jsonl.' });
