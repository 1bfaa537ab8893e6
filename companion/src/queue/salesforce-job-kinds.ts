/**
 * Job kinds and subject keys of the Salesforce → Okta workflows. Subject keys decide what
 * coalesces in the inbox and what runs one at a time: one Contact, one Salesforce user's
 * access, one Case, one grant.
 */

export const SALESFORCE_JOB_KIND = {
  /**
   * A linked Contact's SALESFORCE_TO_OKTA/BOTH fields changed → partial update of the Okta user.
   * Queued under the Okta user's subject when the link is known (cdc/person-subjects.ts).
   */
  contactSync: 'sf-contact-sync',
  /** Recompute one Salesforce user's managed Okta groups and attributes. */
  accessRecompute: 'sf-access-recompute',
  /** Records whose current owner is unknown: read the owners, then recompute them. */
  accessResolve: 'sf-access-resolve',
  /** Recompute everyone who holds, or should hold, managed access (owners unknown or events lost). */
  accessSweep: 'sf-access-sweep',
  /** A Case closed, was flagged or unflagged, or changed type or Contact. */
  caseChange: 'sf-case-change',
  /** An Account's fields changed: bring its rule-managed Account Team in step with the Okta groups. */
  accountTeam: 'sf-account-team',
  /** Account events were lost: queue every Account a team rule selects or that holds a managed row. */
  accountTeamSweep: 'sf-account-team-sweep',
  /** A grant created in Salesforce (REQUESTED) to apply in Okta. */
  grantApply: 'grant-apply',
  /** A grant's expiry timer fired (or a sweep found it past Expires_At__c). */
  grantExpiry: 'grant-expiry',
} as const;

export type SalesforceJobKind = (typeof SALESFORCE_JOB_KIND)[keyof typeof SALESFORCE_JOB_KIND];

export const contactSubject = (contactId: string) => `sf-contact:${contactId}`;
export const salesforceUserSubject = (userId: string) => `sf-user:${userId}`;
export const resolveSubject = (entity: string) => `sf-access-resolve:${entity}`;
export const SWEEP_SUBJECT = 'sf-access-sweep';
export const caseSubject = (caseId: string) => `sf-case:${caseId}`;
export const accountTeamSubject = (accountId: string) => `sf-account-team:${accountId}`;
export const ACCOUNT_TEAM_SWEEP_SUBJECT = 'sf-account-team-sweep';
export const grantSubject = (grantId: string) => `grant:${grantId}`;

/** The id after the first `:` of a subject key. */
export function subjectId(subjectKey: string): string {
  return subjectKey.slice(subjectKey.indexOf(':') + 1);
}

export interface ContactChangePayload {
  contactId: string;
  /** The Okta user the event links the Contact to, when it carries the link. */
  oktaUserId?: string;
  changeType: string;
  /** Record field names that changed (all mapped fields for a gap event). */
  fields: string[];
  /** The values the commit wrote to those fields (absent for a gap event, which carries none). */
  values?: Record<string, unknown>;
  /** Epoch ms of the Salesforce commit. */
  commitTimestamp: number;
  gap: boolean;
}

export interface AccessRecomputePayload {
  salesforceUserId: string;
  reason: string;
}

export interface AccessResolvePayload {
  entity: string;
  recordIds: string[];
  reason: string;
}

export interface AccessSweepPayload {
  reason: string;
  entity: string | null;
}

export interface CaseChangePayload {
  caseId: string;
  changeType: string;
  fields: string[];
  commitTimestamp: number;
}

export interface AccountTeamPayload {
  accountId: string;
  /** e.g. `Account.UPDATE`. */
  reason: string;
}

export interface GrantJobPayload {
  grantId: string;
}

/** Salesforce User ids start with 005; queues (00G) own records too but have no Okta access. */
export const isUserId = (id: unknown): id is string =>
  typeof id === 'string' && id.startsWith('005');
