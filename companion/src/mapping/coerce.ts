import { isIsoDate, parseDateOnly, toIsoDateTime } from './date-parse.js';
import { toBoolean, toNumber } from './transforms.js';
import type { FieldDescribe, MappedValue, Result } from './types.js';

/** Salesforce field types whose values travel as text. */
export const TEXT_FIELD_TYPES: ReadonlySet<string> = new Set([
  'string',
  'textarea',
  'email',
  'phone',
  'url',
  'picklist',
  'multipicklist',
  'combobox',
  'encryptedstring',
  'reference',
  'id',
]);
export const NUMBER_FIELD_TYPES: ReadonlySet<string> = new Set([
  'int',
  'double',
  'currency',
  'percent',
]);
const OTHER_SUPPORTED: ReadonlySet<string> = new Set(['boolean', 'date', 'datetime', 'time']);

export function isMappableFieldType(type: string): boolean {
  return TEXT_FIELD_TYPES.has(type) || NUMBER_FIELD_TYPES.has(type) || OTHER_SUPPORTED.has(type);
}

// Salesforce checks emails loosely; this rejects what it rejects in practice.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/;
const MAX_INT = 2_147_483_647;

type Coerced = Result<string | number | boolean | null>;

function fail(field: FieldDescribe, message: string): Coerced {
  return { ok: false, error: `${field.name}: ${message}` };
}

function show(value: unknown): string {
  return typeof value === 'string'
    ? `"${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`
    : JSON.stringify(value);
}

/**
 * The value Salesforce accepts for `field`, or a readable error naming the field. Text longer
 * than the field is an error, never truncated: a silently shortened value would later show up as
 * a change in the other direction. Decimals are rounded to the field's scale, as Salesforce does.
 * A checkbox cannot be null: an empty value clears it to false.
 */
export function coerceToField(value: unknown, field: FieldDescribe): Coerced {
  if (value === null || value === undefined || (typeof value === 'string' && value === '')) {
    if (field.type === 'boolean') return { ok: true, value: false };
    if (!field.nillable) return fail(field, 'a value is required and cannot be cleared');
    return { ok: true, value: null };
  }
  if (TEXT_FIELD_TYPES.has(field.type)) return coerceText(value, field);
  if (NUMBER_FIELD_TYPES.has(field.type)) return coerceNumber(value, field);
  switch (field.type) {
    case 'boolean': {
      const b = toBoolean(value);
      return b.ok ? { ok: true, value: b.value as boolean } : fail(field, b.error);
    }
    case 'date': {
      if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
        return fail(
          field,
          `${show(value)} is not an ISO date (YYYY-MM-DD); use the DATE transform`,
        );
      }
      const d = parseDateOnly(value);
      return d.ok ? d : fail(field, d.error);
    }
    case 'datetime': {
      if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
        return fail(
          field,
          `${show(value)} is not an ISO 8601 datetime; use the DATETIME transform`,
        );
      }
      const d = toIsoDateTime(value);
      return d.ok ? d : fail(field, d.error);
    }
    case 'time': {
      const m = typeof value === 'string' ? TIME.exec(value.trim()) : null;
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3] ?? '0') > 59) {
        return fail(field, `${show(value)} is not a time of day (HH:MM:SS)`);
      }
      const millis = (m[4] ?? '0').padEnd(3, '0');
      return { ok: true, value: `${m[1]}:${m[2]}:${m[3] ?? '00'}.${millis}Z` };
    }
    default:
      return fail(field, `fields of type ${field.type} cannot be mapped`);
  }
}

function coerceText(value: unknown, field: FieldDescribe): Coerced {
  let text: string;
  if (Array.isArray(value)) {
    if (field.type !== 'multipicklist' || !value.every((v) => typeof v === 'string')) {
      return fail(field, 'a list of values fits only a multi-select picklist');
    }
    text = value.join(';');
  } else if (typeof value === 'string') {
    text = value;
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    text = String(value);
  } else if (value instanceof Date) {
    text = value.toISOString();
  } else {
    return fail(field, `a ${typeof value} cannot be written to a text field`);
  }

  if (field.type === 'email' && !EMAIL.test(text)) {
    return fail(field, `${show(text)} is not a valid email address`);
  }
  if ((field.type === 'reference' || field.type === 'id') && !RECORD_ID.test(text)) {
    return fail(field, `${show(text)} is not a Salesforce record id`);
  }
  if ((field.type === 'picklist' || field.type === 'multipicklist') && field.restrictedPicklist) {
    const picked = restrictedPicklistValue(text, field);
    if (!picked.ok) return picked;
    text = picked.value;
  }
  if (field.length > 0 && text.length > field.length) {
    return fail(
      field,
      `value of ${text.length} characters exceeds the field length ${field.length}`,
    );
  }
  return { ok: true, value: text };
}

