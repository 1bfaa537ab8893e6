import { writesSalesforce } from '../mapping/mapping-validation.js';
import { matchKeysFor, OKTA_USER_ID_FIELD, type MatchKey } from '../mapping/matching.js';
import { readOktaAttribute } from '../mapping/okta-attribute.js';
import { soqlFieldName } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncConfig } from '../mapping/types.js';
import { compileUserFilter } from '../okta/user-filter.js';
import type { StoredPlanItem } from '../store/types.js';
import { organisationKey } from '../workflows/account-resolver.js';
import { DEPROVISIONED_STATUSES, type ContactRow } from '../workflows/contact-plan.js';
import type { ContactIndex } from './contact-index.js';
import {
  contestedLink,
  decideOrphans,
  decideUser,
  type AccountLookup,
  type UserDecision,
} from './plan-decision.js';
import type { ReconciliationSummary } from './types.js';

/**
 * The streaming merge: every Contact page goes into the bounded index, then Okta users are
 * decided page by page against it, and finally the Contacts whose Okta user was never listed
 * are decided (after asking Okta about them one by one: a listing can miss a user that was
 * just deprovisioned). Items leave through `emit` as soon as a page is decided.
 */

export interface MergeSources {
  contactPages(soql: string): AsyncIterable<ContactRow[]>;
  /** Accounts with an organisation key (Id, Okta_Organization_Key__c). */
  accountPages(soql: string): AsyncIterable<{ Id: string; Okta_Organization_Key__c?: unknown }[]>;
  /** Every Okta user, in pages: the plain list, then the DEPROVISIONED users it leaves out. */
  userPages(): AsyncIterable<OktaUserSnapshot[]>;
  /** The users Okta has among these ids (null: no such user). */
  confirmUsers(ids: readonly string[]): Promise<Map<string, OktaUserSnapshot | null>>;
}

export interface MergeSink {
  emit(items: readonly StoredPlanItem[]): Promise<void>;
  replace(item: StoredPlanItem): Promise<void>;
  /** The item stored under `seq`, for a link that another user contests. */
  item(seq: number): Promise<StoredPlanItem | undefined>;
  progress(counts: { oktaUsersRead: number; contactsRead: number }): Promise<void>;
}

export interface MergeResult {
  summary: ReconciliationSummary;
  linkedContacts: number;
  deactivations: number;
}

/** Contact columns the decision reads besides the mapped and key fields. */
export const CONTACT_STATUS_FIELDS = [
  'Okta_Status__c',
  'Okta_Sync_Status__c',
  'Okta_Sync_Error__c',
  'Okta_Last_Event_At__c',
  'Okta_MFA_Reset_At__c',
  'AccountId',
] as const;

/** Above this many unlisted linked ids, they are not confirmed one by one (the guard decides). */
export const CONFIRM_LIMIT = 1000;
const ORPHAN_PAGE = 100;

export function contactKeyFields(config: Pick<SyncConfig, 'mappings'>): string[] {
  return config.mappings
    .filter((m) => m.isMatchKey && m.objectName === 'Contact' && writesSalesforce(m))
    .map((m) => m.field)
    .filter((f) => f.toLowerCase() !== OKTA_USER_ID_FIELD.toLowerCase());
}

/** Every linked or matchable Contact, with what the decision reads. */
export function contactSoql(config: Pick<SyncConfig, 'mappings'>): string {
  const mapped = config.mappings
    .filter((m) => m.objectName === 'Contact' && writesSalesforce(m))
    .map((m) => m.field);
  const keys = contactKeyFields(config);
  const fields = new Map<string, string>();
  for (const f of ['Id', OKTA_USER_ID_FIELD, ...CONTACT_STATUS_FIELDS, ...mapped, ...keys]) {
    if (!fields.has(f.toLowerCase())) fields.set(f.toLowerCase(), soqlFieldName(f));
  }
  const where = [OKTA_USER_ID_FIELD, ...keys]
    .map((f) => `${soqlFieldName(f)} != null`)
    .join(' OR ');
  return `SELECT ${[...fields.values()].join(', ')} FROM Contact WHERE ${where}`;
}

export const ACCOUNT_SOQL =
  'SELECT Id, Okta_Organization_Key__c FROM Account WHERE Okta_Organization_Key__c != null';

function emptySummary(): ReconciliationSummary {
  return {
    creates: 0,
    updates: 0,
    links: 0,
    deactivations: 0,
    conflicts: 0,
    unchanged: 0,
    skipped: 0,
  };
}

const SUMMARY_KEY = {
  create: 'creates',
  update: 'updates',
  link: 'links',
  deactivate: 'deactivations',
  conflict: 'conflicts',
} as const;

