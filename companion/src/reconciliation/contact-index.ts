import Database from 'better-sqlite3';
import { OKTA_USER_ID_FIELD, type MatchKey } from '../mapping/matching.js';
import type { ContactRow } from '../workflows/contact-plan.js';

/**
 * The Contact side of the merge, held in a private temporary SQLite database (deleted on
 * close): Contacts by link and by match-key value, the organisation keys of Accounts, the
 * Okta users already seen and the Contacts already claimed by a link. Its memory is SQLite's
 * page cache, bounded whatever the size of the org; the rest spills to a temporary file.
 */

export interface LinkedGroup {
  /** The Okta user id the Contacts are linked to, as the first Contact spells it. */
  link: string;
  contacts: ContactRow[];
}

export interface ContactIndex {
  /** Runs `fn` in one transaction: a page of lookups and marks commits once. */
  batch<T>(fn: () => T): T;
  addContacts(rows: readonly ContactRow[]): void;
  addAccounts(rows: readonly { Id: string; Okta_Organization_Key__c?: unknown }[]): void;
  accountIdByKey(key: string): string | undefined;
  /** Contacts linked to the user, and unlinked Contacts whose key fields hold a key's value. */
  candidates(keys: readonly MatchKey[]): ContactRow[];
  /** False when the user was seen before in this run (listed twice). */
  markUserSeen(userId: string): boolean;
  /** Marks the Contacts linked to this user id as accounted for. */
  markLinkSeen(userId: string): void;
  /** Records that the plan item `seq` links the Contact; returns an earlier claim, if any. */
  claim(contactId: string, seq: number): number | undefined;
  /** Contacts linked to ids no listed Okta user has, grouped by link, in pages. */
  unseenLinked(pageSize: number): Generator<LinkedGroup[]>;
  linkedCount(): number;
  close(): void;
}

const norm = (value: unknown): string | null => {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim().toLowerCase();
  return text === '' ? null : text;
};

const CACHE_KIB = 16 * 1024;

