import type { StoredAuditEntry } from './types.js';

/**
 * What the notifier keeps between runs: how far it has read the journal, when each
 * notification was last sent (quiet periods survive a restart), and the digests gathering.
 */

export interface NotificationDigest {
  key: string;
  ruleName: string;
  /** The record or Case owner the digest goes to, for rules that notify an owner. */
  ownerId: string | null;
  /** ISO 8601: when the digest is sent. */
  dueAt: string;
  count: number;
  /** The first subjects (e.g. logins), in arrival order, at most the cap `add` was given. */
  samples: string[];
  /** ISO 8601: the first and the last event gathered. */
  firstAt: string;
  lastAt: string;
}

export interface DigestItem {
  key: string;
  ruleName: string;
  ownerId: string | null;
  /** Used when the item opens the digest; a digest already open keeps its due time. */
  dueAt: Date;
  sample: string;
  occurredAt: string;
  maxSamples: number;
}

export interface NotificationStore {
  /** Journal entries the notifier has not read (new, or updated since it read them), oldest first. */
  pendingEntries(limit: number): Promise<StoredAuditEntry[]>;
  /** Marks these revisions read; an entry updated since stays pending. */
  markRead(entries: readonly Pick<StoredAuditEntry, 'id' | 'revision'>[]): Promise<number>;
  /**
   * True, and `at` recorded as the key's last send, when the key was not sent within
   * `quietMs` before `at`; false (nothing recorded) inside the quiet period.
   */
  claimQuietPeriod(key: string, at: Date, quietMs: number): Promise<boolean>;
  /** Forgets sends older than `before`. */
  pruneQuietPeriods(before: Date): Promise<number>;
  /** Adds one event to the digest of `key`, opening it when none is open; returns it. */
  addToDigest(item: DigestItem): Promise<NotificationDigest>;
  /** Digests due at `at`, soonest first. */
  dueDigests(at: Date, limit: number): Promise<NotificationDigest[]>;
  deleteDigest(key: string): Promise<void>;
}
