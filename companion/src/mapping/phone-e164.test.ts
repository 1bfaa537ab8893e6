import { describe, expect, it } from 'vitest';
import { parsePhoneDefault, toE164, type PhoneDefault } from './phone-e164.js';

const region = (r: string): PhoneDefault => {
  const parsed = parsePhoneDefault(r);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const ok = (value: string) => ({ ok: true, value });
const errorOf = (result: { ok: boolean; error?: string }) => (result.ok ? null : result.error);

describe('toE164: national numbers, by the default region', () => {
  it.each([
    // country, as written at home, E.164 — trunk prefixes dropped or kept as each plan says
    ['US', '(415) 555-2671', '+14155552671'],
    ['US', '1-415-555-2671', '+14155552671'],
    ['US', '415.555.2671', '+14155552671'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '07400 123456', '+447400123456'],
    ['GB', '0114 496 0000', '+441144960000'],
    ['DE', '030 123456', '+4930123456'],
    ['DE', '030 12345678', '+493012345678'],
    ['DE', '0151 23456789', '+4915123456789'],
    ['FR', '01 23 45 67 89', '+33123456789'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['IT', '06 1234 5678', '+390612345678'],
    ['IT', '347 123 4567', '+393471234567'],
    ['AU', '(02) 9374 4000', '+61293744000'],
    ['AU', '0412 345 678', '+61412345678'],
    ['JP', '03-1234-5678', '+81312345678'],
    ['JP', '090-1234-5678', '+819012345678'],
    ['BR', '(11) 91234-5678', '+5511912345678'],
    ['BR', '(21) 2345-6789', '+552123456789'],
    ['IN', '98765 43210', '+919876543210'],
    ['IN', '022 2345 6789', '+912223456789'],
    ['RU', '8 (800) 555-35-35', '+78005553535'],
    ['ES', '912 34 56 78', '+34912345678'],
    ['MX', '55 1234 5678', '+525512345678'],
  ])('%s: %s → %s', (country, input, expected) => {
    expect(toE164(input, region(country))).toEqual(ok(expected));
  });
});

describe('toE164: international numbers', () => {
  it.each([
    ['US', '+44 20 7946 0958', '+442079460958'],
    ['US', '+44 (0)20 7946 0958', '+442079460958'],
    ['US', '011 44 20 7946 0958', '+442079460958'],
    ['GB', '00 49 30 12345678', '+493012345678'],
    ['DE', '0033 1 23 45 67 89', '+33123456789'],
    ['JP', '010 1 415 555 2671', '+14155552671'],
    ['AU', '0011 44 20 7946 0958', '+442079460958'],
    ['FR', '+39 06 1234 5678', '+390612345678'],
  ])('default %s: %s → %s', (country, input, expected) => {
    expect(toE164(input, region(country))).toEqual(ok(expected));
  });

  it('takes a number value as digits', () => {
    expect(toE164(4155552671, region('US'))).toEqual(ok('+14155552671'));
  });
});

describe('toE164: numbers no plan allows are refused with the reason', () => {
  it('too short or too long for the country, national or international', () => {
    expect(errorOf(toE164('555-0123', region('US')))).toBe(
      '"555-0123" is not a valid phone number: 7 digits is too short for a +1 number; read as a +1 (US) number — write a number of another country with + and its country code',
    );
    // Nine digits is a length some GB numbers have, but no London (020) number.
    expect(errorOf(toE164('020 7946 095', region('GB')))).toMatch(
      /is not a valid phone number: \+44207946095 is outside the numbering plan of \+44/,
    );
    expect(errorOf(toE164('+44 20 7946 09581', region('US')))).toBe(
      '"+44 20 7946 09581" is not a valid phone number: 11 digits is too long for a +44 number',
    );
    expect(errorOf(toE164('030 12', region('DE')))).toMatch(/not a valid phone number/);
    expect(errorOf(toE164('+33 1 23 45 67', region('US')))).toMatch(/too short for a \+33 number/);
    expect(errorOf(toE164('+81 3 1234 567', region('US')))).toMatch(/\+81/);
  });

  it('digits outside the numbering plan', () => {
    // North American area codes cannot start with 0 or 1.
    expect(errorOf(toE164('(015) 555-0123', region('US')))).toMatch(
      /outside the numbering plan of \+1/,
    );
    expect(errorOf(toE164('+61 0 9374 4000', region('US')))).toMatch(/not a valid phone number/);
  });

  it('a national number of another country under the default region says how to fix it', () => {
    expect(errorOf(toE164('030 12345678', region('US')))).toMatch(
      /read as a \+1 \(US\) number — write a number of another country with \+ and its country code/,
    );
  });

  it('a calling code in no service, letters, extensions, misplaced plus signs', () => {
    expect(errorOf(toE164('+999 1234567', region('US')))).toMatch(/calling code is not in service/);
    expect(errorOf(toE164('415-CALL-NOW', region('US')))).toMatch(/only digits/);
    expect(errorOf(toE164('415 555 2671 ext. 12', region('US')))).toMatch(/extension/);
    expect(errorOf(toE164('415+555+2671', region('US')))).toMatch(/only digits/);
    expect(errorOf(toE164('', region('US')))).toMatch(/not a valid phone number/);
    expect(errorOf(toE164(null, region('US')))).toBe('a object is not a phone number');
  });
});

describe('parsePhoneDefault', () => {
  it('reads a region, case-insensitively', () => {
    expect(parsePhoneDefault('GB')).toEqual(ok2({ kind: 'region', region: 'GB' }));
    expect(parsePhoneDefault(' de ')).toEqual(ok2({ kind: 'region', region: 'DE' }));
  });

  it('falls back to US when blank', () => {
    expect(parsePhoneDefault(null)).toEqual(ok2({ kind: 'region', region: 'US' }));
    expect(parsePhoneDefault('  ')).toEqual(ok2({ kind: 'region', region: 'US' }));
  });

  it('still reads a country calling code, as older mappings wrote it', () => {
    expect(parsePhoneDefault('1')).toEqual(ok2({ kind: 'calling-code', callingCode: '1' }));
    expect(parsePhoneDefault('+44')).toEqual(ok2({ kind: 'calling-code', callingCode: '44' }));
    const uk = parsePhoneDefault('+44');
    if (!uk.ok) throw new Error(uk.error);
    expect(toE164('020 7946 0958', uk.value)).toEqual(ok('+442079460958'));
  });

  it('refuses what is neither', () => {
    expect(errorOf(parsePhoneDefault('XX'))).toMatch(
      /not a region with a telephone numbering plan/,
    );
    for (const bad of ['USA', '0', '1234', '+', 'U1']) {
      expect(errorOf(parsePhoneDefault(bad))).toMatch(/neither a region .* nor a country calling/);
    }
  });
});

function ok2(value: PhoneDefault) {
  return { ok: true, value };
}

describe('toE164: remembered numbers', () => {
  const gb: PhoneDefault = { kind: 'region', region: 'GB' };
  const us: PhoneDefault = { kind: 'region', region: 'US' };

  it('answers a number again as the first time, under each default on its own', () => {
    const first = [toE164('020 7946 0018', gb), toE164('020 7946 0018', us)];
    expect(first[0]).toEqual({ ok: true, value: '+442079460018' });
    expect(first[1]?.ok).toBe(false);
    expect([toE164('020 7946 0018', gb), toE164('020 7946 0018', us)]).toEqual(first);
    expect(toE164('+1 (415) 555-2671', { kind: 'calling-code', callingCode: '44' })).toEqual({
      ok: true,
      value: '+14155552671',
    });
  });

  it('still answers every number right once more numbers came than it remembers', () => {
    for (let n = 0; n < 10_100; n++)
      toE164(`+1 212 ${200 + Math.floor(n / 10_000)} ${n % 10_000}`, us);
    expect(toE164('(415) 555-2671', us)).toEqual({ ok: true, value: '+14155552671' });
    expect(toE164('020 7946 0018', gb)).toEqual({ ok: true, value: '+442079460018' });
  });
});
