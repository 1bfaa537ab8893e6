import { describe, expect, it } from 'vitest';
import { evaluateScim, parseScimFilter, ScimSyntaxError } from './scim-filter.js';

const record: Record<string, unknown> = {
  status: 'ACTIVE',
  'profile.login': 'Ada.Lovelace@acme.test',
  'profile.title': null,
  lastUpdated: '2025-06-01T10:00:00.000Z',
  'target.id': ['00u1', '00g1'],
  count: 3,
};
const matches = (expression: string) =>
  evaluateScim(parseScimFilter(expression), (path) => record[path], {
    dateAttributes: new Set(['lastUpdated']),
  });

describe('SCIM filter', () => {
  it('compares strings case-insensitively with eq, ne, sw, co, ew', () => {
    expect(matches('profile.login eq "ada.lovelace@acme.test"')).toBe(true);
    expect(matches('profile.login ne "ada.lovelace@acme.test"')).toBe(false);
    expect(matches('profile.login sw "ada."')).toBe(true);
    expect(matches('profile.login co "LOVE"')).toBe(true);
    expect(matches('profile.login ew ".test"')).toBe(true);
    expect(matches('profile.login sw "bob"')).toBe(false);
  });

  it('compares timestamps as instants', () => {
    expect(matches('lastUpdated gt "2025-06-01T09:59:59Z"')).toBe(true);
    expect(matches('lastUpdated gt "2025-06-01T12:00:00+01:00"')).toBe(false);
    expect(matches('lastUpdated ge "2025-06-01T10:00:00.000Z"')).toBe(true);
    expect(matches('lastUpdated lt "2025-06-01T10:00:00Z"')).toBe(false);
  });

  it('honours and/or precedence, parentheses, not, pr and multi-valued attributes', () => {
    expect(matches('status eq "SUSPENDED" or status eq "ACTIVE" and count gt 2')).toBe(true);
    expect(matches('(status eq "SUSPENDED" or status eq "ACTIVE") and count gt 5')).toBe(false);
    expect(matches('not (status eq "ACTIVE")')).toBe(false);
    expect(matches('profile.title pr')).toBe(false);
    expect(matches('profile.login pr')).toBe(true);
    expect(matches('target.id eq "00g1"')).toBe(true);
    expect(matches('target.id eq "00g2"')).toBe(false);
    expect(matches('profile.title eq null')).toBe(true);
  });

  it('rejects malformed expressions', () => {
    for (const bad of [
      '',
      'status',
      'status eqq "A"',
      'status eq',
      '(status eq "A"',
      'status eq "A" extra',
      'status eq "A',
    ]) {
      expect(() => parseScimFilter(bad)).toThrow(ScimSyntaxError);
    }
  });
});
