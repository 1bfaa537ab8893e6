import { identityWriteRefusal, NO_IDENTITY_WRITES } from './identity-attributes.js';
import {
  DEFAULT_SETTINGS_NAME,
  describeIssues,
  SYNC_SETTING_TYPE,
  syncSettingRow,
} from './config-rows.js';
import type { SyncSettingRow } from './config-rows.js';
import { parseOktaAttribute, writableProfileName } from './okta-attribute.js';
import type { ConfigProblem, SyncSettings } from './types.js';

/** The values of the shipped `Default` record; used when the record or a setting is missing. */
export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  syncEnabled: true,
  oktaContactFilter: 'profile.userType eq "Customer"',
  oktaLeadFilter: null,
  leadClosedStatus: 'Closed - Not Converted',
  leadAssignmentRule: true,
  accountStrategy: 'MATCH_OR_CREATE',
  accountMatchAttribute: 'profile.organization',
  defaultOwnerId: null,
  userMatchField: 'FederationIdentifier',
  deprovisionCaseAction: 'REASSIGN_TO_QUEUE',
  deprovisionCaseQueue: 'Okta_Deprovisioned_Cases',
  leadFallbackOwnerId: null,
  deactivateEmptyAccounts: true,
  blastRadiusPercent: 5,
  blastRadiusMinContacts: 20,
  blastRadiusWindowMinutes: 60,
  defaultGrantHours: 8,
  maxGrantHours: 72,
  terminationCaseType: 'Termination',
  accessIssueAttribute: 'profile.accessIssueCaseNumber',
  reconciliationCron: '0 2 * * *',
  bulkThreshold: 2000,
  apiReservePercent: 20,
  alertRecipientId: null,
});

const RECORD_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const CRON_FIELD = /^[\d*/,-]+$/;

/**
 * Reads the `Default` record. A missing record gives the shipped defaults (reported); a setting
 * that is invalid falls back to its default alone (reported). Blank text settings whose blank has
 * a meaning (filter: every user; owner ids: the integration user) stay null.
 */
export function parseSyncSettings(rows: readonly Record<string, unknown>[]): {
  settings: SyncSettings;
  problems: ConfigProblem[];
} {
  const source = `${SYNC_SETTING_TYPE}.${DEFAULT_SETTINGS_NAME}`;
  const row = rows.find((r) => r['DeveloperName'] === DEFAULT_SETTINGS_NAME);
  if (!row) {
    return {
      settings: { ...DEFAULT_SYNC_SETTINGS },
      problems: [{ source, message: 'the Default record is missing; the shipped defaults apply' }],
    };
  }
  const problems: ConfigProblem[] = [];
  let parsed = syncSettingRow.safeParse(row);
  if (!parsed.success) {
    const bad = new Set(parsed.error.issues.map((issue) => issue.path[0]));
    const input = Object.fromEntries(Object.entries(row).filter(([key]) => !bad.has(key)));
    problems.push(
      ...describeIssues(parsed.error).map((message) => ({
        source,
        message: `${message}; the default applies`,
      })),
    );
    parsed = syncSettingRow.safeParse(input);
  }
  const r: SyncSettingRow = parsed.success ? parsed.data : syncSettingRow.parse({});
  const d = DEFAULT_SYNC_SETTINGS;
  const settings: SyncSettings = {
    syncEnabled: r.Sync_Enabled__c ?? d.syncEnabled,
    oktaContactFilter: r.Okta_Contact_Filter__c,
    oktaLeadFilter: r.Okta_Lead_Filter__c,
    leadClosedStatus: r.Lead_Closed_Status__c ?? d.leadClosedStatus,
    leadAssignmentRule: r.Lead_Assignment_Rule__c ?? d.leadAssignmentRule,
    accountStrategy: r.Account_Strategy__c ?? d.accountStrategy,
    accountMatchAttribute: r.Account_Match_Attribute__c,
    defaultOwnerId: r.Default_Owner_Id__c,
    userMatchField: r.User_Match_Field__c ?? d.userMatchField,
    deprovisionCaseAction: r.Deprovision_Case_Action__c ?? d.deprovisionCaseAction,
    deprovisionCaseQueue: r.Deprovision_Case_Queue__c,
    leadFallbackOwnerId: r.Lead_Fallback_Owner_Id__c,
    deactivateEmptyAccounts: r.Deactivate_Empty_Accounts__c ?? d.deactivateEmptyAccounts,
    blastRadiusPercent: r.Blast_Radius_Percent__c ?? d.blastRadiusPercent,
    blastRadiusMinContacts: r.Blast_Radius_Min_Contacts__c ?? d.blastRadiusMinContacts,
    blastRadiusWindowMinutes: r.Blast_Radius_Window_Minutes__c ?? d.blastRadiusWindowMinutes,
    defaultGrantHours: r.Default_Grant_Hours__c ?? d.defaultGrantHours,
    maxGrantHours: r.Max_Grant_Hours__c ?? d.maxGrantHours,
    terminationCaseType: r.Termination_Case_Type__c,
    accessIssueAttribute: r.Access_Issue_Attribute__c,
    reconciliationCron: r.Reconciliation_Cron__c ?? d.reconciliationCron,
    bulkThreshold: r.Bulk_Threshold__c ?? d.bulkThreshold,
    apiReservePercent: r.Api_Reserve_Percent__c ?? d.apiReservePercent,
    alertRecipientId: r.Alert_Recipient_Id__c,
  };
  problems.push(...checkSettings(settings).map((message) => ({ source, message })));
  return { settings, problems };
}