/** Each value must name an active picklist entry; the entry's own spelling is returned. */
function restrictedPicklistValue(text: string, field: FieldDescribe): Result<string> {
  const active = (field.picklistValues ?? []).filter((p) => p.active).map((p) => p.value);
  const parts = field.type === 'multipicklist' ? text.split(';') : [text];
  const out: string[] = [];
  for (const part of parts) {
    const hit =
      active.find((v) => v === part) ?? active.find((v) => v.toLowerCase() === part.toLowerCase());
    if (hit === undefined) {
      const allowed =
        active.length > 12 ? `${active.slice(0, 12).join(', ')}, …` : active.join(', ');
      return {
        ok: false,
        error: `${field.name}: ${show(part)} is not an active value of this restricted picklist (${allowed})`,
      };
    }
    out.push(hit);
  }
  return { ok: true, value: out.join(';') };
}

// Decimal shifts through the exponent avoid binary artefacts (1.005 * 100 = 100.49999…).
function shiftDecimal(n: number, places: number): number {
  const [mantissa, exponent = '0'] = String(n).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}

function roundHalfUp(n: number, scale: number): number {
  const sign = n < 0 ? -1 : 1;
  return sign * shiftDecimal(Math.round(shiftDecimal(Math.abs(n), scale)), -scale);
}

function coerceNumber(value: unknown, field: FieldDescribe): Coerced {
  if (typeof value === 'boolean') return fail(field, `${value} is not a number`);
  const parsed = toNumber(value);
  if (!parsed.ok) return fail(field, parsed.error);
  const n = parsed.value as number;
  if (field.type === 'int') {
    if (!Number.isInteger(n)) return fail(field, `${n} is not a whole number`);
    const digits = field.digits ?? 9;
    if (Math.abs(n) > MAX_INT || Math.abs(n) >= 10 ** digits) {
      return fail(field, `${n} is outside the range of this ${digits}-digit field`);
    }
    return { ok: true, value: n };
  }
  const scale = field.scale ?? 0;
  const precision = field.precision ?? 18;
  const rounded = roundHalfUp(n, scale);
  const intPart = Math.trunc(Math.abs(rounded));
  // String(1e21) is exponential; every such number is beyond any Salesforce precision anyway.
  const integerDigits = intPart === 0 ? 0 : intPart >= 1e21 ? 22 : String(intPart).length;
  if (integerDigits > precision - scale) {
    return fail(
      field,
      `${n} has more than ${precision - scale} digits before the decimal point (precision ${precision}, scale ${scale})`,
    );
  }
  return { ok: true, value: rounded };
}

/**
 * A Salesforce value as Okta stores it: text stays text, numbers and booleans keep their type,
 * dates stay `YYYY-MM-DD`, datetimes become ISO 8601 UTC (`…Z`), empty becomes null.
 */
export function toOktaValue(value: unknown, field?: FieldDescribe): Result<MappedValue> {
  if (value === null || value === undefined || value === '') return { ok: true, value: null };
  const type = field?.type;
  if (value instanceof Date) return { ok: true, value: value.toISOString() };
  if (type === 'datetime' && typeof value === 'string') {
    const d = toIsoDateTime(value);
    return d.ok ? d : { ok: false, error: `${field?.name}: ${d.error}` };
  }
  if (type === 'date' && typeof value === 'string') {
    return isIsoDate(value.trim())
      ? { ok: true, value: value.trim() }
      : { ok: false, error: `${field?.name}: ${show(value)} is not an ISO date` };
  }
  if (type === 'boolean') {
    const b = toBoolean(value);
    return b.ok ? b : { ok: false, error: `${field?.name}: ${b.error}` };
  }
  if (type !== undefined && NUMBER_FIELD_TYPES.has(type)) {
    const n = toNumber(value);
    return n.ok ? n : { ok: false, error: `${field?.name}: ${n.error}` };
  }
  if (typeof value === 'string' || typeof value === 'boolean') return { ok: true, value };
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { ok: true, value }
      : { ok: false, error: `${value} is not a number` };
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return { ok: true, value: value as string[] };
  }
  return { ok: false, error: `a ${typeof value} value cannot be written to an Okta profile` };
}
