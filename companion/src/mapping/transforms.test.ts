import { describe, expect, it } from 'vitest';
import { applyTransform, checkTransformArgument } from './transforms.js';
import type { TransformSpec } from './transforms.js';
import type { TransformName } from './types.js';

function spec(
  transform: TransformName,
  transformArgument: string | null = null,
  defaultValue: string | null = null,
): TransformSpec {
  return { transform, transformArgument, defaultValue };
}

function ok(value: unknown) {
  return { ok: true, value };
}

function errorOf(result: ReturnType<typeof applyTransform>): string {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('NONE, TRIM, LOWER, UPPER', () => {
  it('passes scalars through unchanged', () => {
    expect(applyTransform(spec('NONE'), ' Ada ')).toEqual(ok(' Ada '));
    expect(applyTransform(spec('NONE'), 42)).toEqual(ok(42));
    expect(applyTransform(spec('NONE'), false)).toEqual(ok(false));
    expect(applyTransform(spec('NONE'), ['a', 'b'])).toEqual(ok(['a', 'b']));
  });

  it('refuses structured values', () => {
    expect(errorOf(applyTransform(spec('NONE'), { a: 1 }))).toMatch(
      /structured object cannot be mapped/,
    );
  });

  it('trims, lower-cases and upper-cases text, and each item of a list', () => {
    expect(applyTransform(spec('TRIM'), '  Ada Lovelace \t')).toEqual(ok('Ada Lovelace'));
    expect(applyTransform(spec('LOWER'), 'Ada@Example.COM')).toEqual(ok('ada@example.com'));
    expect(applyTransform(spec('UPPER'), 'emea')).toEqual(ok('EMEA'));
    expect(applyTransform(spec('UPPER'), ['a', 'b'])).toEqual(ok(['A', 'B']));
    expect(applyTransform(spec('TRIM'), 7)).toEqual(ok('7'));
  });

  it('rejects a non-text value for a text transform', () => {
    expect(errorOf(applyTransform(spec('LOWER'), { x: 1 }))).toMatch(/not text/);
  });
});

describe('default values', () => {
  it('replaces null, undefined, blank text and an empty list, then runs the transform', () => {
    for (const empty of [null, undefined, '', '   ', []]) {
      expect(applyTransform(spec('UPPER', null, 'emea'), empty)).toEqual(ok('EMEA'));
    }
  });

  it('gives null for an empty source without a default', () => {
    expect(applyTransform(spec('TRIM'), '  ')).toEqual(ok(null));
    expect(applyTransform(spec('BOOLEAN'), null)).toEqual(ok(null));
  });

  it('does not replace a present value', () => {
    expect(applyTransform(spec('TRIM', null, 'x'), 'y')).toEqual(ok('y'));
    expect(applyTransform(spec('BOOLEAN', null, 'true'), false)).toEqual(ok(false));
  });
});

describe('VALUE_MAP', () => {
  const map = JSON.stringify({ Sales: 'SALES', Support: 'SUPPORT', Legacy: null });

  it('maps named values exactly (case-sensitive)', () => {
    expect(applyTransform(spec('VALUE_MAP', map), 'Sales')).toEqual(ok('SALES'));
    expect(applyTransform(spec('VALUE_MAP', map), 'Legacy')).toEqual(ok(null));
  });

  it('passes unmapped values through when the map has no "*"', () => {
    expect(applyTransform(spec('VALUE_MAP', map), 'sales')).toEqual(ok('sales'));
    expect(applyTransform(spec('VALUE_MAP', map), 'Marketing')).toEqual(ok('Marketing'));
  });

  it('uses "*" for unmapped values when present', () => {
    const withFallback = JSON.stringify({ Sales: 'SALES', '*': 'OTHER' });
    expect(applyTransform(spec('VALUE_MAP', withFallback), 'Marketing')).toEqual(ok('OTHER'));
    expect(applyTransform(spec('VALUE_MAP', withFallback), 'Sales')).toEqual(ok('SALES'));
  });

  it('looks numbers and booleans up by their text', () => {
    const codes = JSON.stringify({ '1': 'Gold', true: 'Yes' });
    expect(applyTransform(spec('VALUE_MAP', codes), 1)).toEqual(ok('Gold'));
    expect(applyTransform(spec('VALUE_MAP', codes), true)).toEqual(ok('Yes'));
  });

  it('reads the map backwards for the Salesforce → Okta side of a BOTH mapping, ignoring "*"', () => {
    const withFallback = JSON.stringify({ Sales: 'SALES', '*': 'OTHER' });
    expect(applyTransform(spec('VALUE_MAP', withFallback), 'SALES', { reverse: true })).toEqual(
      ok('Sales'),
    );
    expect(applyTransform(spec('VALUE_MAP', withFallback), 'OTHER', { reverse: true })).toEqual(
      ok('OTHER'),
    );
  });

  it('reports a bad argument', () => {
    expect(errorOf(applyTransform(spec('VALUE_MAP', '{not json'), 'x'))).toMatch(/not valid JSON/);
    expect(errorOf(applyTransform(spec('VALUE_MAP', '["a"]'), 'x'))).toMatch(
      /must be a JSON object/,
    );
    expect(errorOf(applyTransform(spec('VALUE_MAP', '{"a": {"b": 1}}'), 'x'))).toMatch(
      /entry "a" must map to/,
    );
    expect(errorOf(applyTransform(spec('VALUE_MAP', null), 'x'))).toMatch(/needs a JSON object/);
  });

  it('refuses a BOTH map that cannot be read backwards', () => {
    const r = checkTransformArgument('VALUE_MAP', JSON.stringify({ a: 'X', b: 'X' }), 'BOTH');
    expect(r.ok).toBe(false);
    expect(
      checkTransformArgument('VALUE_MAP', JSON.stringify({ a: 'X', b: 'X' }), 'OKTA_TO_SALESFORCE')
        .ok,
    ).toBe(true);
  });
});

describe('TEMPLATE', () => {
  const profile: Record<string, unknown> = {
    firstName: 'Ada',
    lastName: 'Lovelace',
    middleName: null,
  };
  const lookup = (path: string) =>
    path.startsWith('profile.') ? profile[path.slice(8)] : path === 'id' ? '00u1' : undefined;

  it('fills placeholders from the user', () => {
    expect(
      applyTransform(spec('TEMPLATE', '{profile.firstName} {profile.lastName}'), null, { lookup }),
    ).toEqual(ok('Ada Lovelace'));
    expect(applyTransform(spec('TEMPLATE', 'okta:{id}'), null, { lookup })).toEqual(
      ok('okta:00u1'),
    );
  });

  it('empties missing parts, trims and collapses spaces', () => {
    expect(
      applyTransform(
        spec('TEMPLATE', ' {profile.firstName}  {profile.middleName} {profile.lastName} '),
        null,
        { lookup },
      ),
    ).toEqual(ok('Ada Lovelace'));
  });

  it('falls back to the default when the rendering is empty', () => {
    expect(
      applyTransform(spec('TEMPLATE', '{profile.nickName}', 'Unknown'), null, { lookup }),
    ).toEqual(ok('Unknown'));
    expect(applyTransform(spec('TEMPLATE', '{profile.nickName}'), null, { lookup })).toEqual(
      ok(null),
    );
  });

  it('rejects malformed templates', () => {
    expect(
      errorOf(applyTransform(spec('TEMPLATE', '{profile.firstName'), null, { lookup })),
    ).toMatch(/never closed/);
    expect(errorOf(applyTransform(spec('TEMPLATE', 'a } b {id}'), null, { lookup }))).toMatch(
      /without a matching/,
    );
    expect(errorOf(applyTransform(spec('TEMPLATE', '{firstName}'), null, { lookup }))).toMatch(
      /not an Okta attribute/,
    );
    expect(errorOf(applyTransform(spec('TEMPLATE', '{}'), null, { lookup }))).toMatch(
      /not an Okta attribute/,
    );
    expect(errorOf(applyTransform(spec('TEMPLATE', 'no placeholders'), null, { lookup }))).toMatch(
      /no \{placeholder\}/,
    );
  });

  it('is accepted only from Okta to Salesforce', () => {
    expect(checkTransformArgument('TEMPLATE', '{id}', 'OKTA_TO_SALESFORCE').ok).toBe(true);
    expect(checkTransformArgument('TEMPLATE', '{id}', 'BOTH').ok).toBe(false);
  });
});

describe('PHONE_E164', () => {
  const us = spec('PHONE_E164', 'US');
  const uk = spec('PHONE_E164', 'GB');

  it.each([
    ['(415) 555-0123', '+14155550123'],
    ['415.555.0123', '+14155550123'],
    ['1-415-555-0123', '+14155550123'],
    ['+1 415 555 0123', '+14155550123'],
    ['011 44 20 7946 0958', '+442079460958'],
    ['+44 (0)20 7946 0958', '+442079460958'],
  ])('normalises %s with default region US', (input, expected) => {
    expect(applyTransform(us, input)).toEqual(ok(expected));
  });

  it.each([
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '00 49 30 12345678', '+493012345678'],
    ['DE', '030 12345678', '+493012345678'],
    ['FR', '01 23 45 67 89', '+33123456789'],
    ['IT', '06 1234 5678', '+390612345678'],
    ['AU', '(02) 9374 4000', '+61293744000'],
    ['JP', '03-1234-5678', '+81312345678'],
    ['BR', '(11) 91234-5678', '+5511912345678'],
    ['IN', '98765 43210', '+919876543210'],
  ])('with default region %s, reads %s as %s', (region, input, expected) => {
    expect(applyTransform(spec('PHONE_E164', region), input)).toEqual(ok(expected));
  });

  it('reads national numbers as US ones when the mapping names no region', () => {
    expect(applyTransform(spec('PHONE_E164'), '(415) 555-0123')).toEqual(ok('+14155550123'));
    expect(applyTransform(spec('PHONE_E164'), '+44 20 7946 0958')).toEqual(ok('+442079460958'));
  });

  it('still reads a country calling code argument', () => {
    expect(applyTransform(spec('PHONE_E164', '1'), '(415) 555-0123')).toEqual(ok('+14155550123'));
    expect(applyTransform(spec('PHONE_E164', '+44'), '020 7946 0958')).toEqual(ok('+442079460958'));
  });

  it('accepts a number value', () => {
    expect(applyTransform(us, 4155550123)).toEqual(ok('+14155550123'));
  });

  it('refuses numbers no plan allows, with the reason', () => {
    expect(errorOf(applyTransform(us, '555-0123'))).toMatch(
      /^"555-0123" is not a valid phone number: 7 digits is too short for a \+1 number/,
    );
    expect(errorOf(applyTransform(uk, '+44 1234'))).toMatch(/too short for a \+44 number/);
    expect(errorOf(applyTransform(us, '+49 1234 5678 9012 3456'))).toMatch(
      /not a valid phone number/,
    );
    expect(errorOf(applyTransform(us, '(015) 555-0123'))).toMatch(
      /outside the numbering plan of \+1/,
    );
    // A German number written nationally under a US default is not made into a US one.
    expect(errorOf(applyTransform(us, '030 12345678'))).toMatch(/read as a \+1 \(US\) number/);
  });

  it('rejects letters, extensions and misplaced plus signs', () => {
    expect(errorOf(applyTransform(us, '415-CALL-NOW'))).toMatch(/only digits/);
    expect(errorOf(applyTransform(us, '415 555 0123 ext. 12'))).toMatch(/extension/);
    expect(errorOf(applyTransform(us, '415+555+0123'))).toMatch(/only digits/);
  });

  it('checks the argument is a region or a country calling code', () => {
    for (const good of ['US', 'gb', '1', '+353', null]) {
      expect(checkTransformArgument('PHONE_E164', good, 'BOTH').ok).toBe(true);
    }
    for (const bad of ['XX', 'USA', '0', '1234', '+']) {
      expect(checkTransformArgument('PHONE_E164', bad, 'BOTH').ok).toBe(false);
    }
  });
});

