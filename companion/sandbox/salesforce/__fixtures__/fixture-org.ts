import { fileURLToPath } from 'node:url';
import jsforce from 'jsforce';
import type { Connection } from 'jsforce';
import type { SeedData } from '../../seed.js';
import type { ChangeEventSink, RecordChange, WriteContext } from '../change-events.js';
import { salesforceId } from '../ids.js';
import { startSalesforceEmulator } from '../index.js';
import type { SalesforceEmulator, SalesforceEmulatorOptions } from '../index.js';

/** A small force-app tree: Okta fields on Contact/Account, a log object, a CMDT type, a platform event. */
export const FIXTURE_FORCE_APP = fileURLToPath(new URL('./force-app/main/default', import.meta.url));

export const IDS = {
  integrationUser: salesforceId('005', 1),
  salesUser: salesforceId('005', 2),
  inactiveUser: salesforceId('005', 3),
  queue: salesforceId('00G', 1),
  acme: salesforceId('001', 1),
  globex: salesforceId('001', 2),
  ada: salesforceId('003', 1),
  alan: salesforceId('003', 2),
  grace: salesforceId('003', 3),
  case1: salesforceId('500', 1),
  lead1: salesforceId('00Q', 1),
} as const;

/** A hand-made world: three users, one queue, two accounts, three contacts, a case, a lead. */
export function fixtureSeed(): SeedData['salesforce'] {
  return {
    users: [
      { Id: IDS.integrationUser, Username: 'okta.integration@example-corp.test.sf', FirstName: 'Okta', LastName: 'Integration', Email: 'okta.integration@example-corp.test', Alias: 'oktaint', FederationIdentifier: null, IsActive: true },
      { Id: IDS.salesUser, Username: 'sam.sales@example-corp.test.sf', FirstName: 'Sam', LastName: 'Sales', Email: 'sam.sales@example-corp.test', Alias: 'ssale', FederationIdentifier: 'sam.sales@example-corp.test', IsActive: true },
      { Id: IDS.inactiveUser, Username: 'gone@example-corp.test.sf', FirstName: 'Gone', LastName: 'Away', Email: 'gone@example-corp.test', Alias: 'gone', FederationIdentifier: 'gone@example-corp.test', IsActive: false },
    ],
    groups: [{ Id: IDS.queue, Name: 'Okta Deprovisioned Cases', DeveloperName: 'Okta_Deprovisioned_Cases', Type: 'Queue' }],
    accounts: [
      { Id: IDS.acme, Name: 'Acme', Okta_Organization_Key__c: 'acme', OwnerId: IDS.salesUser },
      { Id: IDS.globex, Name: 'Globex', Okta_Organization_Key__c: 'globex', OwnerId: IDS.salesUser },
    ],
    contacts: [
      { Id: IDS.ada, FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@acme.test', AccountId: IDS.acme, OwnerId: IDS.salesUser, Okta_User_Id__c: '00uADA0000000000001', Okta_Status__c: 'ACTIVE', Title: 'Engineer' },
      { Id: IDS.alan, FirstName: 'Alan', LastName: 'Turing', Email: 'alan@acme.test', AccountId: IDS.acme, OwnerId: IDS.salesUser, Okta_User_Id__c: '00uALAN000000000002', Okta_Status__c: 'SUSPENDED', Title: null },
      { Id: IDS.grace, FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@globex.test', AccountId: IDS.globex, OwnerId: IDS.integrationUser, Okta_Status__c: 'ACTIVE', Title: 'Admiral' },
    ],
    leads: [{ Id: IDS.lead1, FirstName: 'Lee', LastName: 'Dee', Company: 'Initech', Email: 'lee@initech.test', Status: 'Open - Not Contacted', OwnerId: IDS.salesUser }],
    opportunities: [],
    cases: [{ Id: IDS.case1, Subject: 'Cannot log in', Status: 'New', Origin: 'Web', Type: 'Access Issue', Priority: 'High', ContactId: IDS.ada, AccountId: IDS.acme, OwnerId: IDS.salesUser }],
  };
}

/** Remembers every committed transaction and platform event. */
export class RecordingSink implements ChangeEventSink {
  readonly transactions: { context: WriteContext; changes: readonly RecordChange[] }[] = [];
  readonly events: { context: WriteContext; eventName: string; payload: Readonly<Record<string, unknown>> }[] = [];

  recordChanges(context: WriteContext, changes: readonly RecordChange[]): void {
    this.transactions.push({ context, changes });
  }

  publishPlatformEvent(context: WriteContext, eventName: string, payload: Readonly<Record<string, unknown>>): number {
    this.events.push({ context, eventName, payload });
    return this.events.length;
  }

  changes(): RecordChange[] {
    return this.transactions.flatMap((t) => t.changes);
  }
}

export interface FixtureOrg {
  readonly sf: SalesforceEmulator;
  readonly sink: RecordingSink;
  readonly conn: Connection;
  connect(accessToken?: string): Connection;
}

export async function startFixtureOrg(options: SalesforceEmulatorOptions = {}): Promise<FixtureOrg> {
  const sink = new RecordingSink();
  const sf = await startSalesforceEmulator({
    forceAppDir: FIXTURE_FORCE_APP,
    seed: fixtureSeed(),
    changeEvents: sink,
    ...options,
  });
  const connect = (accessToken = sf.issueToken().accessToken): Connection =>
    new jsforce.Connection({ instanceUrl: sf.url, accessToken, version: '62.0', callOptions: { client: 'okta-sync' } });
  return { sf, sink, conn: connect(), connect };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejectionOf(promise: PromiseLike<unknown>): Promise<{ errorCode?: string; name: string; message: string; data?: unknown }> {
  try {
    await promise;
  } catch (err) {
    return err as { errorCode?: string; name: string; message: string; data?: unknown };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** The value, failing the test when it is null or undefined. */
export function must<T>(value: T | null | undefined, what = 'value'): T {
  if (value === null || value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}
