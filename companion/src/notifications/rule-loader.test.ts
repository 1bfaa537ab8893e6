import { describe, expect, it } from 'vitest';
import type { ObjectDescribe } from '../mapping/types.js';
import { NOTIFICATION_RULE_SOQL } from './rule-rows.js';
import { loadNotificationRules } from './rule-loader.js';

const contact: ObjectDescribe = {
  name: 'Contact',
  fields: [
    {
      name: 'Department',
      type: 'string',
      length: 80,
      nillable: true,
      createable: true,
      updateable: true,
      externalId: false,
      unique: false,
    },
  ],
};

const row = (name: string, values: Record<string, unknown>) => ({
  DeveloperName: name,
  MasterLabel: name,
  Event__c: 'PROVISIONED',
  Channel__c: 'WEBHOOK',
  Active__c: true,
  ...values,
});

describe('loading notification rules', () => {
  it('keeps valid active rules by name, reports the others, and describes Contact once', async () => {
    const queries: string[] = [];
    const described: string[] = [];
    const loaded = await loadNotificationRules({
      query: async (soql) => {
        queries.push(soql);
        return [
          row('Zeta', { Scope_Field__c: 'Department', Scope_Operator__c: 'NOT_NULL' }),
          row('Alpha', {}),
          row('Bad_Event', { Event__c: 'BIRTHDAY' }),
          row('Bad_Scope', { Scope_Field__c: 'Region__c', Scope_Operator__c: 'NOT_NULL' }),
        ];
      },
      describe: async (name) => {
        described.push(name);
        return contact;
      },
    });
    expect(queries).toEqual([NOTIFICATION_RULE_SOQL]);
    expect(described).toEqual(['Contact']);
    expect(loaded.rules.map((r) => r.name)).toEqual(['Alpha', 'Zeta']);
    expect(loaded.problems).toEqual([
      {
        source: 'Okta_Notification_Rule__mdt.Bad_Event',
        message: expect.stringMatching(/^Event__c: /),
      },
      {
        source: 'Okta_Notification_Rule__mdt.Bad_Scope',
        message: 'Scope_Field__c: Contact has no field Region__c',
      },
    ]);
  });

  it('reports a Contact describe that failed on the rules that need it, and reads none without rows', async () => {
    const loaded = await loadNotificationRules({
      query: async () => [
        row('Scoped', { Scope_Field__c: 'Department', Scope_Operator__c: 'NOT_NULL' }),
        row('Plain', {}),
      ],
      describe: async () => {
        throw new Error('INVALID_SESSION_ID');
      },
    });
    expect(loaded.rules.map((r) => r.name)).toEqual(['Plain']);
    expect(loaded.problems).toEqual([
      {
        source: 'Okta_Notification_Rule__mdt.Scoped',
        message: 'Contact could not be described: INVALID_SESSION_ID',
      },
    ]);
    let describedWithout = false;
    await loadNotificationRules({
      query: async () => [],
      describe: async () => {
        describedWithout = true;
        return contact;
      },
    });
    expect(describedWithout).toBe(false);
  });
});
