/**
 * The Okta profile values the companion wrote, kept for a while so that Okta's reports of
 * them (`user.account.update_profile`) are recognised as echoes even after a restart: an echo
 * taken for a person's edit would copy an old value back over a newer Salesforce edit.
 */
export interface OktaWriteRecord {
  attribute: string;
  /** The value as JSON. */
  valueJson: string;
}

export interface OktaWriteStore {
  /** Notes values written to a user, each live until `expiresAtMs`; a value noted again moves to the end. */
  record(userId: string, values: readonly OktaWriteRecord[], expiresAtMs: number): Promise<void>;
  /** Each user's values still live at `nowMs`, oldest first; users without any are absent. */
  live(userIds: readonly string[], nowMs: number): Promise<Map<string, OktaWriteRecord[]>>;
  /** Forgets the values expired at `nowMs`; returns how many. */
  prune(nowMs: number): Promise<number>;
}
