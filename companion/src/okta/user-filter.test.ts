import { describe, expect, it } from 'vitest';
import type { OktaUserSnapshot } from '../mapping/types.js';
import { compileUserFilter } from './user-filter.js';

function user(profile: Record<string, unknown>, status = 'ACTIVE'): OktaUserSnapshot {
  return {
    id: '00u1',
    status,
    created: null,
    activated: null,
    statusChanged: null,
    lastLogin: null,
    lastUpdated: null,
    passwordChanged: null,
    profile,
  };
}

describe('compileUserFilter', () => {
  it('accepts everyone when the filter is blank', () => {
    expect(compileUserFilter(null)(user({}))).toBe(true);
    expect(compileUserFilter('  ')(user({}))).toBe(true);
  });

  it('evaluates comparisons, case-insensitively for strings', () => {
    const customers = compileUserFilter('profile.userType eq "Customer"');
    expect(customers(user({ userType: 'customer' }))).toBe(true);
    expect(customers(user({ userType: 'Employee' }))).toBe(false);
    expect(customers(user({}))).toBe(false);
  });

  it('combines with and, or, not and parentheses', () => {
    const filter = compileUserFilter(
      '(profile.userType eq "Customer" or profile.email sw "vip.") and not status eq "STAGED"',
    );
    expect(filter(user({ userType: 'Customer' }))).toBe(true);
    expect(filter(user({ userType: 'Employee', email: 'vip.one@x.test' }))).toBe(true);
    expect(filter(user({ userType: 'Customer' }, 'STAGED'))).toBe(false);
    expect(compileUserFilter('profile.organization pr')(user({ organization: 'Acme' }))).toBe(true);
    expect(compileUserFilter('profile.organization pr')(user({ organization: '' }))).toBe(false);
  });

  it('rejects a malformed filter with a message naming the setting', () => {
    expect(() => compileUserFilter('profile.userType eq')).toThrow(/Okta_Contact_Filter__c/);
    expect(() => compileUserFilter('profile.userType gt "a"')).toThrow(/unsupported operator/);
    expect(() => compileUserFilter('(status eq "ACTIVE"')).toThrow(/missing "\)"/);
    expect(() => compileUserFilter('status eq "ACTIVE')).toThrow(/unterminated/);
  });
});
