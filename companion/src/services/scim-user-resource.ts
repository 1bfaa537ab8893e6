import { z } from 'zod';
import type { ScimUserRecord } from '../store/scim-resources.js';
import { ScimError } from './scim-errors.js';
import { SCIM, USER_EXTENSIONS } from './scim-schemas.js';

/**
 * A SCIM User as Okta sends it (RFC 7643 §4.1, the enterprise extension, and the product's
 * extension for other Okta profile attributes), checked and reduced to what is stored: the
 * password Okta may send is dropped, read-only attributes (`id`, `meta`, `groups`) are
 * ignored, and `active` is a boolean even when a client sends `"False"`.
 */

/** `true`/`false`, or the strings some clients send ("True", "false"). */
export const scimBoolean = z.union([
  z.boolean(),
  z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(['true', 'false']))
    .transform((v) => v === 'true'),
]);

const multiValue = z
  .object({
    value: z.string().max(2048).nullish(),
    type: z.string().max(100).nullish(),
    primary: scimBoolean.nullish(),
    display: z.string().max(2048).nullish(),
  })
  .loose();

const attributeValue = z.union([
  z.string().max(4096),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.union([z.string().max(4096), z.number(), z.boolean()])).max(100),
]);

export const scimUserSchema = z
  .object({
    schemas: z.array(z.string()).optional(),
    userName: z.string().trim().min(1, 'userName is required').max(512),
    externalId: z.string().trim().min(1).max(512).nullish(),
    active: scimBoolean.optional(),
    name: z
      .object({
        formatted: z.string().max(1024).nullish(),
        familyName: z.string().max(1024).nullish(),
        givenName: z.string().max(1024).nullish(),
        middleName: z.string().max(1024).nullish(),
        honorificPrefix: z.string().max(256).nullish(),
        honorificSuffix: z.string().max(256).nullish(),
      })
      .loose()
      .nullish(),
    displayName: z.string().max(1024).nullish(),
    nickName: z.string().max(1024).nullish(),
    profileUrl: z.string().max(2048).nullish(),
    title: z.string().max(1024).nullish(),
    userType: z.string().max(256).nullish(),
    preferredLanguage: z.string().max(64).nullish(),
    locale: z.string().max(64).nullish(),
    timezone: z.string().max(128).nullish(),
    emails: z.array(multiValue).max(20).nullish(),
    phoneNumbers: z.array(multiValue).max(20).nullish(),
    addresses: z.array(z.record(z.string(), z.unknown())).max(20).nullish(),
    [SCIM.enterpriseUser]: z
      .object({
        employeeNumber: z.string().max(256).nullish(),
        costCenter: z.string().max(256).nullish(),
        organization: z.string().max(1024).nullish(),
        division: z.string().max(1024).nullish(),
        department: z.string().max(1024).nullish(),
        manager: z
          .object({
            value: z.string().max(512).nullish(),
            displayName: z.string().max(1024).nullish(),
          })
          .loose()
          .nullish(),
      })
      .loose()
      .nullish(),
    [SCIM.oktaUser]: z
      .record(
        z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,99}$/, 'not an Okta attribute name'),
        attributeValue,
      )
      .nullish(),
  })
  .loose();

export type ScimUserInput = z.infer<typeof scimUserSchema>;

/** Never stored, never answered. */
const DROPPED = new Set(['id', 'meta', 'groups', 'password', 'schemas']);

export interface AcceptedUser {
  userName: string;
  externalId: string | null;
  active: boolean;
  attributes: Record<string, unknown>;
}

/** Pure: checks a User body and returns what is stored, or throws a SCIM 400. */
export function acceptUser(body: unknown, fallbackActive = true): AcceptedUser {
  const parsed = scimUserSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.map(String).join('.')}: ` : '';
    throw ScimError.badRequest('invalidValue', `${where}${issue?.message ?? 'invalid User'}`);
  }
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(parsed.data)) {
    if (DROPPED.has(key) || value === undefined) continue;
    attributes[key] = value;
  }
  const active = parsed.data.active ?? fallbackActive;
  attributes['active'] = active;
  return {
    userName: parsed.data.userName,
    externalId: parsed.data.externalId ?? null,
    active,
    attributes,
  };
}

/** Pure: the User resource the companion answers for a stored record. */
export function userResource(record: ScimUserRecord, baseUrl: string): Record<string, unknown> {
  const extensions = USER_EXTENSIONS.filter((urn) => record.attributes[urn] != null);
  return {
    schemas: [SCIM.user, ...extensions],
    id: record.id,
    ...record.attributes,
    userName: record.userName,
    ...(record.externalId !== null ? { externalId: record.externalId } : {}),
    active: record.active,
    meta: {
      resourceType: 'User',
      created: record.created,
      lastModified: record.lastModified,
      location: `${baseUrl}/Users/${record.id}`,
      version: `W/"${record.version}"`,
    },
  };
}
