import { sameValue } from '../mapping/field-diff.js';
import { writesSalesforce } from '../mapping/mapping-validation.js';
import { readOktaAttribute, writableProfileName } from '../mapping/okta-attribute.js';
import type { FieldMapping, OktaUserSnapshot } from '../mapping/types.js';
import type { OktaWriteRecord, OktaWriteStore } from '../store/okta-writes.js';

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
  register(userId: string, profile: Readonly<Record<string, unknown>>): Promise<void>;
  /**
   * For each user, attribute → the values the companion wrote to it within the time to live
   * (oldest first); users it wrote nothing to are absent. Every recent value counts: a later
   * write may have failed and left an earlier one.
   */
  written(
    userIds: readonly string[],
  ): Promise<Map<string, ReadonlyMap<string, readonly unknown[]>>>;
}

const MAX_VALUES_PER_ATTRIBUTE = 20;

/** A ledger kept in memory only: for tests and tools that have no store. */
export function memoryOktaWriteStore(): OktaWriteStore {
  const rows: { userId: string; attribute: string; valueJson: string; expiresAt: number }[] = [];
  return {
    async record(userId, values, expiresAtMs) {
      for (const { attribute, valueJson } of values) {
        const same = (r: (typeof rows)[number]) => r.userId === userId && r.attribute === attribute;
        for (let i = rows.length - 1; i >= 0; i--) {
          const row = rows[i];
          if (row && same(row) && row.valueJson === valueJson) rows.splice(i, 1);
        }
        rows.push({ userId, attribute, valueJson, expiresAt: expiresAtMs });
        const kept = rows.filter(same);
        for (const old of kept.slice(0, Math.max(0, kept.length - MAX_VALUES_PER_ATTRIBUTE)))
          rows.splice(rows.indexOf(old), 1);
      }
    },
    async live(userIds, nowMs) {
      const found = new Map<string, OktaWriteRecord[]>();
      for (const userId of new Set(userIds)) {
        const values = rows
          .filter((r) => r.userId === userId && r.expiresAt > nowMs)
          .map(({ attribute, valueJson }) => ({ attribute, valueJson }));
        if (values.length > 0) found.set(userId, values);
      }
      return found;
    },
    async prune(nowMs) {
      const before = rows.length;
      for (let i = rows.length - 1; i >= 0; i--)
        if ((rows[i]?.expiresAt ?? 0) <= nowMs) rows.splice(i, 1);
      return before - rows.length;
    },
  };
}

/**
 * The ledger over a store. Kept in the companion's store, it survives a restart: the events of
 * writes made just before a crash are still recognised when the System Log brings them later.
 */
export function createOktaWriteLedger(
  options: { ttlMs?: number; now?: () => number; store?: OktaWriteStore } = {},
): OktaWriteLedger {
  // Hook deliveries can be delayed and the queue can be behind; ten minutes covers both.
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryOktaWriteStore();
  let lastPrune = 0;

  return {
    async register(userId, profile) {
      const at = now();
      if (at - lastPrune > ttlMs) {
        await store.prune(at);
        lastPrune = at;
      }
      const values = Object.entries(profile).map(([attribute, value]) => ({
        attribute,
        valueJson: JSON.stringify(value ?? null),
      }));
      await store.record(userId, values, at + ttlMs);
    },
    async written(userIds) {
      const result = new Map<string, ReadonlyMap<string, readonly unknown[]>>();
      for (const [userId, records] of await store.live(userIds, now())) {
        const byAttribute = new Map<string, unknown[]>();
        for (const { attribute, valueJson } of records) {
          const values = byAttribute.get(attribute) ?? [];
          values.push(JSON.parse(valueJson) as unknown);
          byAttribute.set(attribute, values);
        }
        result.set(userId, byAttribute);
      }
      return result;
    },
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
    async updateProfile(userId: string, profile: Record<string, unknown>) {
      await ledger.register(userId, profile);
      return gateway.updateProfile(userId, profile);
    },
  } as G;
}
