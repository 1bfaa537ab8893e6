import { sameValue } from '../mapping/field-diff.js';
import { writableProfileName } from '../mapping/okta-attribute.js';
import type { OktaUserSnapshot, SyncSettings } from '../mapping/types.js';

/**
 * Workflows 5 and 2 from the Case side, the decision: a closed Case ends its grants; a Case
 * flagged Okta_Access_Issue__c annotates its Contact's Okta user with the Case number while
 * open (and clears only its own annotation); a closed termination Case deactivates the user.
 */

export interface CaseRow {
  Id: string;
  CaseNumber?: string | null;
  IsClosed?: boolean | null;
  Type?: string | null;
  ContactId?: string | null;
  Okta_Access_Issue__c?: boolean | null;
}

export interface CasePlan {
  endGrants: boolean;
  /** Partial profile update of the Contact's Okta user, when the annotation must change. */
  annotation: Record<string, unknown> | null;
  deactivate: boolean;
  notes: string[];
}

const INACTIVE = new Set(['DEPROVISIONED', 'DELETED']);

export function planCaseChange(input: {
  caseRow: CaseRow;
  oktaUser: OktaUserSnapshot | null;
  activeGrants: number;
  settings: Pick<SyncSettings, 'accessIssueAttribute' | 'terminationCaseType'>;
}): CasePlan {
  const { caseRow, oktaUser, settings } = input;
  const closed = caseRow.IsClosed === true;
  const notes: string[] = [];
  const plan: CasePlan = {
    endGrants: closed && input.activeGrants > 0,
    annotation: null,
    deactivate: false,
    notes,
  };

  const termination =
    closed &&
    settings.terminationCaseType !== null &&
    (caseRow.Type ?? '').trim().toLowerCase() === settings.terminationCaseType.trim().toLowerCase();
  if (termination) {
    if (!oktaUser) notes.push('termination Case without a linked Okta user');
    else if (INACTIVE.has(oktaUser.status)) notes.push(`Okta user already ${oktaUser.status}`);
    else plan.deactivate = true;
  }

  const attribute = settings.accessIssueAttribute
    ? writableProfileName(settings.accessIssueAttribute)
    : undefined;
  if (attribute && oktaUser && !INACTIVE.has(oktaUser.status) && caseRow.CaseNumber) {
    const current = oktaUser.profile[attribute] ?? null;
    const flagged = caseRow.Okta_Access_Issue__c === true && !closed;
    if (flagged && !sameValue(current, caseRow.CaseNumber))
      plan.annotation = { [attribute]: caseRow.CaseNumber };
    // Another Case's annotation is not this Case's to clear.
    if (!flagged && sameValue(current, caseRow.CaseNumber)) plan.annotation = { [attribute]: null };
  }
  return plan;
}
