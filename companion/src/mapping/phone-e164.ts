import {
  getCountryCallingCode,
  isSupportedCountry,
  parsePhoneNumberWithError,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import type { Result } from './types.js';

/**
 * PHONE_E164: phone numbers to E.164 (`+<country calling code><national number>`) with Google's
 * numbering plans (libphonenumber-js, full metadata), so trunk prefixes, international call
 * prefixes and the lengths each country allows are those of the country, not guessed.
 */

/** The region national numbers belong to when the mapping names none. */
export const FALLBACK_PHONE_REGION: CountryCode = 'US';

/** Where a number written without a country code belongs. */
export type PhoneDefault =
  | { kind: 'region'; region: CountryCode }
  /** A bare calling code, as mappings written before regions name it ("1", "+44"). */
  | { kind: 'calling-code'; callingCode: string };

const EXTENSION = /(?:ext\.?|extension|x|#)\s*\d+$/i;
const ALLOWED = /^\+?[0-9\s().\-/]+$/;

/**
 * The PHONE_E164 transform argument: an ISO 3166-1 alpha-2 region (`US`, `GB`, `de`), or a
 * country calling code (`1`, `+44`); blank means {@link FALLBACK_PHONE_REGION}. A region also
 * tells the country's international call prefix (`00`, `011`), which a calling code cannot.
 */
export function parsePhoneDefault(argument: string | null): Result<PhoneDefault> {
  const s = argument?.trim() ?? '';
  if (s === '') return { ok: true, value: { kind: 'region', region: FALLBACK_PHONE_REGION } };
  const upper = s.toUpperCase();
  if (/^[A-Z]{2}$/.test(upper)) {
    if (isSupportedCountry(upper)) return { ok: true, value: { kind: 'region', region: upper } };
    return {
      ok: false,
      error: `"${s}" is not a region with a telephone numbering plan (ISO 3166-1 alpha-2, e.g. "US" or "GB")`,
    };
  }
  const code = /^\+?([1-9]\d{0,2})$/.exec(s)?.[1];
  if (code === undefined) {
    return {
      ok: false,
      error: `"${s}" is neither a region (ISO 3166-1 alpha-2, e.g. "US" or "GB") nor a country calling code (e.g. "1" or "44")`,
    };
  }
  return { ok: true, value: { kind: 'calling-code', callingCode: code } };
}

function invalid(shown: string, why: string): Result<string> {
  return { ok: false, error: `"${shown}" is not a valid phone number: ${why}` };
}

const describeDefault = (d: PhoneDefault) =>
  d.kind === 'region' ? `+${getCountryCallingCode(d.region)} (${d.region})` : `+${d.callingCode}`;

/** Numbers recently normalised, oldest first: a user's numbers come again with each change. */
const recent = new Map<string, Result<string>>();
const RECENT_LIMIT = 10_000;

/**
 * {@link normaliseToE164}, remembered for the last {@link RECENT_LIMIT} numbers and defaults
 * (parsing with the full numbering plans is the costliest step of mapping a user).
 */
export function toE164(input: unknown, defaults: PhoneDefault): Result<string> {
  if (typeof input !== 'string' && typeof input !== 'number')
    return normaliseToE164(input, defaults);
  const key = `${defaults.kind === 'region' ? defaults.region : `+${defaults.callingCode}`} ${typeof input} ${input}`;
  const known = recent.get(key);
  if (known) {
    recent.delete(key);
    recent.set(key, known);
    return known;
  }
  const result = Object.freeze(normaliseToE164(input, defaults));
  if (recent.size >= RECENT_LIMIT) recent.delete(recent.keys().next().value as string);
  recent.set(key, result);
  return result;
}

/**
 * Normalises a phone number to E.164. A number with `+` (or the default region's international
 * call prefix, such as `00` or `011`) carries its own country; any other is national to
 * `defaults`, its trunk prefix (`0` in most countries, `1` in North America, `8` in Russia)
 * dropped where the country's plan drops it and kept where it is part of the number (Italy). A
 * number whose length or digits fit no numbering plan is refused with the reason, never mangled.
 */
function normaliseToE164(input: unknown, defaults: PhoneDefault): Result<string> {
  if (typeof input !== 'string' && typeof input !== 'number') {
    return { ok: false, error: `a ${typeof input} is not a phone number` };
  }
  const shown = String(input).trim();
  if (EXTENSION.test(shown)) return invalid(shown, 'it has an extension, which E.164 cannot carry');
  if (!ALLOWED.test(shown)) return invalid(shown, 'only digits, spaces and ( ) . - / are allowed');
  // "+44 (0)20 …": the bracketed trunk prefix is not dialled after the country code.
  const text = shown.replace(/\(0\)/g, ' ');
  const options =
    defaults.kind === 'region'
      ? { defaultCountry: defaults.region }
      : { defaultCallingCode: defaults.callingCode };

  let number: PhoneNumber;
  try {
    number = parsePhoneNumberWithError(text, options);
  } catch (error) {
    const code = error instanceof Error ? error.message : String(error);
    if (code === 'INVALID_COUNTRY') {
      return invalid(shown, 'its country calling code is not in service');
    }
    if (code === 'TOO_SHORT') return invalid(shown, 'too short to be a phone number');
    if (code === 'TOO_LONG') return invalid(shown, 'longer than the 15 digits E.164 allows');
    return invalid(shown, 'it holds no phone number');
  }
  if (number.isValid()) return { ok: true, value: number.number };

  const digits = number.nationalNumber.length;
  const plan = `+${number.countryCallingCode}`;
  const defaultCode =
    defaults.kind === 'region' ? getCountryCallingCode(defaults.region) : defaults.callingCode;
  const hint =
    shown.startsWith('+') || number.countryCallingCode !== defaultCode
      ? ''
      : `; read as a ${describeDefault(defaults)} number — write a number of another country with + and its country code`;
  switch (validatePhoneNumberLength(text, options)) {
    case 'TOO_SHORT':
      return invalid(shown, `${digits} digits is too short for a ${plan} number${hint}`);
    case 'TOO_LONG':
      return invalid(shown, `${digits} digits is too long for a ${plan} number${hint}`);
    case 'INVALID_LENGTH':
      return invalid(shown, `no ${plan} number has ${digits} digits${hint}`);
    default:
      return invalid(shown, `${number.number} is outside the numbering plan of ${plan}${hint}`);
  }
}