export function openContactIndex(options: { keyFields: readonly string[] }): ContactIndex {
  const db = new Database('');
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.exec(`
    CREATE TABLE contacts (id TEXT PRIMARY KEY, link TEXT, seen INTEGER NOT NULL DEFAULT 0, row TEXT NOT NULL) WITHOUT ROWID;
    CREATE INDEX contacts_by_link ON contacts (link, seen) WHERE link IS NOT NULL;
    CREATE TABLE contact_keys (field TEXT NOT NULL, value TEXT NOT NULL, contact_id TEXT NOT NULL);
    CREATE INDEX contact_keys_by_value ON contact_keys (field, value);
    CREATE TABLE accounts (key TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE users_seen (id TEXT PRIMARY KEY) WITHOUT ROWID;
    CREATE TABLE claims (contact_id TEXT PRIMARY KEY, seq INTEGER NOT NULL) WITHOUT ROWID;
  `);
  const keyFields = options.keyFields.filter(
    (f) => f.toLowerCase() !== OKTA_USER_ID_FIELD.toLowerCase(),
  );

  const insertContact = db.prepare(
    'INSERT OR REPLACE INTO contacts (id, link, row) VALUES (?, ?, ?)',
  );
  const insertKey = db.prepare(
    'INSERT INTO contact_keys (field, value, contact_id) VALUES (?, ?, ?)',
  );
  const insertAccount = db.prepare('INSERT OR IGNORE INTO accounts (key, id) VALUES (?, ?)');
  const accountByKey = db.prepare<[string], { id: string }>(
    'SELECT id FROM accounts WHERE key = ?',
  );
  const byLink = db.prepare<[string], { row: string }>('SELECT row FROM contacts WHERE link = ?');
  const byKey = db.prepare<[string, string], { row: string }>(
    `SELECT c.row FROM contact_keys k JOIN contacts c ON c.id = k.contact_id
     WHERE k.field = ? AND k.value = ?`,
  );
  const seeUser = db.prepare('INSERT OR IGNORE INTO users_seen (id) VALUES (?)');
  const seeLink = db.prepare('UPDATE contacts SET seen = 1 WHERE link = ? AND seen = 0');
  const getClaim = db.prepare<[string], { seq: number }>(
    'SELECT seq FROM claims WHERE contact_id = ?',
  );
  const putClaim = db.prepare('INSERT INTO claims (contact_id, seq) VALUES (?, ?)');
  const unseenLinks = db.prepare<[string, number], { link: string }>(
    `SELECT DISTINCT link FROM contacts WHERE link IS NOT NULL AND seen = 0 AND link > ?
     ORDER BY link LIMIT ?`,
  );
  const unseenOfLink = db.prepare<[string], { row: string }>(
    'SELECT row FROM contacts WHERE link = ? AND seen = 0 ORDER BY id',
  );
  const countLinked = db.prepare<[], { n: number }>(
    'SELECT COUNT(*) AS n FROM contacts WHERE link IS NOT NULL',
  );

  const addContacts = db.transaction((rows: readonly ContactRow[]) => {
    for (const row of rows) {
      const link = norm(row[OKTA_USER_ID_FIELD]);
      insertContact.run(row.Id, link, JSON.stringify(row));
      // Only unlinked Contacts can be matched by key (chooseContactMatch never takes another's).
      if (link !== null) continue;
      for (const field of keyFields) {
        const value = norm(fieldValue(row, field));
        if (value !== null) insertKey.run(field.toLowerCase(), value, row.Id);
      }
    }
  });
  const addAccounts = db.transaction(
    (rows: readonly { Id: string; Okta_Organization_Key__c?: unknown }[]) => {
      for (const row of rows) {
        const key = norm(row.Okta_Organization_Key__c);
        if (key !== null) insertAccount.run(key, row.Id);
      }
    },
  );

  return {
    addContacts: (rows) => addContacts(rows),
    addAccounts: (rows) => addAccounts(rows),
    accountIdByKey: (key) => accountByKey.get(key.toLowerCase())?.id,
    candidates(keys) {
      const found = new Map<string, ContactRow>();
      for (const key of keys) {
        const value = norm(key.value);
        if (value === null) continue;
        const rows =
          key.field.toLowerCase() === OKTA_USER_ID_FIELD.toLowerCase()
            ? byLink.all(value)
            : byKey.all(key.field.toLowerCase(), value);
        for (const { row } of rows) {
          const contact = JSON.parse(row) as ContactRow;
          found.set(contact.Id, contact);
        }
      }
      return [...found.values()];
    },
    batch: (fn) => db.transaction(fn)(),
    markUserSeen: (userId) => seeUser.run(userId.toLowerCase()).changes === 1,
    markLinkSeen: (userId) => {
      seeLink.run(userId.toLowerCase());
    },
    claim(contactId, seq) {
      const earlier = getClaim.get(contactId)?.seq;
      if (earlier === undefined) putClaim.run(contactId, seq);
      return earlier;
    },
    *unseenLinked(pageSize) {
      let after = '';
      for (;;) {
        const links = unseenLinks.all(after, pageSize);
        if (links.length === 0) return;
        const groups: LinkedGroup[] = [];
        for (const { link } of links) {
          const contacts = unseenOfLink.all(link).map((r) => JSON.parse(r.row) as ContactRow);
          const first = contacts[0];
          if (first) groups.push({ link: String(first[OKTA_USER_ID_FIELD] ?? link), contacts });
        }
        after = links.at(-1)?.link ?? after;
        yield groups;
      }
    },
    linkedCount: () => countLinked.get()?.n ?? 0,
    close: () => {
      if (db.open) db.close();
    },
  };
}

function fieldValue(row: Readonly<Record<string, unknown>>, field: string): unknown {
  if (Object.hasOwn(row, field)) return row[field];
  const lower = field.toLowerCase();
  const key = Object.keys(row).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : row[key];
}
