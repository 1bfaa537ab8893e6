import type { Connection } from 'jsforce';
import type { OktaUserSnapshot } from '../mapping/types.js';
import type { OktaGateway } from '../okta/okta-gateway.js';
import type { MergeSources } from './merge.js';
import type { OktaRateGate } from './okta-rate-gate.js';

/**
 * The merge's inputs read through the real clients, one page in memory at a time: Okta users
 * 200 a page by `Link` pagination (a plain list leaves DEPROVISIONED users out, so a second
 * listing filters for them: `filter`, unlike `search`, sees a deactivation made moments ago), and
 * SOQL pages of up to 2000 records by `nextRecordsUrl`.
 */

export const OKTA_PAGE_SIZE = 200;
export const DEPROVISIONED_FILTER = 'status eq "DEPROVISIONED"';

export function createMergeSources(deps: {
  okta: Pick<OktaGateway, 'userPages' | 'readUsers'>;
  salesforce: Connection;
  gate: OktaRateGate;
  /** Runs an Okta call again after a rate limit it could not get past (retryOnRateLimit). */
  retryOkta: <T>(call: () => Promise<T>) => Promise<T>;
  /** Runs before every Salesforce call (the API budget check). */
  beforeSalesforceCall: () => void;
  /** How the workflows see the users read (e.g. with what Okta provisioned over SCIM). */
  adjustUsers?: ((users: OktaUserSnapshot[]) => Promise<OktaUserSnapshot[]>) | undefined;
}): MergeSources {
  const adjust = deps.adjustUsers ?? ((users: OktaUserSnapshot[]) => Promise.resolve(users));
  async function* queryPages<T extends Record<string, unknown>>(soql: string): AsyncIterable<T[]> {
    deps.beforeSalesforceCall();
    let page = await deps.salesforce.query<T>(soql);
    yield page.records.map(withoutAttributes);
    while (!page.done && page.nextRecordsUrl) {
      deps.beforeSalesforceCall();
      page = await deps.salesforce.queryMore<T>(page.nextRecordsUrl);
      yield page.records.map(withoutAttributes);
    }
  }

  return {
    contactPages: (soql) => queryPages(soql) as AsyncIterable<never[]>,
    accountPages: (soql) => queryPages(soql) as AsyncIterable<never[]>,
    async *userPages(): AsyncIterable<OktaUserSnapshot[]> {
      for (const query of [
        { limit: OKTA_PAGE_SIZE },
        { limit: OKTA_PAGE_SIZE, filter: DEPROVISIONED_FILTER },
      ]) {
        await deps.gate.wait();
        const pages = await deps.okta.userPages(query);
        for (;;) {
          // A failed page leaves the pages where they were: calling again reads it again.
          const page = await deps.retryOkta(() => pages.next());
          yield await adjust(page);
          if (!pages.hasMore()) break;
          await deps.gate.wait();
        }
      }
    },
    async confirmUsers(ids) {
      await deps.gate.wait();
      const users = await deps.retryOkta(() => deps.okta.readUsers(ids));
      const found = [...users.values()].filter((u): u is OktaUserSnapshot => u !== null);
      const adjusted = new Map((await adjust(found)).map((u) => [u.id, u]));
      return new Map([...users].map(([id, user]) => [id, user && (adjusted.get(id) ?? user)]));
    },
  };
}

function withoutAttributes<T extends Record<string, unknown>>(record: T): T {
  const rest: Record<string, unknown> = { ...record };
  delete rest['attributes'];
  return rest as T;
}
