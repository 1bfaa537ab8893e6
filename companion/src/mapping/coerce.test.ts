import { describe, expect, it } from 'vitest';
import { coerceToField, toOktaValue } from './coerce.js';
import { accountDescribe, contactDescribe, field } from './mapping-test-fixtures.js';
import type { FieldDescribe, ObjectDescribe } from './types.js';

function f(d: ObjectDescribe, name: string): FieldDescribe {
  const found = d.fields.find((x) => x.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}
const contact = (name: string) => f(contactDescribe, name);
const account = (name: string) => f(accountDescribe, name);

function errorOf(r: ReturnType<typeof coerceToField>): string {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('coerceToField: text', () => {
  it('accepts text within the length and stringifies numbers and booleans', () => {
    expect(coerceToField('Analyst', contact('Title'))).toEqual({ ok: true, value: 'Analyst' });
    expect(coerceToField(42, contact('Title'))).toEqual({ ok: true, value: '42' });
    expect(coerceToField(true, contact('Title'))).toEqual({ ok: true, value: 'true' });
  });

  it('never truncates: a value longer than the field is an error naming field and lengths', () => {
    expect(errorOf(coerceToField('x'.repeat(300), contact('Title')))).toBe(
      'Title: value of 300 characters exceeds the field length 128',
    );
    expect(coerceToField('x'.repeat(128), contact('Title')).ok).toBe(true);
  });

  it('checks email format', () => {
    expect(coerceToField('ada@example.com', contact('Email')).ok).toBe(true);
    expect(errorOf(coerceToField('ada@example', contact('Email')))).toBe(
      'Email: "ada@example" is not a valid email address',
    );
    expect(coerceToField('ada example@x.com', contact('Email')).ok).toBe(false);
  });

  it('requires an active value of a restricted picklist, in its own spelling', () => {
    expect(coerceToField('ACTIVE', contact('Okta_Status__c'))).toEqual({
      ok: true,
      value: 'ACTIVE',
    });
    expect(coerceToField('suspended', contact('Okta_Status__c'))).toEqual({
      ok: true,
      value: 'SUSPENDED',
    });
    expect(errorOf(coerceToField('LEGACY', contact('Okta_Status__c')))).toBe(
      'Okta_Status__c: "LEGACY" is not an active value of this restricted picklist (ACTIVE, SUSPENDED, DEPROVISIONED)',
    );
  });

  it('lets an unrestricted picklist take any value', () => {
    expect(coerceToField('Trade Show', contact('LeadSource'))).toEqual({
      ok: true,
      value: 'Trade Show',
    });
  });

  it('joins a list for a multi-select picklist and refuses it elsewhere', () => {
    const multi = field('Interests__c', 'multipicklist', {
      length: 4099,
      restrictedPicklist: true,
      picklistValues: [
        { value: 'Golf', active: true },
        { value: 'Chess', active: true },
      ],
    });
    expect(coerceToField(['golf', 'Chess'], multi)).toEqual({ ok: true, value: 'Golf;Chess' });
    expect(coerceToField(['Golf', 'Poker'], multi).ok).toBe(false);
    expect(errorOf(coerceToField(['a'], contact('Title')))).toMatch(
      /fits only a multi-select picklist/,
    );
  });

  it('checks record ids for references', () => {
    expect(coerceToField('001000000000001AAA', contact('AccountId')).ok).toBe(true);
    expect(errorOf(coerceToField("001' OR Id != '", contact('AccountId')))).toMatch(
      /not a Salesforce record id/,
    );
  });
});

describe('coerceToField: empty values', () => {
  it('clears a nillable field', () => {
    expect(coerceToField(null, contact('Title'))).toEqual({ ok: true, value: null });
    expect(coerceToField('', contact('Title'))).toEqual({ ok: true, value: null });
  });

  it('refuses to clear a required field', () => {
    expect(errorOf(coerceToField(null, contact('LastName')))).toBe(
      'LastName: a value is required and cannot be cleared',
    );
  });

  it('clears a checkbox to false', () => {
    expect(coerceToField(null, contact('HasOptedOutOfEmail'))).toEqual({ ok: true, value: false });
  });
});

describe('coerceToField: numbers', () => {
  it('rounds decimals to the scale, as Salesforce does', () => {
    expect(coerceToField(1.005, contact('Okta_Score__c'))).toEqual({ ok: true, value: 1.01 });
    expect(coerceToField('-2.344', contact('Okta_Score__c'))).toEqual({ ok: true, value: -2.34 });
  });

  it('refuses more integer digits than precision - scale allows', () => {
    expect(coerceToField(999.99, contact('Okta_Score__c')).ok).toBe(true);
    expect(errorOf(coerceToField(1000, contact('Okta_Score__c')))).toBe(
      'Okta_Score__c: 1000 has more than 3 digits before the decimal point (precision 5, scale 2)',
    );
    expect(coerceToField(999.999, contact('Okta_Score__c')).ok).toBe(false);
  });

  it('requires whole numbers within range for int fields', () => {
    expect(coerceToField('250', account('NumberOfEmployees'))).toEqual({ ok: true, value: 250 });
    expect(errorOf(coerceToField(2.5, account('NumberOfEmployees')))).toBe(
      'NumberOfEmployees: 2.5 is not a whole number',
    );
    expect(coerceToField(100_000_000, account('NumberOfEmployees')).ok).toBe(false);
  });

  it('rejects non-numbers', () => {
    expect(errorOf(coerceToField('lots', account('AnnualRevenue')))).toBe(
      'AnnualRevenue: "lots" is not a number',
    );
    expect(coerceToField(true, account('AnnualRevenue')).ok).toBe(false);
    expect(coerceToField(1e21, account('AnnualRevenue')).ok).toBe(false);
  });
});

describe('coerceToField: boolean, date, datetime, time', () => {
  it('reads booleans', () => {
    expect(coerceToField('yes', contact('HasOptedOutOfEmail'))).toEqual({ ok: true, value: true });
    expect(coerceToField(false, contact('HasOptedOutOfEmail'))).toEqual({ ok: true, value: false });
    expect(errorOf(coerceToField('perhaps', contact('HasOptedOutOfEmail')))).toMatch(
      /^HasOptedOutOfEmail: "perhaps" is not a boolean/,
    );
  });

  it('accepts ISO dates and points other formats at the DATE transform', () => {
    expect(coerceToField('1990-05-01', contact('Birthdate'))).toEqual({
      ok: true,
      value: '1990-05-01',
    });
    expect(coerceToField('1990-05-01T10:00:00Z', contact('Birthdate'))).toEqual({
      ok: true,
      value: '1990-05-01',
    });
    expect(errorOf(coerceToField('05/01/1990', contact('Birthdate')))).toBe(
      'Birthdate: "05/01/1990" is not an ISO date (YYYY-MM-DD); use the DATE transform',
    );
    expect(errorOf(coerceToField('1990-02-30', contact('Birthdate')))).toMatch(
      /not a calendar date/,
    );
  });

  it('writes datetimes as ISO 8601 UTC with milliseconds', () => {
    expect(coerceToField('2026-01-01T01:00:00+01:00', contact('Okta_Last_Synced_At__c'))).toEqual({
      ok: true,
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(
      coerceToField(new Date('2026-01-01T00:00:00Z'), contact('Okta_Last_Synced_At__c')),
    ).toEqual({
      ok: true,
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(coerceToField('Jan 1 2026', contact('Okta_Last_Synced_At__c')).ok).toBe(false);
  });

  it('writes times as HH:MM:SS.sssZ', () => {
    const time = field('Opens_At__c', 'time');
    expect(coerceToField('09:30', time)).toEqual({ ok: true, value: '09:30:00.000Z' });
    expect(coerceToField('25:00', time).ok).toBe(false);
  });

  it('refuses types that cannot be mapped', () => {
    expect(errorOf(coerceToField('1 Main St', contact('MailingAddress')))).toBe(
      'MailingAddress: fields of type address cannot be mapped',
    );
  });
});

describe('toOktaValue', () => {
  it('keeps text, numbers and booleans and turns empty into null', () => {
    expect(toOktaValue('Analyst', contact('Title'))).toEqual({ ok: true, value: 'Analyst' });
    expect(toOktaValue(12.5, contact('Okta_Score__c'))).toEqual({ ok: true, value: 12.5 });
    expect(toOktaValue(true, contact('HasOptedOutOfEmail'))).toEqual({ ok: true, value: true });
    expect(toOktaValue(null, contact('Title'))).toEqual({ ok: true, value: null });
    expect(toOktaValue(undefined)).toEqual({ ok: true, value: null });
    expect(toOktaValue('')).toEqual({ ok: true, value: null });
  });

  it('writes Salesforce datetimes as ISO UTC and keeps dates', () => {
    expect(toOktaValue('2026-01-01T00:00:00.000+0000', contact('Okta_Last_Synced_At__c'))).toEqual({
      ok: true,
      value: '2026-01-01T00:00:00.000Z',
    });
    expect(toOktaValue('1990-05-01', contact('Birthdate'))).toEqual({
      ok: true,
      value: '1990-05-01',
    });
    expect(toOktaValue('05/01/1990', contact('Birthdate')).ok).toBe(false);
  });

  it('reads numeric and boolean text of typed fields', () => {
    expect(toOktaValue('12.50', contact('Okta_Score__c'))).toEqual({ ok: true, value: 12.5 });
    expect(toOktaValue('true', contact('HasOptedOutOfEmail'))).toEqual({ ok: true, value: true });
  });

  it('passes values through without a describe and refuses structures', () => {
    expect(toOktaValue('x')).toEqual({ ok: true, value: 'x' });
    expect(toOktaValue({ street: 'x' }).ok).toBe(false);
  });
});