describe('DATE', () => {
  const date = spec('DATE');

  it.each([
    ['2026-01-31', '2026-01-31'],
    ['2026-01-31T23:30:00.000Z', '2026-01-31'],
    ['2026-01-31T00:30:00+02:00', '2026-01-31'],
    ['2026/01/31', '2026-01-31'],
    ['20260131', '2026-01-31'],
    ['01/31/2026', '2026-01-31'],
    ['1/2/2026', '2026-01-02'],
    ['31.01.2026', '2026-01-31'],
    ['31 Jan 2026', '2026-01-31'],
    ['January 31, 2026', '2026-01-31'],
    ['3rd Sept 2026', '2026-09-03'],
  ])('reads %s', (input, expected) => {
    expect(applyTransform(date, input)).toEqual(ok(expected));
  });

  it('reads slash dates day first with the DMY argument', () => {
    expect(applyTransform(spec('DATE', 'DMY'), '1/2/2026')).toEqual(ok('2026-02-01'));
  });

  it('reads Date objects and epoch milliseconds as UTC dates', () => {
    expect(applyTransform(date, new Date(Date.UTC(2026, 0, 31, 23, 59)))).toEqual(ok('2026-01-31'));
    expect(applyTransform(date, Date.UTC(2026, 1, 1))).toEqual(ok('2026-02-01'));
  });

  it('rejects impossible or unrecognised dates', () => {
    expect(errorOf(applyTransform(date, '2026-02-30'))).toMatch(/not a calendar date/);
    expect(errorOf(applyTransform(date, '2025-13-01'))).toMatch(/no month 13/);
    expect(errorOf(applyTransform(date, '1066-10-14'))).toMatch(/outside 1700/);
    expect(errorOf(applyTransform(date, 'next tuesday'))).toMatch(/not a recognised date/);
    expect(errorOf(applyTransform(date, '2026-01-01T25:00:00Z'))).toMatch(/invalid time/);
    expect(checkTransformArgument('DATE', 'YMD', 'OKTA_TO_SALESFORCE').ok).toBe(false);
  });

  it('accepts leap days only in leap years', () => {
    expect(applyTransform(date, '2028-02-29')).toEqual(ok('2028-02-29'));
    expect(applyTransform(date, '2100-02-29').ok).toBe(false);
  });
});

