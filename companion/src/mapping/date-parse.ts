import type { Result } from './types.js';

/** Order of day and month in `01/02/2026`-style dates. Dotted dates (`01.02.2026`) are always day first. */
export type DayMonthOrder = 'MDY' | 'DMY';

// Salesforce stores dates between these years.
const MIN_YEAR = 1700;
const MAX_YEAR = 4000;

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const YEAR_FIRST = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const YEAR_LAST = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+(\d{4})$/;
const MONTH_NAME_DAY = /^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function checkCalendar(d: CalendarDate, shown: string): Result<CalendarDate> {
  if (d.year < MIN_YEAR || d.year > MAX_YEAR) {
    return { ok: false, error: `"${shown}" has year ${d.year}, outside ${MIN_YEAR}–${MAX_YEAR}` };
  }
  if (d.month < 1 || d.month > 12) {
    return { ok: false, error: `"${shown}" has no month ${d.month}` };
  }
  if (d.day < 1 || d.day > daysInMonth(d.year, d.month)) {
    return { ok: false, error: `"${shown}" is not a calendar date` };
  }
  return { ok: true, value: d };
}

function monthFromName(name: string): number | undefined {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex(
    (m) => lower === m || lower === m.slice(0, 3) || (m === 'september' && lower === 'sept'),
  );
  return index < 0 ? undefined : index + 1;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function formatDate(d: CalendarDate): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;
}

function fromDate(date: Date, shown: string): Result<CalendarDate> {
  if (Number.isNaN(date.getTime())) return { ok: false, error: `"${shown}" is not a valid date` };
  return checkCalendar(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() },
    shown,
  );
}

function parseCalendarDate(input: unknown, order: DayMonthOrder): Result<CalendarDate> {
  if (input instanceof Date) return fromDate(input, String(input));
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, error: `${input} is not a date` };
    return fromDate(new Date(input), String(input));
  }
  if (typeof input !== 'string') return { ok: false, error: `${typeof input} is not a date` };
  const s = input.trim();
  const iso = ISO_DATE_TIME.exec(s);
  if (iso) {
    // A datetime keeps the calendar date it was written with.
    const instant = parseInstant(s);
    if (!instant.ok) return instant;
    return checkCalendar({ year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }, s);
  }
  let m = YEAR_FIRST.exec(s) ?? COMPACT.exec(s);
  if (m) return checkCalendar({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, s);
  m = YEAR_LAST.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    const dayFirst = m[2] === '.' || order === 'DMY';
    return checkCalendar({ year: Number(m[4]), month: dayFirst ? b : a, day: dayFirst ? a : b }, s);
  }
  m = DAY_MONTH_NAME.exec(s);
  if (m) {
    const month = monthFromName(m[2] ?? '');
    if (month) return checkCalendar({ year: Number(m[3]), month, day: Number(m[1]) }, s);
  }
  m = MONTH_NAME_DAY.exec(s);
  if (m) {
    const month = monthFromName(m[1] ?? '');
    if (month) return checkCalendar({ year: Number(m[3]), month, day: Number(m[2]) }, s);
  }
  return { ok: false, error: `"${s}" is not a recognised date` };
}

/** Any supported date or datetime form → `YYYY-MM-DD` (a datetime keeps the date it was written with). */
export function parseDateOnly(input: unknown, order: DayMonthOrder = 'MDY'): Result<string> {
  const d = parseCalendarDate(input, order);
  return d.ok ? { ok: true, value: formatDate(d.value) } : d;
}

/** Strict `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return (
    m !== null &&
    checkCalendar({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, s).ok
  );
}

function offsetMinutes(offset: string | undefined): number {
  if (!offset || offset.toUpperCase() === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/**
 * An instant from an ISO 8601 datetime (offset `Z`, `+02:00`, `+0200` or `+02`; none means UTC),
 * a date (midnight UTC), a `Date` or epoch milliseconds.
 */
export function parseInstant(input: unknown, order: DayMonthOrder = 'MDY'): Result<Date> {
  if (input instanceof Date || typeof input === 'number') {
    const date = new Date(input instanceof Date ? input.getTime() : input);
    const checked = fromDate(date, String(input));
    return checked.ok ? { ok: true, value: date } : checked;
  }
  if (typeof input !== 'string') return { ok: false, error: `${typeof input} is not a datetime` };
  const s = input.trim();
  const m = ISO_DATE_TIME.exec(s);
  if (!m) {
    const d = parseCalendarDate(s, order);
    if (!d.ok) return { ok: false, error: `"${s}" is not a recognised datetime` };
    return { ok: true, value: new Date(Date.UTC(d.value.year, d.value.month - 1, d.value.day)) };
  }
  const date = checkCalendar({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }, s);
  if (!date.ok) return date;
  const hour = Number(m[4] ?? '0');
  const minute = Number(m[5] ?? '0');
  const second = Number(m[6] ?? '0');
  if (hour > 23 || minute > 59 || second > 59) {
    return { ok: false, error: `"${s}" has an invalid time of day` };
  }
  const offset = m[8];
  if (offset && offset.toUpperCase() !== 'Z') {
    const offHours = Number(offset.slice(1, 3));
    const offMinutes = Number(offset.slice(1).replace(':', '').slice(2, 4) || '0');
    if (offHours > 14 || offMinutes > 59) {
      return { ok: false, error: `"${s}" has an invalid UTC offset` };
    }
  }
  const millis = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  const utc =
    Date.UTC(date.value.year, date.value.month - 1, date.value.day, hour, minute, second, millis) -
    offsetMinutes(offset) * 60_000;
  return { ok: true, value: new Date(utc) };
}

/** Any supported datetime form → `2026-01-01T00:00:00.000Z`. */
export function toIsoDateTime(input: unknown, order: DayMonthOrder = 'MDY'): Result<string> {
  const instant = parseInstant(input, order);
  return instant.ok ? { ok: true, value: instant.value.toISOString() } : instant;
}
