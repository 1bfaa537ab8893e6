import type { Result } from './types.js';

// E.164: at most 15 digits including the country calling code. The shortest numbers in
// service (small island states) have 7.
const MAX_DIGITS = 15;
const MIN_DIGITS = 7;
const EXTENSION = /(?:ext\.?|extension|x|#)\s*\d+$/i;
const ALLOWED = /^\+?[0-9\s().\-/]+$/;

/** `"1"`, `"+44"` → the bare calling code; blank → null (every number must then carry its own). */
export function parseCountryCallingCode(argument: string | null): Result<string | null> {
  const s = argument?.trim() ?? '';
  if (s === '') return { ok: true, value: null };
  const m = /^\+?([1-9]\d{0,2})$/.exec(s);
  if (!m?.[1]) {
    return {
      ok: false,
      error: `"${s}" is not a country calling code (1 to 3 digits, e.g. "1" or "44")`,
    };
  }
  return { ok: true, value: m[1] };
}

function invalid(shown: string, why: string): Result<string> {
  return { ok: false, error: `"${shown}" is not a valid phone number: ${why}` };
}

/**
 * Normalises a national or international phone number to `+<cc><digits>`. Numbers written
 * without a country code (no `+`, `00`, or `011` within the North American plan) take
 * `defaultCountryCode`; a national trunk `0` is dropped (kept for Italy, where it is part of
 * the number). North American numbers must have exactly 10 digits after `+1`.
 */
export function toE164(input: unknown, defaultCountryCode: string | null): Result<string> {
  if (typeof input !== 'string' && typeof input !== 'number') {
    return { ok: false, error: `a ${typeof input} is not a phone number` };
  }
  const shown = String(input).trim();
  if (EXTENSION.test(shown)) return invalid(shown, 'it has an extension, which E.164 cannot carry');
  if (!ALLOWED.test(shown)) return invalid(shown, 'only digits, spaces and ( ) . - / are allowed');

  let digits: string;
  if (shown.startsWith('+')) {
    digits = shown.replace(/\(0\)/g, '').replace(/\D/g, '');
  } else {
    const all = shown.replace(/\D/g, '');
    if (all.startsWith('00')) {
      digits = shown.replace(/\(0\)/g, '').replace(/\D/g, '').slice(2);
    } else if (defaultCountryCode === '1' && all.startsWith('011')) {
      digits = all.slice(3);
    } else if (defaultCountryCode === null) {
      return invalid(shown, 'it has no country code and the mapping sets no default one');
    } else if (defaultCountryCode === '1') {
      digits = `1${all.length === 11 && all.startsWith('1') ? all.slice(1) : all}`;
    } else {
      const national = defaultCountryCode !== '39' && all.startsWith('0') ? all.slice(1) : all;
      digits = `${defaultCountryCode}${national}`;
    }
  }

  if (digits === '' || digits.startsWith('0')) {
    return invalid(shown, 'a country calling code cannot start with 0');
  }
  if (digits.startsWith('1')) {
    const national = digits.slice(1);
    if (national.length !== 10) {
      return invalid(
        shown,
        `North American numbers have 10 digits after +1, this has ${national.length}`,
      );
    }
    if (/^[01]/.test(national) || /^[01]/.test(national.slice(3))) {
      return invalid(shown, 'North American area codes and exchanges cannot start with 0 or 1');
    }
  }
  if (digits.length > MAX_DIGITS) {
    return invalid(shown, `${digits.length} digits is more than the ${MAX_DIGITS} E.164 allows`);
  }
  if (digits.length < MIN_DIGITS) {
    return invalid(shown, `${digits.length} digits is too short for an international number`);
  }
  return { ok: true, value: `+${digits}` };
}