export async function mergeAndPlan(input: {
  config: SyncConfig;
  sources: MergeSources;
  sink: MergeSink;
  index: ContactIndex;
  syncedAt: string;
  /** Called between pages: throws to stop the run (e.g. cancellation, API budget). */
  checkpoint?: () => Promise<void>;
}): Promise<MergeResult> {
  const { config, sources, sink, index } = input;
  const { settings } = config;
  const inScope = compileUserFilter(settings.oktaContactFilter);
  const summary = emptySummary();
  const counts = { oktaUsersRead: 0, contactsRead: 0 };
  let seq = 0;
  const checkpoint = input.checkpoint ?? (() => Promise.resolve());

  for await (const page of sources.contactPages(contactSoql(config))) {
    index.addContacts(page);
    counts.contactsRead += page.length;
    await sink.progress(counts);
    await checkpoint();
  }
  if (settings.accountStrategy !== 'NONE' && settings.accountMatchAttribute) {
    for await (const page of sources.accountPages(ACCOUNT_SOQL)) {
      index.addAccounts(page);
      await checkpoint();
    }
  }

  const accountFor = (user: OktaUserSnapshot): AccountLookup => {
    if (settings.accountStrategy === 'NONE' || !settings.accountMatchAttribute) return undefined;
    if (DEPROVISIONED_STATUSES.has(user.status) || !inScope(user)) return undefined;
    const raw = readOktaAttribute(user, settings.accountMatchAttribute);
    if (typeof raw !== 'string' || raw.trim() === '') return undefined;
    const id = index.accountIdByKey(organisationKey(raw));
    return id ? { id } : { pending: raw.trim() };
  };

  /** Links contested after their item was stored: settled once the page's decisions are made. */
  let contested: { seq: number; contactId: string; by: string | null }[] = [];
  const turnToConflict = (first: StoredPlanItem, contactId: string, by: string | null) => {
    if (first.kind !== 'link') return undefined;
    summary.links -= 1;
    summary.conflicts += 1;
    return { seq: first.seq, ...contestedLink(first, contactId, by) };
  };
  const settleContested = async () => {
    const pending = contested;
    contested = [];
    for (const { seq: earlier, contactId, by } of pending) {
      const first = await sink.item(earlier);
      const replaced = first && turnToConflict(first, contactId, by);
      if (replaced) await sink.replace(replaced);
    }
  };

  const record = (decision: UserDecision, out: StoredPlanItem[]) => {
    if (decision.kind === 'unchanged') summary.unchanged += 1;
    else if (decision.kind === 'skipped') summary.skipped = (summary.skipped ?? 0) + 1;
    else {
      seq += 1;
      let item: StoredPlanItem = { seq, ...decision.item };
      if (decision.linkedContactId) {
        const earlier = index.claim(decision.linkedContactId, seq);
        if (earlier !== undefined) {
          item = { seq, ...contestedLink(decision.item, decision.linkedContactId, null) };
          const pending = out.find((i) => i.seq === earlier);
          if (pending) {
            const replaced = turnToConflict(pending, decision.linkedContactId, item.oktaUserId);
            if (replaced) Object.assign(pending, replaced);
          } else {
            contested.push({
              seq: earlier,
              contactId: decision.linkedContactId,
              by: item.oktaUserId,
            });
          }
        }
      }
      summary[SUMMARY_KEY[item.kind]] += 1;
      out.push(item);
    }
  };

  const decide = (user: OktaUserSnapshot, out: StoredPlanItem[]) => {
    if (!index.markUserSeen(user.id)) return;
    const keys: MatchKey[] = matchKeysFor(user, config.mappings);
    const decision = decideUser({
      userId: user.id,
      user,
      inScope: inScope(user),
      keys,
      candidates: index.candidates(keys),
      account: accountFor(user),
      config,
      syncedAt: input.syncedAt,
    });
    index.markLinkSeen(user.id);
    record(decision, out);
  };

  for await (const page of sources.userPages()) {
    const out: StoredPlanItem[] = [];
    index.batch(() => {
      for (const user of page) decide(user, out);
    });
    counts.oktaUsersRead += page.length;
    await settleContested();
    await sink.emit(out);
    await sink.progress(counts);
    await checkpoint();
  }

  // Contacts linked to ids the listing did not return.
  let confirmed = 0;
  for (const groups of index.unseenLinked(ORPHAN_PAGE)) {
    const toConfirm = groups
      .map((g) => g.link)
      .filter((link) => /^00u[0-9A-Za-z]{17}$/.test(link))
      .slice(0, Math.max(0, CONFIRM_LIMIT - confirmed));
    confirmed += toConfirm.length;
    const found = toConfirm.length > 0 ? await sources.confirmUsers(toConfirm) : new Map();
    const out: StoredPlanItem[] = [];
    for (const group of groups) {
      const user = found.get(group.link) as OktaUserSnapshot | null | undefined;
      if (user) {
        counts.oktaUsersRead += 1;
        decide(user, out);
        continue;
      }
      index.markLinkSeen(group.link);
      record(
        decideOrphans({
          link: group.link,
          contacts: group.contacts,
          config,
          syncedAt: input.syncedAt,
        }),
        out,
      );
    }
    await settleContested();
    await sink.emit(out);
    await sink.progress(counts);
    await checkpoint();
  }

  return { summary, linkedContacts: index.linkedCount(), deactivations: summary.deactivations };
}
