import { DEFAULT_SETTINGS_NAME, SYNC_SETTING_TYPE } from './config-rows.js';
import type { ConfigProblem, SyncSettings } from './types.js';

/** The LeadStatus rows the Lead settings are checked against. */
export const LEAD_STATUS_SOQL = 'SELECT ApiName, IsClosed, IsConverted FROM LeadStatus';

export interface LeadStatusRow {
  ApiName: string;
  IsClosed: boolean;
  IsConverted: boolean;
}

/**
 * Pure: Lead_Closed_Status__c must name a closed status of the org's Lead Status picklist that
 * is not its converted status (only conversion may set that). A bad one is reported and the
 * org's first such status takes its place, so a deactivated user's Lead still closes.
 */
export function checkLeadClosedStatus(
  settings: SyncSettings,
  statuses: readonly LeadStatusRow[],
): { settings: SyncSettings; problems: ConfigProblem[] } {
  const closing = statuses.filter((s) => s.IsClosed && !s.IsConverted).map((s) => s.ApiName);
  if (closing.includes(settings.leadClosedStatus)) return { settings, problems: [] };
  const [fallback] = closing;
  const source = `${SYNC_SETTING_TYPE}.${DEFAULT_SETTINGS_NAME}`;
  const choices = closing.length ? closing.join(', ') : 'none in this org';
  const message = `Lead_Closed_Status__c "${settings.leadClosedStatus}" is not a closed, not converted Lead Status (${choices})`;
  return fallback === undefined
    ? {
        settings,
        problems: [{ source, message: `${message}; deactivated users' Leads cannot be closed` }],
      }
    : {
        settings: { ...settings, leadClosedStatus: fallback },
        problems: [{ source, message: `${message}; "${fallback}" applies` }],
      };
}

/** Lead fields a created Lead must carry (the platform refuses a Lead without them). */
export const REQUIRED_LEAD_FIELDS = ['LastName', 'Company'] as const;

/**
 * Pure: the required Lead fields no active Okta → Salesforce mapping writes. A mapping with a
 * default value counts: it fills the field when the Okta attribute is empty.
 */
export function uncoveredLeadFields(
  mappings: readonly { objectName: string; field: string; direction: string }[],
): string[] {
  const written = new Set(
    mappings
      .filter((m) => m.objectName === 'Lead' && m.direction !== 'SALESFORCE_TO_OKTA')
      .map((m) => m.field.toLowerCase()),
  );
  return REQUIRED_LEAD_FIELDS.filter((f) => !written.has(f.toLowerCase()));
}

/**
 * Pure: the problems of the Lead settings as a whole. With a Lead filter, the Lead mappings
 * must write every required Lead field, or no Okta user can become a Lead: the filter is then
 * switched off (reported) rather than failing every create.
 */
export function checkLeadMappings(
  settings: SyncSettings,
  mappings: readonly { objectName: string; field: string; direction: string }[],
): { settings: SyncSettings; problems: ConfigProblem[] } {
  if (settings.oktaLeadFilter === null) return { settings, problems: [] };
  const missing = uncoveredLeadFields(mappings);
  if (missing.length === 0) return { settings, problems: [] };
  return {
    settings: { ...settings, oktaLeadFilter: null },
    problems: [
      {
        source: `${SYNC_SETTING_TYPE}.${DEFAULT_SETTINGS_NAME}`,
        message: `Okta_Lead_Filter__c is set but no active mapping writes ${missing.map((f) => `Lead.${f}`).join(', ')}; no Okta user becomes a Lead until one does`,
      },
    ],
  };
}
