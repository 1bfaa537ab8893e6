import { describe, expect, it } from 'vitest';
import { checkLeadClosedStatus, checkLeadMappings, uncoveredLeadFields } from './lead-settings.js';
import { DEFAULT_SYNC_SETTINGS } from './settings.js';

const statuses = [
  { ApiName: 'Open - Not Contacted', IsClosed: false, IsConverted: false },
  { ApiName: 'Closed - Converted', IsClosed: true, IsConverted: true },
  { ApiName: 'Closed - Duplicate', IsClosed: true, IsConverted: false },
  { ApiName: 'Closed - Not Converted', IsClosed: true, IsConverted: false },
];
const leads = (...fields: string[]) =>
  fields.map((field) => ({ objectName: 'Lead', field, direction: 'OKTA_TO_SALESFORCE' }));

describe('checkLeadClosedStatus', () => {
  it('keeps a closed status that is not the converted one', () => {
    const settings = { ...DEFAULT_SYNC_SETTINGS, leadClosedStatus: 'Closed - Duplicate' };
    expect(checkLeadClosedStatus(settings, statuses)).toEqual({ settings, problems: [] });
  });

  it.each(['Open - Not Contacted', 'Closed - Converted', 'Gone'])(
    'replaces %s by the first closed status, and says so',
    (status) => {
      const result = checkLeadClosedStatus(
        { ...DEFAULT_SYNC_SETTINGS, leadClosedStatus: status },
        statuses,
      );
      expect(result.settings.leadClosedStatus).toBe('Closed - Duplicate');
      expect(result.problems).toEqual([
        {
          source: 'Okta_Sync_Setting__mdt.Default',
          message: `Lead_Closed_Status__c "${status}" is not a closed, not converted Lead Status (Closed - Duplicate, Closed - Not Converted); "Closed - Duplicate" applies`,
        },
      ]);
    },
  );
});

describe('checkLeadMappings', () => {
  const withFilter = { ...DEFAULT_SYNC_SETTINGS, oktaLeadFilter: 'profile.userType eq "prospect"' };

  it('needs LastName and Company written from Okta once the Lead filter is set', () => {
    expect(uncoveredLeadFields(leads('LastName', 'Company'))).toEqual([]);
    expect(uncoveredLeadFields(leads('lastname'))).toEqual(['Company']);
    expect(
      uncoveredLeadFields([
        { objectName: 'Lead', field: 'Company', direction: 'SALESFORCE_TO_OKTA' },
        { objectName: 'Contact', field: 'LastName', direction: 'OKTA_TO_SALESFORCE' },
      ]),
    ).toEqual(['LastName', 'Company']);
  });

  it('switches the Lead filter off, reported, when a required field is not mapped', () => {
    const result = checkLeadMappings(withFilter, leads('LastName', 'Email'));
    expect(result.settings.oktaLeadFilter).toBeNull();
    expect(result.problems[0]?.message).toMatch(/no active mapping writes Lead\.Company/);
    expect(checkLeadMappings(withFilter, leads('LastName', 'Company')).problems).toEqual([]);
    expect(checkLeadMappings(DEFAULT_SYNC_SETTINGS, []).problems).toEqual([]);
  });
});
