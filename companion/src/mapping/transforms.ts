import { parseDateOnly, toIsoDateTime } from './date-parse.js';
import type { DayMonthOrder } from './date-parse.js';
import { parsePhoneDefault, toE164 } from './phone-e164.js';
import { parseTemplate, renderTemplate } from './template.js';
import type { Direction, MappedValue, Result, TransformName } from './types.js';

/** The parts of a mapping a transform needs. */
export interface TransformSpec {
  transform: TransformName;
  transformArgument: string | null;
  defaultValue: string | null;
}

export interface TransformOptions {
  /** Reads an Okta attribute by path; TEMPLATE needs it. */
  lookup?: (path: string) => unknown;
  /**
   * Salesforce → Okta through a BOTH mapping: a VALUE_MAP is applied inverted (its values are
   * Salesforce values). Every other transform is the same both ways.
   */
  reverse?: boolean;
}

export type TransformResult = Result<MappedValue>;

type MapTarget = string | number | boolean | null;
/** `"*"` is the fallback for values the map does not name. */
const VALUE_MAP_FALLBACK = '*';

const TRUE_WORDS: ReadonlySet<string> = new Set(['true', 'yes', 'y', '1']);
const FALSE_WORDS: ReadonlySet<string> = new Set(['false', 'no', 'n', '0']);

export function isEmptyValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/**
 * Runs a mapping's transform. An empty source (null, blank, empty list) is replaced by the
 * mapping's default value, which then goes through the transform like any source value; with no
 * default the result is null (the target is cleared). TEMPLATE renders first and falls back to
 * the default when the rendering is empty.
 */
export function applyTransform(
  spec: TransformSpec,
  input: unknown,
  options: TransformOptions = {},
): TransformResult {
  if (spec.transform === 'TEMPLATE') {
    const parts = parseTemplate(spec.transformArgument);
    if (!parts.ok) return parts;
    const rendered = renderTemplate(parts.value, options.lookup ?? (() => null));
    return { ok: true, value: rendered === '' ? emptyDefault(spec.defaultValue) : rendered };
  }
  if (isEmptyValue(input)) {
    if (spec.defaultValue === null || spec.defaultValue.trim() === '')
      return { ok: true, value: null };
    return transformValue(spec, spec.defaultValue, options);
  }
  return transformValue(spec, input, options);
}

function emptyDefault(defaultValue: string | null): string | null {
  return defaultValue === null || defaultValue.trim() === '' ? null : defaultValue;
}

function transformValue(
  spec: TransformSpec,
  input: unknown,
  options: TransformOptions,
): TransformResult {
  switch (spec.transform) {
    case 'NONE':
      return passThrough(input);
    case 'TRIM':
      return eachText(input, (s) => s.trim());
    case 'LOWER':
      return eachText(input, (s) => s.toLowerCase());
    case 'UPPER':
      return eachText(input, (s) => s.toUpperCase());
    case 'VALUE_MAP':
      return mapValue(spec.transformArgument, input, options.reverse === true);
    case 'PHONE_E164': {
      const defaults = parsePhoneDefault(spec.transformArgument);
      return defaults.ok ? toE164(input, defaults.value) : defaults;
    }
    case 'DATE': {
      const order = parseDayMonthOrder(spec.transformArgument);
      return order.ok ? parseDateOnly(input, order.value) : order;
    }
    case 'DATETIME': {
      const order = parseDayMonthOrder(spec.transformArgument);
      return order.ok ? toIsoDateTime(input, order.value) : order;
    }
    case 'BOOLEAN':
      return toBoolean(input);
    case 'NUMBER':
      return toNumber(input);
    case 'TEMPLATE':
      return { ok: false, error: 'TEMPLATE is rendered from the whole user, not one value' };
  }
}

function passThrough(input: unknown): TransformResult {
  if (typeof input === 'string' || typeof input === 'boolean') return { ok: true, value: input };
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? { ok: true, value: input }
      : { ok: false, error: `${input} is not a number` };
  }
  if (input instanceof Date) return { ok: true, value: input.toISOString() };
  if (Array.isArray(input) && input.every((v) => typeof v === 'string')) {
    return { ok: true, value: input as string[] };
  }
  return { ok: false, error: `a ${describeKind(input)} cannot be mapped to a field` };
}

function describeKind(value: unknown): string {
  if (Array.isArray(value)) return 'list of mixed values';
  return value === null ? 'null' : typeof value === 'object' ? 'structured object' : typeof value;
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return undefined;
}

function eachText(input: unknown, f: (s: string) => string): TransformResult {
  if (Array.isArray(input)) {
    const out: string[] = [];
    for (const item of input) {
      const text = textOf(item);
      if (text === undefined)
        return { ok: false, error: `a list holding a ${describeKind(item)} is not text` };
      out.push(f(text));
    }
    return { ok: true, value: out };
  }
  const text = textOf(input);
  return text === undefined
    ? { ok: false, error: `a ${describeKind(input)} is not text` }
    : { ok: true, value: f(text) };
}

