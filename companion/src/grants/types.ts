/**
 * Temporary Okta group access granted from a Salesforce Case (workflow 5). The record of
 * truth is Okta_Access_Grant__c in Salesforce; the companion applies it in Okta, keeps a
 * durable expiry timer and records the evidence on the grant and in the audit journal.
 */

export type GrantStatus = 'REQUESTED' | 'ACTIVE' | 'REVOKED' | 'EXPIRED' | 'FAILED';

export interface Grant {
  /** Okta_Access_Grant__c.Id */
  id: string;
  name: string | null;
  caseId: string | null;
  contactId: string | null;
  oktaUserId: string | null;
  groupId: string;
  groupName: string | null;
  status: GrantStatus;
  expiresAt: string;
  grantedAt: string | null;
  revokedAt: string | null;
  reason: string;
  requestedBy: string | null;
  error: string | null;
}

export interface CreateGrantInput {
  caseId: string;
  /** The Case's Contact when omitted. */
  contactId?: string;
  groupId: string;
  durationHours: number;
  reason: string;
  /** Salesforce User id of the agent. */
  requestedBy?: string;
}

export interface GrantService {
  /** Creates the grant in Salesforce and applies it in Okta; the grant comes back ACTIVE or FAILED. */
  create(input: CreateGrantInput): Promise<Grant>;
  /** Removes the membership and marks the grant REVOKED. Idempotent. */
  revoke(grantId: string, input: { actor?: string; reason?: string }): Promise<Grant>;
  listByCase(caseId: string, options?: { activeOnly?: boolean }): Promise<Grant[]>;
  /** Okta groups an agent may grant: every group named by an active access rule. */
  grantableGroups(): Promise<{ id: string; name: string; description: string | null }[]>;
}
