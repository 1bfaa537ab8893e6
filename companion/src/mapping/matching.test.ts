import { describe, expect, it } from 'vitest';
import {
  buildMatchQuery,
  chooseContactMatch,
  matchKeysFor,
  matchSelectFields,
} from './matching.js';
import type { ContactCandidate, MatchKey } from './matching.js';
import { fieldMapping, oktaUser } from './mapping-test-fixtures.js';
import { soqlFieldName, soqlQuote } from './soql-quote.js';

const USER = '00u1a2b3c4d5e6f7g8h9';
const OTHER = '00u9z8y7x6w5v4u3t2s1';

const mappings = [
  fieldMapping({
    name: 'Contact_Okta_User_Id',
    field: 'Okta_User_Id__c',
    oktaAttribute: 'id',
    isMatchKey: true,
    matchPriority: 1,
  }),
  fieldMapping({
    name: 'Contact_Email',
    field: 'Email',
    oktaAttribute: 'profile.email',
    transform: 'LOWER',
    isMatchKey: true,
    matchPriority: 2,
  }),
  fieldMapping({
    name: 'Contact_Employee_No',
    field: 'Employee_Number__c',
    oktaAttribute: 'profile.employeeNumber',
    isMatchKey: true,
    matchPriority: 3,
  }),
  fieldMapping({ name: 'Contact_Title', field: 'Title', oktaAttribute: 'profile.title' }),
];

describe('matchKeysFor', () => {
  it('puts the Okta user id first, then match keys by priority, valued through their transform', () => {
    const user = oktaUser({
      profile: { email: 'Ada.Lovelace@Example.com', employeeNumber: 'E-42' },
    });
    expect(matchKeysFor(user, [...mappings].reverse())).toEqual([
      { field: 'Okta_User_Id__c', value: USER },
      { field: 'Email', value: 'ada.lovelace@example.com' },
      { field: 'Employee_Number__c', value: 'E-42' },
    ]);
  });

  it('leaves out keys without a value, ignoring defaults', () => {
    const withDefault = mappings.map((m) =>
      m.name === 'Contact_Email' ? { ...m, defaultValue: 'noreply@example.com' } : m,
    );
    expect(matchKeysFor(oktaUser({ profile: { email: '  ' } }), withDefault)).toEqual([
      { field: 'Okta_User_Id__c', value: USER },
    ]);
  });

  it('ignores match keys on other objects or mapped only towards Okta', () => {
    const odd = [
      fieldMapping({
        name: 'Acc',
        objectName: 'Account',
        field: 'Name',
        oktaAttribute: 'profile.organization',
        isMatchKey: true,
      }),
      fieldMapping({
        name: 'Back',
        field: 'Email',
        oktaAttribute: 'profile.email',
        direction: 'SALESFORCE_TO_OKTA',
        isMatchKey: true,
      }),
    ];
    expect(matchKeysFor(oktaUser(), odd)).toEqual([{ field: 'Okta_User_Id__c', value: USER }]);
  });
});