/** Parses a VALUE_MAP argument: a JSON object whose values are strings, numbers, booleans or null. */
export function parseValueMap(argument: string | null): Result<Map<string, MapTarget>> {
  if (!argument || argument.trim() === '') {
    return { ok: false, error: 'VALUE_MAP needs a JSON object such as {"Sales": "SALES"}' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(argument);
  } catch (e) {
    return { ok: false, error: `VALUE_MAP argument is not valid JSON: ${(e as Error).message}` };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: 'VALUE_MAP argument must be a JSON object of "from": "to" pairs' };
  }
  const map = new Map<string, MapTarget>();
  for (const [key, value] of Object.entries(parsed)) {
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      return {
        ok: false,
        error: `VALUE_MAP entry "${key}" must map to a string, number, boolean or null`,
      };
    }
    map.set(key, value as MapTarget);
  }
  return { ok: true, value: map };
}

/** The map read backwards, for BOTH mappings; fails when two keys share a value. */
export function invertValueMap(map: ReadonlyMap<string, MapTarget>): Result<Map<string, string>> {
  const inverse = new Map<string, string>();
  for (const [key, value] of map) {
    if (key === VALUE_MAP_FALLBACK || value === null) continue;
    const back = String(value);
    const seen = inverse.get(back);
    if (seen !== undefined) {
      return {
        ok: false,
        error: `VALUE_MAP cannot be read backwards for a BOTH mapping: "${seen}" and "${key}" both map to "${back}"`,
      };
    }
    inverse.set(back, key);
  }
  return { ok: true, value: inverse };
}

/**
 * Exact, case-sensitive lookup. A value the map does not name passes through unchanged unless
 * the map has a `"*"` entry, which then applies. Reading backwards ignores `"*"`.
 */
function mapValue(argument: string | null, input: unknown, reverse: boolean): TransformResult {
  const parsed = parseValueMap(argument);
  if (!parsed.ok) return parsed;
  const key = textOf(input);
  if (key === undefined)
    return { ok: false, error: `a ${describeKind(input)} cannot be looked up in a VALUE_MAP` };
  if (reverse) {
    const inverse = invertValueMap(parsed.value);
    if (!inverse.ok) return inverse;
    return { ok: true, value: inverse.value.get(key) ?? (input as string | number | boolean) };
  }
  const map = parsed.value;
  if (map.has(key)) return { ok: true, value: map.get(key) ?? null };
  if (map.has(VALUE_MAP_FALLBACK)) return { ok: true, value: map.get(VALUE_MAP_FALLBACK) ?? null };
  return { ok: true, value: input as string | number | boolean };
}

export function parseDayMonthOrder(argument: string | null): Result<DayMonthOrder> {
  const s = argument?.trim().toUpperCase() ?? '';
  if (s === '' || s === 'MDY') return { ok: true, value: 'MDY' };
  if (s === 'DMY') return { ok: true, value: 'DMY' };
  return { ok: false, error: `"${argument}" is not a day/month order (MDY or DMY)` };
}

export function toBoolean(input: unknown): TransformResult {
  if (typeof input === 'boolean') return { ok: true, value: input };
  if (input === 1 || input === 0) return { ok: true, value: input === 1 };
  if (typeof input === 'string') {
    const word = input.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  return {
    ok: false,
    error: `${JSON.stringify(input)} is not a boolean (expected true/false, yes/no, y/n or 1/0)`,
  };
}

const THOUSANDS = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

export function toNumber(input: unknown): TransformResult {
  if (typeof input === 'number') {
    return Number.isFinite(input)
      ? { ok: true, value: input }
      : { ok: false, error: `${input} is not a finite number` };
  }
  if (typeof input === 'string') {
    const s = input.trim();
    const plain = THOUSANDS.test(s) ? s.replace(/,/g, '') : s;
    if (DECIMAL.test(plain)) {
      const n = Number(plain);
      if (Number.isFinite(n)) return { ok: true, value: n };
    }
  }
  return { ok: false, error: `${JSON.stringify(input)} is not a number` };
}

/** Checks a mapping's Transform_Argument__c for its transform and direction. */
export function checkTransformArgument(
  transform: TransformName,
  argument: string | null,
  direction: Direction,
): Result<null> {
  switch (transform) {
    case 'VALUE_MAP': {
      const map = parseValueMap(argument);
      if (!map.ok) return map;
      if (direction === 'BOTH') {
        const inverse = invertValueMap(map.value);
        if (!inverse.ok) return inverse;
      }
      return { ok: true, value: null };
    }
    case 'TEMPLATE': {
      if (direction !== 'OKTA_TO_SALESFORCE') {
        return { ok: false, error: 'TEMPLATE can only be used with Direction OKTA_TO_SALESFORCE' };
      }
      const parts = parseTemplate(argument);
      return parts.ok ? { ok: true, value: null } : parts;
    }
    case 'PHONE_E164': {
      const defaults = parsePhoneDefault(argument);
      return defaults.ok ? { ok: true, value: null } : defaults;
    }
    case 'DATE':
    case 'DATETIME': {
      const order = parseDayMonthOrder(argument);
      return order.ok ? { ok: true, value: null } : order;
    }
    default:
      return { ok: true, value: null };
  }
}
