import { fieldValueOf } from './field-diff.js';
import { writesSalesforce } from './mapping-validation.js';
import { readOktaAttribute } from './okta-attribute.js';
import { soqlFieldName, soqlQuote } from './soql-quote.js';
import { applyTransform } from './transforms.js';
import type { FieldMapping, OktaUserSnapshot } from './types.js';

export const OKTA_USER_ID_FIELD = 'Okta_User_Id__c';

export interface MatchKey {
  field: string;
  value: string;
}

/** A Contact as queried for matching: its id, its link, and the match-key fields. */
export interface ContactCandidate {
  Id: string;
  Okta_User_Id__c?: string | null | undefined;
  [field: string]: unknown;
}

export type ContactMatch =
  | { kind: 'linked'; contactId: string }
  | { kind: 'match'; contactId: string; by: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; contactIds: string[]; by: string };

/**
 * The keys that identify a user's Contact (or Lead), strongest first: the Okta user id, then
 * each active match-key mapping of that object by Match_Priority__c (then name), valued through
 * its transform (e.g. the lower-cased email). Keys without a value are left out.
 */
export function matchKeysFor(
  user: OktaUserSnapshot,
  mappings: readonly FieldMapping[],
  objectName: 'Contact' | 'Lead' = 'Contact',
): MatchKey[] {
  const keys: MatchKey[] = [{ field: OKTA_USER_ID_FIELD, value: user.id }];
  const matchMappings = mappings
    .filter((m) => m.isMatchKey && m.objectName === objectName && writesSalesforce(m))
    .filter((m) => m.field.toLowerCase() !== OKTA_USER_ID_FIELD.toLowerCase())
    .sort(
      (a, b) =>
        (a.matchPriority ?? Number.MAX_SAFE_INTEGER) -
          (b.matchPriority ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name),
    );
  for (const m of matchMappings) {
    const source = m.transform === 'TEMPLATE' ? null : readOktaAttribute(user, m.oktaAttribute);
    // A default value would match unrelated Contacts: only the user's own value is a key.
    const result = applyTransform({ ...m, defaultValue: null }, source, {
      lookup: (path) => readOktaAttribute(user, path),
    });
    if (!result.ok || result.value === null || Array.isArray(result.value)) continue;
    const value = String(result.value).trim();
    if (value !== '' && !keys.some((k) => k.field.toLowerCase() === m.field.toLowerCase())) {
      keys.push({ field: m.field, value });
    }
  }
  return keys;
}

// SOQL's = on text is case-insensitive; so is this comparison.
function sameKey(value: unknown, key: string): boolean {
  return (
    (typeof value === 'string' || typeof value === 'number') &&
    String(value).trim().toLowerCase() === key.trim().toLowerCase()
  );
}

function linkOf(c: ContactCandidate): string | null {
  const link = fieldValueOf(c, OKTA_USER_ID_FIELD);
  return typeof link === 'string' && link.trim() !== '' ? link : null;
}

/**
 * Picks the Contact for a user among candidates (which may hold other users' candidates too):
 * the Contact already linked to the user id wins; otherwise the first key, in order, that
 * matches exactly one Contact not linked to anyone. A Contact linked to another Okta user is
 * never taken. Two unlinked Contacts on one key are ambiguous: the caller must neither link nor
 * create (a create would add a duplicate), but raise a conflict.
 */
export function chooseContactMatch(
  candidates: readonly ContactCandidate[],
  keys: readonly MatchKey[],
): ContactMatch {
  const unique = [...new Map(candidates.map((c) => [c.Id, c])).values()];
  const userId = keys.find(
    (k) => k.field.toLowerCase() === OKTA_USER_ID_FIELD.toLowerCase(),
  )?.value;
  if (userId !== undefined) {
    const linked = unique.filter((c) => sameKey(linkOf(c), userId));
    const [only] = linked;
    if (linked.length === 1 && only) return { kind: 'linked', contactId: only.Id };
    if (linked.length > 1) {
      return {
        kind: 'ambiguous',
        contactIds: linked.map((c) => c.Id).sort(),
        by: OKTA_USER_ID_FIELD,
      };
    }
  }
  for (const key of keys) {
    if (key.field.toLowerCase() === OKTA_USER_ID_FIELD.toLowerCase()) continue;
    const free = unique.filter(
      (c) => linkOf(c) === null && sameKey(fieldValueOf(c, key.field), key.value),
    );
    const [only] = free;
    if (free.length === 1 && only) return { kind: 'match', contactId: only.Id, by: key.field };
    if (free.length > 1)
      return { kind: 'ambiguous', contactIds: free.map((c) => c.Id).sort(), by: key.field };
  }
  return { kind: 'none' };
}

/**
 * A SOQL WHERE condition finding every candidate Contact for a batch of users, from all their
 * keys: `Okta_User_Id__c IN ('a','b') OR Email IN ('x','y')`, parenthesised when there are
 * several fields so it can be combined with AND. Null when there is no key. Field names are
 * checked and values quoted with `soqlQuote`.
 */
export function buildMatchQuery(keys: readonly MatchKey[]): string | null {
  const byField = new Map<string, { field: string; values: Map<string, string> }>();
  for (const key of keys) {
    const fieldKey = key.field.toLowerCase();
    const group = byField.get(fieldKey) ?? { field: soqlFieldName(key.field), values: new Map() };
    byField.set(fieldKey, group);
    const valueKey = key.value.toLowerCase();
    if (!group.values.has(valueKey)) group.values.set(valueKey, key.value);
  }
  const clauses = [...byField.values()].map(
    (g) => `${g.field} IN (${[...g.values.values()].map(soqlQuote).join(',')})`,
  );
  if (clauses.length === 0) return null;
  return clauses.length === 1 ? (clauses[0] ?? null) : `(${clauses.join(' OR ')})`;
}

/** The fields to SELECT so `chooseContactMatch` can decide: Id, the link, every key field. */
export function matchSelectFields(keys: readonly MatchKey[]): string[] {
  const fields = ['Id', OKTA_USER_ID_FIELD];
  for (const key of keys) {
    if (!fields.some((f) => f.toLowerCase() === key.field.toLowerCase()))
      fields.push(soqlFieldName(key.field));
  }
  return fields;
}
