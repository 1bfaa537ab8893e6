import { describe, expect, it } from 'vitest';
import type { OktaUserSnapshot } from '../mapping/types.js';
import type { ScimUserRecord } from '../store/scim-resources.js';
import { scimUserToOktaProfile, withScimUser } from './scim-okta-profile.js';
import { SCIM } from './scim-schemas.js';

function record(attributes: Record<string, unknown>, active = true): ScimUserRecord {
  return {
    id: 'scim-1',
    userName: 'ada@acme.test',
    externalId: '00u00000000000000001',
    oktaUserId: '00u00000000000000001',
    active,
    attributes,
    version: 1,
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-01T00:00:00.000Z',
  };
}

const oktaUser: OktaUserSnapshot = {
  id: '00u00000000000000001',
  status: 'ACTIVE',
  created: null,
  activated: null,
  statusChanged: null,
  lastLogin: null,
  lastUpdated: null,
  passwordChanged: null,
  profile: { login: 'ada@acme.test', firstName: 'Ada', title: 'Engineer', nickName: null },
};

describe('SCIM attributes in the Okta profile vocabulary', () => {
  it('maps core, enterprise and extension attributes as Okta maps them', () => {
    const profile = scimUserToOktaProfile(
      record({
        name: { givenName: 'Ada', familyName: 'Lovelace' },
        emails: [
          { value: 'ada.home@example.test', type: 'home' },
          { value: 'ada@acme.test', type: 'work', primary: true },
        ],
        phoneNumbers: [
          { value: '+1 555 0100', type: 'work' },
          { value: '+1 555 0199', type: 'mobile' },
        ],
        title: 'Analyst',
        addresses: [{ type: 'work', locality: 'London', country: 'GB' }],
        [SCIM.enterpriseUser]: {
          organization: 'Acme',
          department: 'Engines',
          manager: { value: '00u0000000000000000m', displayName: 'Charles' },
        },
        [SCIM.oktaUser]: { userType: 'Customer', costCenter: 'CC-1' },
      }),
    );
    expect(profile).toEqual({
      login: 'ada@acme.test',
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'Analyst',
      email: 'ada@acme.test',
      secondEmail: 'ada.home@example.test',
      primaryPhone: '+1 555 0100',
      mobilePhone: '+1 555 0199',
      city: 'London',
      countryCode: 'GB',
      organization: 'Acme',
      department: 'Engines',
      managerId: '00u0000000000000000m',
      manager: 'Charles',
      userType: 'Customer',
      costCenter: 'CC-1',
    });
  });

  it("keeps Okta's values where both carry one, fills in what only SCIM carries", () => {
    const user = withScimUser(
      oktaUser,
      record({
        title: 'Stale title',
        nickName: 'Countess',
        [SCIM.oktaUser]: { userType: 'Customer' },
      }),
    );
    expect(user?.profile).toMatchObject({
      title: 'Engineer',
      nickName: 'Countess',
      userType: 'Customer',
      firstName: 'Ada',
    });
    expect(user?.status).toBe('ACTIVE');
  });

  it('deprovisions an app user Okta deactivated (unassigned) while the Okta user is active', () => {
    expect(withScimUser(oktaUser, record({}, false))?.status).toBe('DEPROVISIONED');
    const suspended = { ...oktaUser, status: 'SUSPENDED' };
    expect(withScimUser(suspended, record({}, false))?.status).toBe('SUSPENDED');
  });

  it('leaves users without a SCIM resource, and users Okta no longer has, as Okta reads them', () => {
    expect(withScimUser(oktaUser, undefined)).toBe(oktaUser);
    expect(withScimUser(null, record({}))).toBeNull();
  });
});
