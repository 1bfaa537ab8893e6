import { describe, expect, it } from 'vitest';
import type { OktaUserSnapshot } from '../mapping/types.js';
import { isReservedUserRef, syncScopeOf } from './synced-users.js';

const user = (userType: string): OktaUserSnapshot => ({
  id: '00u000000000000000a1',
  status: 'ACTIVE',
  created: null,
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: null,
  passwordChanged: null,
  profile: { login: 'a@example.com', email: 'a@example.com', userType },
});

describe('syncScopeOf', () => {
  const filter = 'profile.userType eq "Customer"';

  it('takes a user linked to a Contact, whatever the filter', () => {
    expect(
      syncScopeOf({ user: user('Employee'), linkedContact: true, contactFilter: filter }),
    ).toEqual({ inScope: true, via: 'linked-contact' });
  });

  it('takes an unlinked user only when a filter is set and matches', () => {
    expect(
      syncScopeOf({ user: user('Customer'), linkedContact: false, contactFilter: filter }),
    ).toEqual({ inScope: true, via: 'contact-filter' });
    expect(
      syncScopeOf({ user: user('Employee'), linkedContact: false, contactFilter: filter }).inScope,
    ).toBe(false);
    expect(
      syncScopeOf({ user: user('Customer'), linkedContact: false, contactFilter: null }).inScope,
    ).toBe(false);
    expect(
      syncScopeOf({ user: user('Customer'), linkedContact: false, contactFilter: '(' }).inScope,
    ).toBe(false);
  });

  it('treats `me` as reserved in any case', () => {
    expect(isReservedUserRef('me')).toBe(true);
    expect(isReservedUserRef(' Me ')).toBe(true);
    expect(isReservedUserRef('me@example.com')).toBe(false);
  });
});