describe('DATETIME', () => {
  const dt = spec('DATETIME');

  it.each([
    ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T02:00:00+02:00', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.000+0000', '2026-01-01T00:00:00.000Z'],
    ['2025-12-31T19:00:00-05', '2026-01-01T00:00:00.000Z'],
    ['2026-01-01T00:00:00.123456Z', '2026-01-01T00:00:00.123Z'],
    ['2026-01-01 08:30', '2026-01-01T08:30:00.000Z'],
    ['2026-01-01', '2026-01-01T00:00:00.000Z'],
    ['01/02/2026', '2026-01-02T00:00:00.000Z'],
  ])('reads %s', (input, expected) => {
    expect(applyTransform(dt, input)).toEqual(ok(expected));
  });

  it('reads Date objects and epoch milliseconds', () => {
    expect(applyTransform(dt, new Date('2026-03-04T05:06:07.089Z'))).toEqual(
      ok('2026-03-04T05:06:07.089Z'),
    );
    expect(applyTransform(dt, 0)).toEqual(ok('1970-01-01T00:00:00.000Z'));
  });

  it('rejects bad offsets and nonsense', () => {
    expect(errorOf(applyTransform(dt, '2026-01-01T00:00:00+15:00'))).toMatch(/invalid UTC offset/);
    expect(errorOf(applyTransform(dt, 'yesterday'))).toMatch(/not a recognised datetime/);
    expect(errorOf(applyTransform(dt, true))).toMatch(/boolean is not a datetime/);
  });
});

