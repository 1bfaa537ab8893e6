import { soqlQuote } from '../mapping/soql-quote.js';
import { compileUserFilter } from '../okta/user-filter.js';
import { toSnapshot } from '../okta/user-reader.js';
import type { OktaUserSnapshot } from '../mapping/types.js';

/**
 * The Okta users the companion API may show and act on: those the product syncs. A user is in
 * scope when a Contact is linked to it, or, when a Contact filter is configured, when the user
 * matches it. Employees, administrators and the API token's own user are out of scope unless
 * the product syncs them; `me` (Okta's alias for the token owner) never names a user here.
 */

export type SyncScope =
  { inScope: true; via: 'linked-contact' | 'contact-filter' } | { inScope: false; reason: string };

/** Pure: whether a user read from Okta is one the product syncs. */
export function syncScopeOf(input: {
  user: OktaUserSnapshot;
  linkedContact: boolean;
  contactFilter: string | null;
}): SyncScope {
  if (input.linkedContact) return { inScope: true, via: 'linked-contact' };
  const expression = input.contactFilter?.trim() ?? '';
  if (expression === '')
    return {
      inScope: false,
      reason: 'no Contact is linked to the user and no Contact filter is set',
    };
  let matches: boolean;
  try {
    matches = compileUserFilter(expression)(input.user);
  } catch {
    return { inScope: false, reason: 'the Contact filter is invalid' };
  }
  return matches
    ? { inScope: true, via: 'contact-filter' }
    : { inScope: false, reason: 'the user is outside the Contact filter and linked to no Contact' };
}

/** Okta's alias for the caller's own user; never a synced user. */
export const isReservedUserRef = (idOrLogin: string) => idOrLogin.trim().toLowerCase() === 'me';

export interface SyncedUserLookup<Raw> {
  /** The raw Okta user when it is in scope; null when unknown, reserved or out of scope. */
  find(idOrLogin: string): Promise<{ raw: Raw; scope: SyncScope & { inScope: true } } | null>;
}

export function createSyncedUsers<Raw>(deps: {
  /** Reads a user by id or login; null when Okta has none. */
  readUser(idOrLogin: string): Promise<Raw | null>;
  querySalesforce(soql: string): Promise<Record<string, unknown>[]>;
  contactFilter(): string | null;
}): SyncedUserLookup<Raw> {
  return {
    async find(idOrLogin) {
      if (isReservedUserRef(idOrLogin)) return null;
      const raw = await deps.readUser(idOrLogin);
      if (!raw) return null;
      const user = toSnapshot(raw as Parameters<typeof toSnapshot>[0]);
      const linked = await deps.querySalesforce(
        `SELECT Id FROM Contact WHERE Okta_User_Id__c = ${soqlQuote(user.id)} LIMIT 1`,
      );
      const scope = syncScopeOf({
        user,
        linkedContact: linked.length > 0,
        contactFilter: deps.contactFilter(),
      });
      return scope.inScope ? { raw, scope } : null;
    },
  };
}