describe('chooseContactMatch', () => {
  const keys: MatchKey[] = [
    { field: 'Okta_User_Id__c', value: USER },
    { field: 'Email', value: 'ada@example.com' },
    { field: 'Employee_Number__c', value: 'E-42' },
  ];
  const contact = (Id: string, fields: Partial<ContactCandidate> = {}): ContactCandidate => ({
    Id,
    Okta_User_Id__c: null,
    Email: null,
    ...fields,
  });

  it('returns the Contact already linked to the user, before any other key', () => {
    const candidates = [
      contact('003A', { Email: 'ada@example.com' }),
      contact('003B', { Okta_User_Id__c: USER.toUpperCase(), Email: 'old@example.com' }),
    ];
    expect(chooseContactMatch(candidates, keys)).toEqual({ kind: 'linked', contactId: '003B' });
  });

  it('matches a single unlinked Contact by email, case-insensitively', () => {
    const candidates = [
      contact('003A', { Email: 'Ada@Example.com' }),
      contact('003C', { Email: 'bob@example.com' }),
    ];
    expect(chooseContactMatch(candidates, keys)).toEqual({
      kind: 'match',
      contactId: '003A',
      by: 'Email',
    });
  });

  it('is ambiguous when two unlinked Contacts share the key: no link and no create', () => {
    const candidates = [
      contact('003B', { Email: 'ada@example.com' }),
      contact('003A', { Email: 'ADA@example.com' }),
    ];
    expect(chooseContactMatch(candidates, keys)).toEqual({
      kind: 'ambiguous',
      contactIds: ['003A', '003B'],
      by: 'Email',
    });
  });

  it('does not fall through to a weaker key after an ambiguous one', () => {
    const candidates = [
      contact('003A', { Email: 'ada@example.com' }),
      contact('003B', { Email: 'ada@example.com' }),
      contact('003C', { Employee_Number__c: 'E-42' }),
    ];
    expect(chooseContactMatch(candidates, keys).kind).toBe('ambiguous');
  });

  it('never takes a Contact linked to another Okta user', () => {
    const candidates = [contact('003A', { Okta_User_Id__c: OTHER, Email: 'ada@example.com' })];
    expect(chooseContactMatch(candidates, keys)).toEqual({ kind: 'none' });
  });

  it('ignores a Contact linked elsewhere when one unlinked Contact shares the key', () => {
    const candidates = [
      contact('003A', { Okta_User_Id__c: OTHER, Email: 'ada@example.com' }),
      contact('003B', { Email: 'ada@example.com' }),
    ];
    expect(chooseContactMatch(candidates, keys)).toEqual({
      kind: 'match',
      contactId: '003B',
      by: 'Email',
    });
  });

  it('falls through to the next key when a key matches nothing', () => {
    const candidates = [contact('003C', { employee_number__c: 'e-42' })];
    expect(chooseContactMatch(candidates, keys)).toEqual({
      kind: 'match',
      contactId: '003C',
      by: 'Employee_Number__c',
    });
  });

  it('counts a candidate listed twice once, and finds none among other users’ candidates', () => {
    const twice = [
      contact('003A', { Email: 'ada@example.com' }),
      contact('003A', { Email: 'ada@example.com' }),
    ];
    expect(chooseContactMatch(twice, keys)).toEqual({
      kind: 'match',
      contactId: '003A',
      by: 'Email',
    });
    expect(chooseContactMatch([contact('003Z', { Email: 'zed@example.com' })], keys)).toEqual({
      kind: 'none',
    });
  });
});

describe('soqlQuote', () => {
  it('escapes single quotes and backslashes', () => {
    expect(soqlQuote("O'Brien")).toBe("'O\\'Brien'");
    expect(soqlQuote('back\\slash')).toBe("'back\\\\slash'");
    expect(soqlQuote('\\')).toBe("'\\\\'");
  });

  it('cannot be broken out of', () => {
    // A trailing backslash would otherwise escape the closing quote.
    expect(soqlQuote("x\\' OR Name != '")).toBe("'x\\\\\\' OR Name != \\''");
    expect(soqlQuote("' OR Id != null OR Name = '")).toBe("'\\' OR Id != null OR Name = \\''");
  });

  it('escapes double quotes and control characters', () => {
    expect(soqlQuote('say "hi"')).toBe('\'say \\"hi\\"\'');
    expect(soqlQuote('a\nb\tc\rd')).toBe("'a\\nb\\tc\\rd'");
    expect(soqlQuote('nul\u0000')).toBe("'nul\\u0000'");
  });

  it('leaves other text, including non-ASCII, alone', () => {
    expect(soqlQuote('Zoë 100% _x_')).toBe("'Zoë 100% _x_'");
  });
});

describe('buildMatchQuery', () => {
  it('groups a batch of users’ keys by field, without duplicates', () => {
    const keys: MatchKey[] = [
      { field: 'Okta_User_Id__c', value: '00ua' },
      { field: 'Email', value: 'a@example.com' },
      { field: 'Okta_User_Id__c', value: '00ub' },
      { field: 'Email', value: "o'brien@example.com" },
      { field: 'email', value: 'A@example.com' },
    ];
    expect(buildMatchQuery(keys)).toBe(
      "(Okta_User_Id__c IN ('00ua','00ub') OR Email IN ('a@example.com','o\\'brien@example.com'))",
    );
  });

  it('has no parentheses for one field and is null without keys', () => {
    expect(buildMatchQuery([{ field: 'Okta_User_Id__c', value: '00ua' }])).toBe(
      "Okta_User_Id__c IN ('00ua')",
    );
    expect(buildMatchQuery([])).toBeNull();
  });

  it('refuses a field name that is not an API name', () => {
    expect(() => buildMatchQuery([{ field: 'Email) OR (Id', value: 'x' }])).toThrow(
      /not a Salesforce field API name/,
    );
    expect(() => soqlFieldName('Account.Name')).not.toThrow();
  });

  it('lists the fields to select', () => {
    expect(
      matchSelectFields([
        { field: 'Okta_User_Id__c', value: 'a' },
        { field: 'Email', value: 'x' },
        { field: 'EMAIL', value: 'y' },
      ]),
    ).toEqual(['Id', 'Okta_User_Id__c', 'Email']);
  });
});
