import { describe, expect, it } from 'vitest';
import { checkGrantToApply, type GrantCaseState, type GrantToApply } from './grant-decisions.js';

const GROUP = '00gsupport0000000001';
const USER = '00ucustomer000000001';
const grant: GrantToApply = {
  caseId: '500000000000001AAA',
  contactId: '003000000000001AAA',
  oktaUserId: null,
  groupId: GROUP,
  createdAt: '2026-12-01T10:00:00.000Z',
  expiresAt: '2026-12-01T18:00:00.000Z',
};
const openCase: GrantCaseState = {
  found: true,
  closed: false,
  contactId: '003000000000001',
  contactOktaUserId: USER,
};
const check = (g: Partial<GrantToApply> = {}, c: Partial<GrantCaseState> = {}) =>
  checkGrantToApply({
    grant: { ...grant, ...g },
    caseState: { ...openCase, ...c },
    grantableGroupIds: new Set([GROUP]),
    maxGrantHours: 8,
  });

describe('checkGrantToApply', () => {
  it('applies a grant shaped as the product creates it, to the Case contact’s Okta user', () => {
    expect(check()).toEqual({ ok: true, oktaUserId: USER });
    expect(check({ contactId: null, oktaUserId: USER })).toEqual({ ok: true, oktaUserId: USER });
  });

  it.each([
    ['no Case', { caseId: null }, {}, /names no Case/],
    ['an unknown Case', {}, { found: false }, /does not exist/],
    ['a closed Case', {}, { closed: true }, /Case is closed/],
    ['a Case without a Contact', {}, { contactId: null }, /has no Contact/],
    ['another Contact', { contactId: '003000000000002AAA' }, {}, /Contact other than/],
    ['an unlinked Contact', {}, { contactOktaUserId: null }, /not linked/],
    ['another Okta user', { oktaUserId: '00uadmin000000000001' }, {}, /names Okta user 00uadmin/],
    ['a group no rule grants', { groupId: '00gsuperadmins000001' }, {}, /not made grantable/],
    ['a duration over the maximum', { expiresAt: '2026-12-01T18:06:00.000Z' }, {}, /maximum of 8/],
    ['no creation time', { createdAt: null }, {}, /no valid creation/],
  ])('refuses %s', (_why, g, c, reason) => {
    const verdict = check(g, c);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason).toMatch(reason);
  });

  it('tolerates a few minutes of clock skew on the duration', () => {
    expect(check({ expiresAt: '2026-12-01T18:04:00.000Z' }).ok).toBe(true);
  });
});
