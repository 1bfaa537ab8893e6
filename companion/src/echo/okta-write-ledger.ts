import { sameValue } from '../mapping/field-diff.js';
import { writesSalesforce } from '../mapping/mapping-validation.js';
import { readOktaAttribute, writableProfileName } from '../mapping/okta-attribute.js';
import type { FieldMapping, OktaUserSnapshot } from '../mapping/types.js';

/**
 * A short-lived memory of the Okta profile values the companion itself wrote (user id,
 * attribute → value). Okta reports every profile change as `user.account.update_profile`,
 * whoever made it; the account that owns the companion's credentials may also be a person in
 * the Admin Console, so an event is never dropped because of its actor. Instead, a Contact
 * field is left alone when its Okta attribute still holds exactly what the companion wrote
 * there recently: that value came from Salesforce, and copying it back could only undo a newer
 * Salesforce edit. Every other attribute — an admin's edit included — still flows.
 */
export interface OktaWriteLedger {
  /** Notes profile values about to be written to a user; call before sending the write. */
  register(userId: string, profile: Readonly<Record<string, unknown>>): void;
  /**
   * Attribute → the values the companion wrote to the user within the time to live (oldest
   * first). Every recent value counts: a later write may have failed and left an earlier one.
   */
  written(userId: string): ReadonlyMap<string, readonly unknown[]>;
  size(): number;
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

const MAX_VALUES_PER_ATTRIBUTE = 20;

export function createOktaWriteLedger(
  options: { ttlMs?: number; now?: () => number; maxUsers?: number } = {},
): OktaWriteLedger {
  // Hook deliveries can be delayed and the queue can be behind; ten minutes covers both.
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const maxUsers = options.maxUsers ?? 100_000;
  const users = new Map<string, Map<string, Entry[]>>();
  let lastPrune = 0;

  function prune(at: number): void {
    for (const [userId, attributes] of users) {
      for (const [name, entries] of attributes) {
        const live = entries.filter((entry) => entry.expiresAt > at);
        if (live.length === 0) attributes.delete(name);
        else attributes.set(name, live);
      }
      if (attributes.size === 0) users.delete(userId);
    }
  }

  return {
    register(userId, profile) {
      const at = now();
      if (at - lastPrune > ttlMs) {
        prune(at);
        lastPrune = at;
      }
      const attributes = users.get(userId) ?? new Map<string, Entry[]>();
      users.delete(userId);
      users.set(userId, attributes);
      for (const [name, value] of Object.entries(profile)) {
        const entries = (attributes.get(name) ?? []).filter(
          (entry) => entry.expiresAt > at && !sameValue(entry.value, value),
        );
        entries.push({ value, expiresAt: at + ttlMs });
        attributes.set(name, entries.slice(-MAX_VALUES_PER_ATTRIBUTE));
      }
      while (users.size > maxUsers) {
        const oldest = users.keys().next().value;
        if (oldest === undefined) break;
        users.delete(oldest);
      }
    },
    written(userId) {
      const at = now();
      const result = new Map<string, unknown[]>();
      for (const [name, entries] of users.get(userId) ?? []) {
        const live = entries.filter((entry) => entry.expiresAt > at).map((entry) => entry.value);
        if (live.length > 0) result.set(name, live);
      }
      return result;
    },
    size: () => users.size,
  };
}

/**
 * Pure: the Contact fields whose Okta source attribute holds exactly a value the companion
 * recently wrote to this user (its own echo). TEMPLATE mappings read several attributes and
 * are never echoes.
 */
export function ownEchoFields(input: {
  user: OktaUserSnapshot;
  written: ReadonlyMap<string, readonly unknown[]>;
  mappings: readonly FieldMapping[];
  objectName?: string;
}): Set<string> {
  const objectName = input.objectName ?? 'Contact';
  const fields = new Set<string>();
  if (input.written.size === 0) return fields;
  for (const mapping of input.mappings) {
    if (mapping.objectName !== objectName || !writesSalesforce(mapping)) continue;
    if (mapping.transform === 'TEMPLATE') continue;
    const attribute = writableProfileName(mapping.oktaAttribute);
    const values = attribute === undefined ? undefined : input.written.get(attribute);
    if (!values) continue;
    const current = readOktaAttribute(input.user, mapping.oktaAttribute);
    if (values.some((value) => sameValue(value, current))) fields.add(mapping.field.toLowerCase());
  }
  return fields;
}

/** Pure: `fields` without the ones named in `echoes` (compared case-insensitively). */
export function withoutOwnEchoes(
  fields: Readonly<Record<string, unknown>>,
  echoes: ReadonlySet<string>,
): Record<string, unknown> {
  if (echoes.size === 0) return { ...fields };
  return Object.fromEntries(
    Object.entries(fields).filter(([field]) => !echoes.has(field.toLowerCase())),
  );
}

/**
 * Wraps an Okta gateway so every profile update is noted in the ledger before it is sent:
 * the event it causes can be delivered before the call returns.
 */
export function withOktaWriteLedger<
  G extends { updateProfile(userId: string, profile: Record<string, unknown>): Promise<unknown> },
>(gateway: G, ledger: OktaWriteLedger): G {
  return {
    ...gateway,
    updateProfile(userId: string, profile: Record<string, unknown>) {
      ledger.register(userId, profile);
      return gateway.updateProfile(userId, profile);
    },
  } as G;
}
