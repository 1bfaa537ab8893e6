import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_USERS } from '../src/config.js';
import { generateSeed } from './seed.js';

/** The shipped example access rules select Accounts of the sandbox's default world. */

const METADATA = join(
  import.meta.dirname,
  '..',
  '..',
  'force-app',
  'main',
  'default',
  'customMetadata',
);

function exampleRules() {
  return readdirSync(METADATA)
    .filter((file) => file.startsWith('Okta_Access_Rule.Example_'))
    .map((file) => {
      const xml = readFileSync(join(METADATA, file), 'utf8');
      const value = (field: string) =>
        new RegExp(`<field>${field}</field>\\s*<value[^>]*>([^<]*)</value>`).exec(xml)?.[1] ?? '';
      return {
        name: file,
        object: value('Salesforce_Object__c'),
        field: value('Condition_Field__c'),
        operator: value('Condition_Operator__c'),
        value: value('Condition_Value__c'),
      };
    })
    .filter((rule) => rule.object === 'Account');
}

describe('seed Accounts and the shipped example access rules', () => {
  const { salesforce } = generateSeed({ users: DEFAULT_SANDBOX_USERS });

  it('carry a Type and a BillingCountry', () => {
    for (const account of salesforce.accounts) {
      expect(account['Type']).toEqual(expect.any(String));
      expect(account['BillingCountry']).toEqual(expect.any(String));
    }
  });

  it.each(exampleRules())('$name selects some Accounts, not all', (rule) => {
    const accepted =
      rule.operator === 'IN' ? rule.value.split(',').map((v) => v.trim()) : [rule.value];
    expect(['EQUALS', 'IN']).toContain(rule.operator);
    const selected = salesforce.accounts.filter((a) => accepted.includes(String(a[rule.field])));
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.length).toBeLessThan(salesforce.accounts.length);
  });
});
