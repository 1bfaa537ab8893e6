import { fail } from './errors.js';

/** Attributes of Okta's base user profile schema. */
export const BASE_PROFILE_ATTRIBUTES: readonly string[] = [
  'login',
  'email',
  'secondEmail',
  'firstName',
  'lastName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'title',
  'displayName',
  'nickName',
  'profileUrl',
  'primaryPhone',
  'mobilePhone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'postalAddress',
  'countryCode',
  'preferredLanguage',
  'locale',
  'timezone',
  'userType',
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'managerId',
  'manager',
];

/** Custom attributes the product's org declares in its profile schema. */
export const DEFAULT_CUSTOM_ATTRIBUTES: readonly string[] = ['territory', 'accessIssueCaseNumber'];

export const REQUIRED_PROFILE_ATTRIBUTES = ['login', 'email', 'firstName', 'lastName'] as const;

export type ProfileValue = string | number | boolean | null | string[];
export type UserProfile = Record<string, ProfileValue>;

// Okta's default login pattern requires an email-shaped login.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class ProfileSchema {
  private readonly base = new Set(BASE_PROFILE_ATTRIBUTES);
  private readonly custom: Set<string>;

  constructor(customAttributes: readonly string[] = DEFAULT_CUSTOM_ATTRIBUTES) {
    this.custom = new Set(customAttributes);
  }

  /** The attribute names, Okta's base ones first, as `GET /api/v1/meta/schemas/user/default` lists them. */
  attributes(): { base: readonly string[]; custom: readonly string[] } {
    return { base: [...this.base], custom: [...this.custom] };
  }

  has(attribute: string): boolean {
    return this.base.has(attribute) || this.custom.has(attribute);
  }

  /**
   * Validates a complete profile (after a merge or a replace) and returns the value to store.
   * Throws the E0000001 error Okta answers with.
   */
  validate(input: unknown): UserProfile {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw fail.validation('profile', ['profile: The field cannot be left blank']);
    }
    const profile: UserProfile = {};
    const causes: string[] = [];
    let firstField: string | undefined;
    const problem = (field: string, message: string) => {
      firstField ??= field;
      causes.push(`${field}: ${message}`);
    };
    for (const [key, value] of Object.entries(input as Record<string, unknown>)) {
      if (value === undefined) continue;
      if (!this.has(key)) {
        problem(key, `Property name '${key}' is not defined in profile schema`);
        continue;
      }
      if (this.base.has(key)) {
        if (value !== null && typeof value !== 'string') {
          problem(key, 'Does not match the declared type of the attribute');
          continue;
        }
      } else if (!isCustomValue(value)) {
        problem(key, 'Does not match the declared type of the attribute');
        continue;
      }
      profile[key] = value as ProfileValue;
    }
    for (const field of REQUIRED_PROFILE_ATTRIBUTES) {
      const value = profile[field];
      if (value === undefined || value === null || value === '') {
        problem(field, 'The field cannot be left blank');
      }
    }
    const login = profile['login'];
    if (typeof login === 'string' && login !== '' && !EMAIL_SHAPE.test(login)) {
      problem('login', 'Username must be in the form of an email address');
    }
    const email = profile['email'];
    if (typeof email === 'string' && email !== '' && !EMAIL_SHAPE.test(email)) {
      problem('email', 'Does not match required pattern');
    }
    if (causes.length > 0) throw fail.validation(firstField ?? 'profile', causes);
    return profile;
  }
}

function isCustomValue(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
