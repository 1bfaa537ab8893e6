/**
 * `GET /api/v1/meta/schemas/user/default`: the org's user profile schema as Okta answers it —
 * JSON Schema draft 4, the base attributes under `definitions.base` and the org's custom ones
 * under `definitions.custom`, each with its title, type, mutability and permissions.
 */
import { Hono } from 'hono';
import { okJson, requireScope, type OktaEnv } from './api-context.js';
import { fail } from './errors.js';
import { REQUIRED_PROFILE_ATTRIBUTES, type ProfileSchema } from './profile-schema.js';

const READ = ['okta.schemas.read', 'okta.schemas.manage'];

/** Okta's titles of its base profile attributes. */
const BASE_TITLES: Readonly<Record<string, string>> = {
  login: 'Username',
  email: 'Primary email',
  secondEmail: 'Secondary email',
  firstName: 'First name',
  lastName: 'Last name',
  middleName: 'Middle name',
  honorificPrefix: 'Honorific prefix',
  honorificSuffix: 'Honorific suffix',
  title: 'Title',
  displayName: 'Display name',
  nickName: 'Nickname',
  profileUrl: 'Profile Url',
  primaryPhone: 'Primary phone',
  mobilePhone: 'Mobile phone',
  streetAddress: 'Street address',
  city: 'City',
  state: 'State',
  zipCode: 'Zip code',
  postalAddress: 'Postal Address',
  countryCode: 'Country code',
  preferredLanguage: 'Preferred language',
  locale: 'Locale',
  timezone: 'Time zone',
  userType: 'User type',
  employeeNumber: 'Employee number',
  costCenter: 'Cost center',
  organization: 'Organization',
  division: 'Division',
  department: 'Department',
  managerId: 'ManagerId',
  manager: 'Manager',
};

/** Titles of the custom attributes the sandbox org declares; others get their name in words. */
const CUSTOM_TITLES: Readonly<Record<string, string>> = {
  territory: 'Sales territory',
  accessIssueCaseNumber: 'Access issue case number',
};

const EMAIL_FORMAT: ReadonlySet<string> = new Set(['email', 'secondEmail']);
const REQUIRED: ReadonlySet<string> = new Set(REQUIRED_PROFILE_ATTRIBUTES);

function words(name: string): string {
  const text = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function attributeJson(name: string, title: string, custom: boolean): Record<string, unknown> {
  return {
    title,
    type: 'string',
    ...(EMAIL_FORMAT.has(name) ? { format: 'email' } : {}),
    ...(REQUIRED.has(name) ? { required: true } : {}),
    ...(name === 'login' ? { unique: 'UNIQUE_VALIDATED', minLength: 5, maxLength: 100 } : {}),
    mutability: 'READ_WRITE',
    scope: 'NONE',
    ...(custom ? { description: title } : {}),
    permissions: [{ principal: 'SELF', action: name === 'login' ? 'READ_ONLY' : 'READ_WRITE' }],
    master: { type: 'PROFILE_MASTER' },
  };
}

export function userSchemaJson(schema: ProfileSchema, orgUrl: string): Record<string, unknown> {
  const { base, custom } = schema.attributes();
  return {
    id: `${orgUrl}/meta/schemas/user/default`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    name: 'user',
    title: 'User',
    description: 'Okta user profile template',
    lastUpdated: '2024-01-01T00:00:00.000Z',
    created: '2024-01-01T00:00:00.000Z',
    definitions: {
      custom: {
        id: '#custom',
        type: 'object',
        properties: Object.fromEntries(
          custom.map((name) => [
            name,
            attributeJson(name, CUSTOM_TITLES[name] ?? words(name), true),
          ]),
        ),
        required: [],
      },
      base: {
        id: '#base',
        type: 'object',
        properties: Object.fromEntries(
          base.map((name) => [name, attributeJson(name, BASE_TITLES[name] ?? words(name), false)]),
        ),
        required: [...REQUIRED_PROFILE_ATTRIBUTES],
      },
    },
    type: 'object',
    properties: {
      profile: { allOf: [{ $ref: '#/definitions/custom' }, { $ref: '#/definitions/base' }] },
    },
    _links: { self: { href: `${orgUrl}/api/v1/meta/schemas/user/default`, method: 'GET' } },
  };
}

export function userSchemaRoutes(deps: { schema: ProfileSchema; orgUrl: () => string }) {
  return new Hono<OktaEnv>().get('/:schemaId', (c) => {
    requireScope(c, ...READ);
    const schemaId = c.req.param('schemaId');
    if (schemaId !== 'default') throw fail.notFound(schemaId, 'UserSchema');
    return okJson(c, userSchemaJson(deps.schema, deps.orgUrl()));
  });
}
