import type { FieldDef } from '../schema/types.js';

/** Salesforce's wire form of a datetime: `2026-01-01T00:00:00.000+0000`. */
export function formatDateTime(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Parses a date (`YYYY-MM-DD`); undefined when invalid. */
export function parseDate(value: string): string | undefined {
  const m = DATE_RE.exec(value);
  if (!m || !validCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return undefined;
  return value;
}

/** Parses an ISO 8601 datetime (zone optional, GMT assumed); returns epoch ms or undefined. */
export function parseDateTime(value: string): number | undefined {
  const m = DATETIME_RE.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '0', zone = 'Z'] = m;
  if (!validCalendarDate(Number(y), Number(mo), Number(d))) return undefined;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return undefined;
  const ms = Math.floor(Number(`0.${frac}`) * 1000);
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const digits = zone.replace(':', '');
    const sign = digits.startsWith('-') ? -1 : 1;
    offsetMinutes = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
  }
  return (
    Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms) -
    offsetMinutes * 60_000
  );
}

/** Why a value cannot be read as the field's type (the caller picks the error code). */
export class ValueTypeError extends Error {
  constructor(
    readonly field: FieldDef,
    readonly value: unknown,
    readonly javaType: string,
  ) {
    super(`value not of required type: ${String(value)}`);
  }
}

function javaTypeOf(field: FieldDef): string {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'String';
  }
}

/**
 * Converts an input value (JSON value, or CSV text when `fromText`) into the stored form
 * of the field's type. Throws ValueTypeError when the value has the wrong type.
 */
export function coerceValue(field: FieldDef, raw: unknown, fromText: boolean): unknown {
  if (raw === null || raw === undefined) return null;
  const fail = () => new ValueTypeError(field, raw, javaTypeOf(field));
  if (typeof raw === 'object') throw fail();
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^(true|false)$/i.test(raw.trim())) {
        return raw.trim().toLowerCase() === 'true';
      }
      if (fromText && (raw === '1' || raw === '0')) return raw === '1';
      throw fail();
    case 'int':
    case 'double':
    case 'currency':
    case 'percent': {
      const n =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : NaN;
      if (!Number.isFinite(n) || typeof raw === 'boolean') throw fail();
      if (field.type === 'int' && !Number.isInteger(n)) throw fail();
      return n;
    }
    case 'date': {
      if (typeof raw !== 'string') throw fail();
      const date = parseDate(
        raw.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw,
      );
      if (!date) throw fail();
      return date;
    }
    case 'datetime': {
      if (typeof raw !== 'string') throw fail();
      const ms = parseDateTime(raw);
      if (ms === undefined) throw fail();
      return formatDateTime(new Date(ms));
    }
    default:
      if (typeof raw === 'string') return raw;
      if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
      throw fail();
  }
}

/** The stored form of a seed value, without validation (seed data is trusted). */
export function seedValue(field: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === undefined) return null;
  try {
    return coerceValue(field, raw, false);
  } catch {
    return raw;
  }
}
