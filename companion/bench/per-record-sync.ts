import type { Connection } from 'jsforce';
import { mapOktaUserToSalesforce } from '../src/mapping/apply.js';
import { soqlQuote } from '../src/mapping/soql-quote.js';
import type { SyncConfig } from '../src/mapping/types.js';
import type { OktaClient } from '../src/okta/client.js';
import { compileUserFilter } from '../src/okta/user-filter.js';
import { toSnapshot } from '../src/okta/user-reader.js';
import { DEPROVISIONED_STATUSES } from '../src/workflows/contact-plan.js';

/**
 * The reference a reconciliation is compared with: the way a typical hand-written
 * integration syncs Okta users to Contacts, record by record, with the same SDKs and the
 * same field mapping. For every listed Okta user in scope: one SOQL lookup by
 * Okta_User_Id__c (a second one by Email when nothing is linked yet), then one write (upsert
 * by Okta_User_Id__c, or an update that links the Contact found by Email). Sequential, as such
 * integrations usually are. It does not resolve Accounts and writes even unchanged Contacts.
 */

export interface PerRecordDeps {
  okta: OktaClient;
  salesforce: Connection;
  config: SyncConfig;
  now?: () => Date;
}

export interface PerRecordResult {
  usersListed: number;
  lookups: number;
  writes: number;
  created: number;
  linked: number;
  updated: number;
  skipped: number;
  failed: number;
}

const DEPROVISIONED_SEARCH = 'status eq "DEPROVISIONED"';
type RawUser = Parameters<typeof toSnapshot>[0];

export async function syncPerRecord(
  deps: PerRecordDeps,
  options: { limit?: number } = {},
): Promise<PerRecordResult> {
  const now = deps.now ?? (() => new Date());
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const inScope = compileUserFilter(deps.config.settings.oktaContactFilter);
  const contacts = deps.salesforce.sobject('Contact');
  const result: PerRecordResult = {
    usersListed: 0,
    lookups: 0,
    writes: 0,
    created: 0,
    linked: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
  };
  const lookup = async (where: string) => {
    result.lookups += 1;
    const page = await deps.salesforce.query<{ Id: string }>(
      `SELECT Id FROM Contact WHERE ${where} LIMIT 2`,
    );
    return page.records;
  };

  for (const query of [{ limit: 200 }, { limit: 200, search: DEPROVISIONED_SEARCH }]) {
    for await (const raw of await deps.okta.userApi.listUsers(query)) {
      if (result.usersListed >= limit) break;
      if (!raw) continue;
      result.usersListed += 1;
      const user = toSnapshot(raw as unknown as RawUser);
      if (!inScope(user)) {
        result.skipped += 1;
        continue;
      }
      const linked = await lookup(`Okta_User_Id__c = ${soqlQuote(user.id)}`);
      const email = typeof user.profile['email'] === 'string' ? user.profile['email'] : undefined;
      const byEmail =
        linked.length === 0 && email
          ? await lookup(`Email = ${soqlQuote(email)} AND Okta_User_Id__c = null`)
          : [];
      const deprovisioned = DEPROVISIONED_STATUSES.has(user.status);
      if (deprovisioned && linked.length === 0) {
        result.skipped += 1;
        continue;
      }
      const mapped = mapOktaUserToSalesforce({
        user,
        mappings: deps.config.mappings,
        describes: deps.config.describes,
      });
      const record: Record<string, unknown> = {
        ...mapped.records.Contact,
        Okta_User_Id__c: user.id,
        Okta_Status__c: user.status,
        Okta_Sync_Status__c: 'Synced',
        Okta_Last_Synced_At__c: now().toISOString(),
      };
      result.writes += 1;
      const target = linked.length === 0 && byEmail.length === 1 ? byEmail[0] : undefined;
      const saved = target
        ? await contacts.update({ ...record, Id: target.Id })
        : await contacts.upsert(record, 'Okta_User_Id__c');
      if (!saved.success) result.failed += 1;
      else if (target) result.linked += 1;
      else if (linked.length === 0) result.created += 1;
      else result.updated += 1;
    }
  }
  return result;
}