describe('BOOLEAN', () => {
  it.each([
    ['true', true],
    ['FALSE', false],
    ['Yes', true],
    ['no', false],
    ['Y', true],
    ['n', false],
    ['1', true],
    ['0', false],
    [' yes ', true],
    [1, true],
    [0, false],
    [true, true],
  ])('reads %s', (input, expected) => {
    expect(applyTransform(spec('BOOLEAN'), input)).toEqual(ok(expected));
  });

  it('rejects anything else', () => {
    expect(errorOf(applyTransform(spec('BOOLEAN'), 'maybe'))).toBe(
      '"maybe" is not a boolean (expected true/false, yes/no, y/n or 1/0)',
    );
    expect(applyTransform(spec('BOOLEAN'), 2).ok).toBe(false);
    expect(applyTransform(spec('BOOLEAN'), 'on').ok).toBe(false);
  });
});

describe('NUMBER', () => {
  it.each([
    ['42', 42],
    [' -12.50 ', -12.5],
    ['1,234,567.8', 1234567.8],
    ['.5', 0.5],
    ['1e3', 1000],
    [7, 7],
  ])('reads %s', (input, expected) => {
    expect(applyTransform(spec('NUMBER'), input)).toEqual(ok(expected));
  });

  it('rejects text that is not a number', () => {
    expect(errorOf(applyTransform(spec('NUMBER'), '12abc'))).toBe('"12abc" is not a number');
    expect(applyTransform(spec('NUMBER'), '1,23').ok).toBe(false);
    expect(applyTransform(spec('NUMBER'), true).ok).toBe(false);
    expect(applyTransform(spec('NUMBER'), Number.NaN).ok).toBe(false);
  });
});
