import type { OktaUserSnapshot } from './types.js';

/** Top-level user properties a mapping may read; none of them is writable through a mapping. */
export const OKTA_USER_PROPERTIES = [
  'id',
  'status',
  'created',
  'activated',
  'statusChanged',
  'lastLogin',
  'lastUpdated',
  'passwordChanged',
] as const;
type OktaUserProperty = (typeof OKTA_USER_PROPERTIES)[number];

const TIMESTAMP_PROPERTIES: ReadonlySet<string> = new Set([
  'created',
  'activated',
  'statusChanged',
  'lastLogin',
  'lastUpdated',
  'passwordChanged',
]);

// Okta profile variable names: a letter, then letters, digits or underscores.
const PROFILE_ATTRIBUTE = /^profile\.([A-Za-z][A-Za-z0-9_]{0,99})$/;

export type OktaAttributeRef =
  { kind: 'property'; property: OktaUserProperty } | { kind: 'profile'; name: string };

export function parseOktaAttribute(path: string): OktaAttributeRef | undefined {
  const profile = PROFILE_ATTRIBUTE.exec(path);
  if (profile?.[1]) return { kind: 'profile', name: profile[1] };
  const property = OKTA_USER_PROPERTIES.find((p) => p === path);
  return property ? { kind: 'property', property } : undefined;
}

export function describeOktaAttributeRule(): string {
  return `expected one of ${OKTA_USER_PROPERTIES.join(', ')} or profile.<name>`;
}

/** The profile attribute name a Salesforce → Okta mapping writes, or undefined when not writable. */
export function writableProfileName(path: string): string | undefined {
  const ref = parseOktaAttribute(path);
  return ref?.kind === 'profile' ? ref.name : undefined;
}

/** Reads an attribute from a user; timestamps come back as ISO strings, absent values as null. */
export function readOktaAttribute(user: OktaUserSnapshot, path: string): unknown {
  const ref = parseOktaAttribute(path);
  if (!ref) return null;
  const raw = ref.kind === 'profile' ? user.profile[ref.name] : user[ref.property];
  if (raw === undefined) return null;
  if (raw instanceof Date) return raw.toISOString();
  if (ref.kind === 'property' && TIMESTAMP_PROPERTIES.has(ref.property) && raw === '') return null;
  return raw;
}
