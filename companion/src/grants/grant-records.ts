import type { Grant, GrantStatus } from './types.js';

/** Okta_Access_Grant__c as the companion reads and writes it. */

export const GRANT_OBJECT = 'Okta_Access_Grant__c';

export const GRANT_FIELDS = [
  'Id',
  'Name',
  'Case__c',
  'Contact__c',
  'Okta_User_Id__c',
  'Okta_Group_Id__c',
  'Okta_Group_Name__c',
  'Status__c',
  'Expires_At__c',
  'Granted_At__c',
  'Revoked_At__c',
  'Reason__c',
  'Requested_By__c',
  'Error__c',
  'Companion_Grant_Id__c',
  'CreatedDate',
] as const;

export const GRANT_SELECT = `SELECT ${GRANT_FIELDS.join(', ')} FROM ${GRANT_OBJECT}`;

export interface GrantRow extends Record<string, unknown> {
  Id: string;
  Name?: string | null;
  Case__c?: string | null;
  Contact__c?: string | null;
  Okta_User_Id__c?: string | null;
  Okta_Group_Id__c: string;
  Okta_Group_Name__c?: string | null;
  Status__c: string;
  Expires_At__c: string;
  Granted_At__c?: string | null;
  Revoked_At__c?: string | null;
  Reason__c?: string | null;
  Requested_By__c?: string | null;
  Error__c?: string | null;
  Companion_Grant_Id__c?: string | null;
  CreatedDate?: string | null;
}

const STATUSES: ReadonlySet<string> = new Set<GrantStatus>([
  'REQUESTED',
  'ACTIVE',
  'REVOKED',
  'EXPIRED',
  'FAILED',
]);

/** Datetimes as ISO 8601 UTC (`…Z`), whatever form REST gave (`…+0000`). */
export function iso(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

export function toGrant(row: GrantRow): Grant {
  return {
    id: row.Id,
    name: row.Name ?? null,
    caseId: row.Case__c ?? null,
    contactId: row.Contact__c ?? null,
    oktaUserId: row.Okta_User_Id__c ?? null,
    groupId: row.Okta_Group_Id__c,
    groupName: row.Okta_Group_Name__c ?? null,
    status: (STATUSES.has(row.Status__c) ? row.Status__c : 'FAILED') as GrantStatus,
    expiresAt: iso(row.Expires_At__c) ?? row.Expires_At__c,
    grantedAt: iso(row.Granted_At__c),
    revokedAt: iso(row.Revoked_At__c),
    reason: row.Reason__c ?? '',
    requestedBy: row.Requested_By__c ?? null,
    error: row.Error__c ?? null,
  };
}

/** Text Area(255) fields take at most 255 characters. */
export const fitText = (text: string, max = 255) =>
  text.length <= max ? text : `${text.slice(0, max - 1)}…`;

export const expiryTimerId = (grantId: string) => `grant-expiry:${grantId.slice(0, 15)}`;
/** Set when the user already was a member when the grant applied: ending the grant keeps the membership. */
export const preexistingCursor = (grantId: string) => `grant.preexisting:${grantId.slice(0, 15)}`;
