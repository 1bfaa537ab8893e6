/**
 * What both orgs last agreed on, per person: for an Okta user and the Contact linked to it, the
 * value each two-way (BOTH) attribute held on both sides at the last sync, in Okta's
 * representation. A field whose Okta value still equals it did not change in Okta; one whose
 * Contact value still equals it did not change in Salesforce — so each direction knows which
 * side moved without comparing clocks (a push of one field bumps the Okta user's `lastUpdated`
 * for every field, and change events arrive late).
 */
export interface SyncBaseline {
  oktaUserId: string;
  /** The Contact linked to the user when the baseline was last recorded. */
  contactId: string | null;
  /** Okta profile attribute → the value both orgs held at the last sync. */
  values: Readonly<Record<string, unknown>>;
}

export interface SyncBaselineUpdate {
  oktaUserId: string;
  /** The Contact now linked to the user; left as it is when absent. */
  contactId?: string;
  /** Attributes agreed now; attributes not named keep their recorded value. */
  values?: Readonly<Record<string, unknown>>;
}

export interface SyncBaselineStore {
  /** The baselines recorded for these users (users without one are absent). */
  get(oktaUserIds: readonly string[]): Promise<Map<string, SyncBaseline>>;
  /** The Okta users linked to these Contacts, keyed by the Contacts' 15-character ids. */
  usersOfContacts(contactIds: readonly string[]): Promise<Map<string, string>>;
  /** Merges each update into its user's baseline, in one write. */
  record(updates: readonly SyncBaselineUpdate[]): Promise<void>;
}
