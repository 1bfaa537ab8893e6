import type { Links } from './notification-decide.js';

/**
 * Where a notification's reader finds the audit: the Contact's record page (its sync timeline
 * lists the journal entries) or the Case's; the Okta Sync Log list otherwise and for digests.
 */
export function salesforceAuditLinks(instanceUrl: () => string): Links {
  const base = () => instanceUrl().replace(/\/+$/, '');
  const list = () => `${base()}/lightning/o/Okta_Sync_Log__c/list?filterName=All`;
  return {
    audit: (event) => {
      if (event.contactId) return `${base()}/lightning/r/Contact/${event.contactId}/view`;
      if (event.caseId) return `${base()}/lightning/r/Case/${event.caseId}/view`;
      return list();
    },
    auditList: list,
  };
}
