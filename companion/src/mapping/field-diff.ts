import { parseInstant } from './date-parse.js';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** null, undefined, '' and [] all mean "no value". Dates become ISO strings. */
export function normaliseEmpty(value: unknown): unknown {
  if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0))
    return null;
  if (value instanceof Date) return value.toISOString();
  return value;
}

/**
 * Semantic equality of two field values: empty forms are equal; numbers compare by value
 * (`1` = `"1.0"`); datetimes compare as instants (`…+0000` = `…Z`, milliseconds optional);
 * booleans match their `"true"`/`"false"` text; lists match `a;b` multi-select text.
 */
export function sameValue(a: unknown, b: unknown): boolean {
  const x = normaliseEmpty(a);
  const y = normaliseEmpty(b);
  if (x === null || y === null) return x === y;
  if (Array.isArray(x) || Array.isArray(y)) return listText(x) === listText(y);
  if (typeof x === 'number' || typeof y === 'number') return sameNumber(x, y);
  if (typeof x === 'boolean' || typeof y === 'boolean')
    return String(x).toLowerCase() === String(y).toLowerCase();
  if (typeof x === 'string' && typeof y === 'string') {
    if (x === y) return true;
    if (ISO_DATE_TIME.test(x) && ISO_DATE_TIME.test(y)) {
      const p = parseInstant(x);
      const q = parseInstant(y);
      return p.ok && q.ok && p.value.getTime() === q.value.getTime();
    }
    return false;
  }
  return JSON.stringify(x) === JSON.stringify(y);
}

function listText(v: unknown): string {
  return Array.isArray(v) ? v.map(String).join(';') : String(v);
}

function sameNumber(x: unknown, y: unknown): boolean {
  const toNum = (v: unknown): number | undefined =>
    typeof v === 'number'
      ? v
      : typeof v === 'string' && NUMERIC.test(v.trim())
        ? Number(v)
        : undefined;
  const p = toNum(x);
  const q = toNum(y);
  return p !== undefined && q !== undefined && p === q;
}

/** A record's value for a field name, matched case-insensitively as Salesforce does. */
export function fieldValueOf(record: Readonly<Record<string, unknown>>, field: string): unknown {
  if (Object.hasOwn(record, field)) return record[field];
  const lower = field.toLowerCase();
  const key = Object.keys(record).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : record[key];
}

/**
 * The fields of `desired` whose value differs from `current` (field names match
 * case-insensitively, as Salesforce's do). Empty values are reported as null.
 */
export function diffFields(
  current: Readonly<Record<string, unknown>> | null | undefined,
  desired: Readonly<Record<string, unknown>>,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, after] of Object.entries(desired)) {
    const before = current ? fieldValueOf(current, field) : undefined;
    if (!sameValue(before, after)) {
      changes.push({ field, before: normaliseEmpty(before), after: normaliseEmpty(after) });
    }
  }
  return changes;
}
