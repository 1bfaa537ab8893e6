import type { OktaUserSnapshot } from '../mapping/types.js';
import type { ScimUserRecord } from '../store/scim-resources.js';
import { SCIM } from './scim-schemas.js';

/**
 * SCIM User attributes in the Okta profile vocabulary the mapping engine reads (the
 * attribute names of `Okta_Field_Mapping__mdt`), following Okta's own SCIM attribute
 * mappings: userName → login, name.givenName → firstName, the primary email → email,
 * the work and mobile numbers → primaryPhone and mobilePhone, the enterprise extension →
 * organization, department, …, and the product's extension attribute by attribute. Pure.
 */

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v : undefined;

function pick(values: unknown, type?: string): Json | undefined {
  if (!Array.isArray(values)) return undefined;
  const items = values.filter(isObject);
  if (type) return items.find((v) => String(v['type'] ?? '').toLowerCase() === type);
  return items.find((v) => v['primary'] === true) ?? items[0];
}

export function scimUserToOktaProfile(
  record: Pick<ScimUserRecord, 'userName' | 'attributes'>,
): Json {
  const a = record.attributes;
  const profile: Json = {};
  const set = (name: string, value: unknown) => {
    const v = text(value);
    if (v !== undefined) profile[name] = v;
  };
  set('login', record.userName);
  const name = isObject(a['name']) ? a['name'] : {};
  set('firstName', name['givenName']);
  set('lastName', name['familyName']);
  set('middleName', name['middleName']);
  set('honorificPrefix', name['honorificPrefix']);
  set('honorificSuffix', name['honorificSuffix']);
  for (const attribute of [
    'displayName',
    'nickName',
    'profileUrl',
    'title',
    'userType',
    'preferredLanguage',
    'locale',
    'timezone',
  ]) {
    set(attribute, a[attribute]);
  }
  set('email', pick(a['emails'])?.['value']);
  const secondEmail = Array.isArray(a['emails'])
    ? a['emails'].filter(isObject).find((e) => e !== pick(a['emails']))
    : undefined;
  set('secondEmail', secondEmail?.['value']);
  set('primaryPhone', (pick(a['phoneNumbers'], 'work') ?? pick(a['phoneNumbers']))?.['value']);
  set('mobilePhone', pick(a['phoneNumbers'], 'mobile')?.['value']);
  const address = pick(a['addresses'], 'work') ?? pick(a['addresses']);
  if (address) {
    set('streetAddress', address['streetAddress']);
    set('city', address['locality']);
    set('state', address['region']);
    set('zipCode', address['postalCode']);
    set('countryCode', address['country']);
  }
  const enterprise = a[SCIM.enterpriseUser];
  if (isObject(enterprise)) {
    for (const attribute of [
      'employeeNumber',
      'costCenter',
      'organization',
      'division',
      'department',
    ]) {
      set(attribute, enterprise[attribute]);
    }
    const manager = isObject(enterprise['manager']) ? enterprise['manager'] : {};
    set('managerId', manager['value']);
    set('manager', manager['displayName']);
  }
  const custom = a[SCIM.oktaUser];
  if (isObject(custom)) {
    for (const [attribute, value] of Object.entries(custom)) {
      if (value !== null && value !== undefined && value !== '') profile[attribute] = value;
    }
  }
  return profile;
}

/** Statuses under which the Contact is inactive already: unassignment adds nothing. */
const INACTIVE = new Set(['DEPROVISIONED', 'SUSPENDED', 'DELETED']);

/**
 * Pure: the user the workflows see when Okta also provisions the user over SCIM. Okta's own
 * record stays the truth for what both carry (so hooks and SCIM never disagree about a value
 * and a change arriving both ways is applied once); attributes only the SCIM push carries
 * fill in; an app user Okta deactivated (unassigned, `active: false`) is deprovisioned.
 */
export function withScimUser(
  user: OktaUserSnapshot | null,
  scim: ScimUserRecord | undefined,
): OktaUserSnapshot | null {
  if (user === null || scim === undefined) return user;
  const fromScim = scimUserToOktaProfile(scim);
  const profile: Json = { ...fromScim };
  for (const [attribute, value] of Object.entries(user.profile)) {
    if (value !== null && value !== undefined && value !== '') profile[attribute] = value;
    else if (!(attribute in profile)) profile[attribute] = value;
  }
  const status = !scim.active && !INACTIVE.has(user.status) ? 'DEPROVISIONED' : user.status;
  return { ...user, status, profile };
}

/** The workflows' user reader when SCIM is on: Okta's users, each with its SCIM resource. */
export function withScimUsers(
  read: (ids: readonly string[]) => Promise<Map<string, OktaUserSnapshot | null>>,
  scim: { usersByOktaUserId(ids: readonly string[]): Promise<Map<string, ScimUserRecord>> },
) {
  return async (ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>> => {
    const users = await read(ids);
    const resources = await scim.usersByOktaUserId([...users.keys()]);
    return new Map([...users].map(([id, user]) => [id, withScimUser(user, resources.get(id))]));
  };
}
