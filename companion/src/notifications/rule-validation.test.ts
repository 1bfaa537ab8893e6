import { describe, expect, it } from 'vitest';
import type { ObjectDescribe } from '../mapping/types.js';
import { notificationRuleRow } from './rule-rows.js';
import { validateNotificationRule } from './rule-validation.js';

const contact: ObjectDescribe = {
  name: 'Contact',
  fields: ['Id', 'OwnerId', 'Department', 'Email'].map((name) => ({
    name,
    type: 'string',
    length: 80,
    nillable: true,
    createable: true,
    updateable: true,
    externalId: false,
    unique: false,
  })),
};
const describeOf = (name: string) =>
  name === 'Contact' ? { describe: contact } : { error: `${name} is unknown` };

const row = (values: Record<string, unknown>) =>
  notificationRuleRow.parse({ DeveloperName: 'Rule', MasterLabel: 'Rule', ...values });
const validate = (values: Record<string, unknown>) =>
  validateNotificationRule(row(values), describeOf);

describe('notification rule validation', () => {
  it('accepts a scoped rule with a template, spelling fields as the describe does', () => {
    const result = validate({
      Event__c: 'DEPROVISIONED',
      Channel__c: 'CUSTOM_NOTIFICATION',
      Recipient_Type__c: 'USERS',
      Recipients__c: '005000000000001AAA, 005000000000002AAA',
      Scope_Field__c: 'department',
      Scope_Operator__c: 'EQUALS',
      Scope_Value__c: 'Sales',
      Message_Template__c: '{{user.login}} left {{contact.department}}',
      Quiet_Period_Minutes__c: 30,
    });
    expect(result).toMatchObject({
      ok: true,
      rule: {
        event: 'DEPROVISIONED',
        scope: { objectName: 'Contact', field: 'Department', operator: 'EQUALS', value: 'Sales' },
        recipients: { type: 'USERS', userIds: ['005000000000001AAA', '005000000000002AAA'] },
        template: [{ field: 'user.login' }, { text: ' left ' }, { field: 'contact.Department' }],
        quietMinutes: 30,
        digest: false,
      },
    });
  });

  it('refuses placeholders the event does not have, and Contact fields that do not exist', () => {
    const result = validate({
      Event__c: 'PROVISIONED',
      Channel__c: 'WEBHOOK',
      Message_Template__c: '{{user.login}} got {{group.id}} in {{contact.Nickname}}',
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problems.join('\n')).toMatch(
      /\{\{group\.id\}\} is not a field of PROVISIONED events/,
    );
    expect(
      validate({
        Event__c: 'UPDATED',
        Channel__c: 'WEBHOOK',
        Message_Template__c: '{{contact.Nickname}}',
      }),
    ).toEqual({
      ok: false,
      problems: ['Message_Template__c: Contact has no field {{contact.Nickname}}'],
    });
    expect(
      validate({
        Event__c: 'UPDATED',
        Channel__c: 'WEBHOOK',
        Message_Template__c: 'x {{user.login',
      }),
    ).toEqual({
      ok: false,
      problems: ['Message_Template__c has a "{{" that is never closed by "}}"'],
    });
  });

  it('checks recipients against the channel and the event', () => {
    const problems = (values: Record<string, unknown>) => {
      const r = validate({ Event__c: 'GRANT_APPLIED', Channel__c: 'EMAIL', ...values });
      return r.ok ? [] : r.problems;
    };
    expect(problems({})).toEqual(['Recipient_Type__c is required for the EMAIL channel']);
    expect(problems({ Recipient_Type__c: 'USERS', Recipients__c: '003000000000001AAA' })).toEqual([
      'Recipients__c: 003000000000001AAA is not a Salesforce user id (005…)',
    ]);
    expect(problems({ Recipient_Type__c: 'QUEUE', Recipients__c: 'Support Team' })).toEqual([
      `Recipients__c must be the queue's id (00G…) or API name, not "Support Team"`,
    ]);
    expect(problems({ Recipient_Type__c: 'CASE_OWNER' })).toEqual([]);
    expect(problems({ Recipient_Type__c: 'GROUP', Recipients__c: 'Security_Team' })).toEqual([]);
    expect(
      validate({ Event__c: 'PROVISIONED', Channel__c: 'EMAIL', Recipient_Type__c: 'CASE_OWNER' }),
    ).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^CASE_OWNER applies to GRANT_/)],
    });
    expect(
      validate({
        Event__c: 'ACCESS_CHANGED',
        Channel__c: 'EMAIL',
        Recipient_Type__c: 'RECORD_OWNER',
      }),
    ).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^RECORD_OWNER needs an event about a Contact/)],
    });
    expect(
      validate({ Event__c: 'UPDATED', Channel__c: 'WEBHOOK', Recipient_Type__c: 'USERS' }),
    ).toMatchObject({
      ok: false,
      problems: [expect.stringMatching(/^The webhook channel posts to ALERT_WEBHOOK_URL/)],
    });
  });

  it('checks the scope and the quiet period', () => {
    expect(
      validate({
        Event__c: 'UPDATED',
        Channel__c: 'WEBHOOK',
        Scope_Field__c: 'Region__c',
        Scope_Operator__c: 'NOT_NULL',
        Quiet_Period_Minutes__c: 20_000,
      }),
    ).toEqual({
      ok: false,
      problems: [
        'Scope_Field__c: Contact has no field Region__c',
        'Quiet_Period_Minutes__c must be a whole number from 0 to 10080, not 20000',
      ],
    });
    expect(
      validate({
        Event__c: 'UPDATED',
        Channel__c: 'WEBHOOK',
        Scope_Field__c: 'Department',
        Scope_Operator__c: 'IN',
      }),
    ).toEqual({ ok: false, problems: ['Scope_Value__c is required for IN'] });
    expect(validate({ Channel__c: 'WEBHOOK' })).toEqual({
      ok: false,
      problems: ['Event__c is required'],
    });
  });
});