/** Semantic checks; each bad setting is reset to its default (or cleared) in place. */
function checkSettings(s: SyncSettings): string[] {
  const problems: string[] = [];
  for (const key of ['defaultOwnerId', 'leadFallbackOwnerId', 'alertRecipientId'] as const) {
    const id = s[key];
    if (id !== null && !RECORD_ID.test(id)) {
      problems.push(`${key} "${id}" is not a Salesforce record id; it is ignored`);
      s[key] = null;
    }
  }
  if (s.accountMatchAttribute !== null && !parseOktaAttribute(s.accountMatchAttribute)) {
    problems.push(
      `Account_Match_Attribute__c "${s.accountMatchAttribute}" is not an Okta attribute; the default applies`,
    );
    s.accountMatchAttribute = DEFAULT_SYNC_SETTINGS.accountMatchAttribute;
  }
  if (s.accountStrategy !== 'NONE' && s.accountMatchAttribute === null) {
    problems.push(
      `Account_Strategy__c ${s.accountStrategy} needs Account_Match_Attribute__c; the default applies`,
    );
    s.accountMatchAttribute = DEFAULT_SYNC_SETTINGS.accountMatchAttribute;
  }
  const issueAttribute =
    s.accessIssueAttribute === null ? null : writableProfileName(s.accessIssueAttribute);
  if (s.accessIssueAttribute !== null && issueAttribute === undefined) {
    problems.push(
      `Access_Issue_Attribute__c "${s.accessIssueAttribute}" must be profile.<name>; the default applies`,
    );
    s.accessIssueAttribute = DEFAULT_SYNC_SETTINGS.accessIssueAttribute;
  } else if (issueAttribute) {
    const refusal = identityWriteRefusal(issueAttribute, NO_IDENTITY_WRITES);
    if (refusal) {
      problems.push(`Access_Issue_Attribute__c: ${refusal}; the default applies`);
      s.accessIssueAttribute = DEFAULT_SYNC_SETTINGS.accessIssueAttribute;
    }
  }
  if (!API_NAME.test(s.userMatchField)) {
    problems.push(
      `User_Match_Field__c "${s.userMatchField}" is not a field API name; the default applies`,
    );
    s.userMatchField = DEFAULT_SYNC_SETTINGS.userMatchField;
  }
  if (s.deprovisionCaseAction === 'REASSIGN_TO_QUEUE' && s.deprovisionCaseQueue === null) {
    problems.push(
      'Deprovision_Case_Queue__c is required for REASSIGN_TO_QUEUE; the default applies',
    );
    s.deprovisionCaseQueue = DEFAULT_SYNC_SETTINGS.deprovisionCaseQueue;
  }
  if (s.maxGrantHours < s.defaultGrantHours) {
    problems.push(
      `Max_Grant_Hours__c ${s.maxGrantHours} is below Default_Grant_Hours__c ${s.defaultGrantHours}; the default grant is capped to it`,
    );
    s.defaultGrantHours = s.maxGrantHours;
  }
  const cron = s.reconciliationCron.split(/\s+/);
  if (cron.length !== 5 || !cron.every((f) => CRON_FIELD.test(f))) {
    problems.push(
      `Reconciliation_Cron__c "${s.reconciliationCron}" is not a five-field cron expression; the default applies`,
    );
    s.reconciliationCron = DEFAULT_SYNC_SETTINGS.reconciliationCron;
  }
  return problems;
}
