import { readOktaAttribute } from '../mapping/okta-attribute.js';
import { soqlQuote } from '../mapping/soql-quote.js';
import type { OktaUserSnapshot, SyncSettings } from '../mapping/types.js';
import type { SalesforceWrite, WriteResult } from '../salesforce/record-writer.js';

/**
 * Finds or creates the Account of each user from the configured Okta attribute (e.g.
 * profile.organization). Accounts are keyed by Okta_Organization_Key__c, the lower-cased
 * organisation: creation is an upsert on that external id, so two workers creating the
 * same organisation at once end with one Account. An Account created by hand with the
 * same name and no key is adopted instead of duplicated.
 */

export interface AccountResolution {
  /** userId → Account id, for users whose Account was found or created. */
  accountIds: Map<string, string>;
  /** userId → why no Account could be resolved. */
  problems: Map<string, string>;
}

interface AccountRow extends Record<string, unknown> {
  Id: string;
  Name?: string | null;
  Okta_Organization_Key__c?: string | null;
}

export function organisationKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export interface AccountResolverDeps {
  query: <T extends Record<string, unknown>>(soql: string) => Promise<T[]>;
  write: (writes: readonly SalesforceWrite[]) => Promise<WriteResult[]>;
  /** Remembers key → id across batches; bounded. */
  cache?: Map<string, string>;
}

const CACHE_LIMIT = 50_000;

export async function resolveAccounts(
  users: readonly { user: OktaUserSnapshot; accountFields: Record<string, unknown> }[],
  settings: Pick<SyncSettings, 'accountStrategy' | 'accountMatchAttribute' | 'defaultOwnerId'>,
  deps: AccountResolverDeps,
): Promise<AccountResolution> {
  const resolution: AccountResolution = { accountIds: new Map(), problems: new Map() };
  if (settings.accountStrategy === 'NONE' || !settings.accountMatchAttribute) return resolution;
  const cache = deps.cache ?? new Map<string, string>();

  const byKey = new Map<
    string,
    { name: string; fields: Record<string, unknown>; userIds: string[] }
  >();
  for (const { user, accountFields } of users) {
    const raw = readOktaAttribute(user, settings.accountMatchAttribute);
    if (typeof raw !== 'string' || raw.trim() === '') continue;
    const key = organisationKey(raw);
    const entry = byKey.get(key) ?? { name: raw.trim(), fields: accountFields, userIds: [] };
    entry.userIds.push(user.id);
    byKey.set(key, entry);
  }
  const assign = (key: string, accountId: string) => {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, accountId);
    for (const userId of byKey.get(key)?.userIds ?? [])
      resolution.accountIds.set(userId, accountId);
  };

  const unknown = [...byKey.keys()].filter((key) => {
    const cached = cache.get(key);
    if (cached) assign(key, cached);
    return !cached;
  });
  if (unknown.length === 0) return resolution;

  const names = unknown.map((key) => byKey.get(key)?.name ?? key);
  const rows = await deps.query<AccountRow>(
    `SELECT Id, Name, Okta_Organization_Key__c FROM Account WHERE Okta_Organization_Key__c IN (${unknown
      .map(soqlQuote)
      .join(
        ',',
      )}) OR (Okta_Organization_Key__c = null AND Name IN (${names.map(soqlQuote).join(',')}))`,
  );
  const keyed = new Map<string, string>();
  const unkeyedByName = new Map<string, string[]>();
  for (const row of rows) {
    if (row.Okta_Organization_Key__c) keyed.set(row.Okta_Organization_Key__c.toLowerCase(), row.Id);
    else if (row.Name) {
      const list = unkeyedByName.get(organisationKey(row.Name)) ?? [];
      list.push(row.Id);
      unkeyedByName.set(organisationKey(row.Name), list);
    }
  }

  const adopt: { key: string; id: string }[] = [];
  const create: string[] = [];
  for (const key of unknown) {
    const found = keyed.get(key);
    if (found) {
      assign(key, found);
      continue;
    }
    const candidates = unkeyedByName.get(key) ?? [];
    if (candidates.length === 1 && candidates[0]) adopt.push({ key, id: candidates[0] });
    else if (candidates.length > 1) {
      for (const userId of byKey.get(key)?.userIds ?? []) {
        resolution.problems.set(
          userId,
          `several Accounts are named "${byKey.get(key)?.name}"; set Okta_Organization_Key__c on one`,
        );
      }
    } else if (settings.accountStrategy === 'MATCH_OR_CREATE') create.push(key);
    else {
      for (const userId of byKey.get(key)?.userIds ?? []) {
        resolution.problems.set(
          userId,
          `no Account matches "${byKey.get(key)?.name}" (account strategy MATCH_ONLY)`,
        );
      }
    }
  }

  const writes: SalesforceWrite[] = [
    ...adopt.map(({ key, id }): SalesforceWrite => ({
      op: 'update',
      object: 'Account',
      record: { Id: id, Okta_Organization_Key__c: key },
    })),
    ...create.map((key): SalesforceWrite => {
      const entry = byKey.get(key);
      const record: Record<string, unknown> = {
        ...entry?.fields,
        Name: entry?.fields['Name'] ?? entry?.name,
        Okta_Organization_Key__c: key,
        Okta_Account_Status__c: 'Active',
      };
      if (settings.defaultOwnerId) record['OwnerId'] = settings.defaultOwnerId;
      return {
        op: 'upsert',
        object: 'Account',
        externalIdField: 'Okta_Organization_Key__c',
        record,
      };
    }),
  ];
  if (writes.length === 0) return resolution;
  const results = await deps.write(writes);
  const keys = [...adopt.map((a) => a.key), ...create];
  results.forEach((result, i) => {
    const key = keys[i] as string;
    const id = result.id ?? adopt.find((a) => a.key === key)?.id;
    if (result.ok && id) assign(key, id);
    else {
      const message = result.errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ');
      for (const userId of byKey.get(key)?.userIds ?? []) {
        resolution.problems.set(userId, `could not save the Account: ${message}`);
      }
    }
  });
  return resolution;
}
