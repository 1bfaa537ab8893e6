import type { AccessRuleRow } from './config-rows.js';
import type { DescribeLookup } from './mapping-validation.js';
import { findField } from './mapping-validation.js';
import {
  identityWriteRefusal,
  NO_IDENTITY_WRITES,
  type IdentityWritePolicy,
} from './identity-attributes.js';
import { writableProfileName } from './okta-attribute.js';
import type { AccessRule, RuleCondition } from './types.js';
import { CONDITION_OBJECTS } from './types.js';

/** A team rule without a condition covers every Account. */
const EVERY_ACCOUNT: RuleCondition = {
  objectName: 'Account',
  field: 'Id',
  operator: 'NOT_NULL',
  value: null,
};

// Okta ids: a three-character type prefix (00g for groups), then letters and digits.
const OKTA_GROUP_ID = /^00g[0-9A-Za-z]{5,37}$/;

export function conditionObjectOf(row: AccessRuleRow): string | undefined {
  if (row.Rule_Type__c === 'GROUP_TO_ACCOUNT_TEAM') return undefined;
  return CONDITION_OBJECTS.find((o) => o.toLowerCase() === row.Salesforce_Object__c?.toLowerCase());
}

/** Checks one parsed access rule row; condition fields are checked against the object's describe. */
export function validateAccessRule(
  row: AccessRuleRow,
  describeOf: DescribeLookup,
  identityWrites: IdentityWritePolicy = NO_IDENTITY_WRITES,
): { ok: true; rule: AccessRule } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const base = { name: row.DeveloperName, label: row.MasterLabel ?? row.DeveloperName };
  const groupId = checkGroupId(row, problems);

  if (row.Rule_Type__c === 'GROUP_TO_ACCOUNT_TEAM') {
    // The Accounts whose team a member joins: those a condition on Account chooses, or every
    // Account when the rule has no condition (the setup page offers to leave it empty).
    const onAccount =
      !row.Salesforce_Object__c || row.Salesforce_Object__c.toLowerCase() === 'account';
    if (!onAccount) {
      problems.push(
        'GROUP_TO_ACCOUNT_TEAM chooses Accounts: Salesforce_Object__c must be Account or empty',
      );
    }
    const accounts = !onAccount
      ? undefined
      : row.Condition_Field__c
        ? checkCondition({ ...row, Salesforce_Object__c: 'Account' }, describeOf, problems)
        : EVERY_ACCOUNT;
    if (!row.Account_Team_Role__c)
      problems.push('Account_Team_Role__c is required for GROUP_TO_ACCOUNT_TEAM');
    if (!row.Account_Access_Level__c) {
      problems.push('Account_Access_Level__c is required for GROUP_TO_ACCOUNT_TEAM');
    }
    if (
      problems.length ||
      !groupId ||
      !accounts ||
      !row.Account_Team_Role__c ||
      !row.Account_Access_Level__c
    ) {
      return { ok: false, problems };
    }
    return {
      ok: true,
      rule: {
        type: 'GROUP_TO_ACCOUNT_TEAM',
        ...base,
        groupId,
        groupName: row.Okta_Group_Name__c,
        accountTeamRole: row.Account_Team_Role__c,
        accountAccessLevel: row.Account_Access_Level__c,
        opportunityAccessLevel: row.Opportunity_Access_Level__c,
        caseAccessLevel: row.Case_Access_Level__c,
        accounts,
      },
    };
  }

  const condition = checkCondition(row, describeOf, problems);
  if (row.Rule_Type__c === 'CONDITION_TO_GROUP') {
    if (problems.length || !groupId || !condition) return { ok: false, problems };
    return {
      ok: true,
      rule: {
        type: 'CONDITION_TO_GROUP',
        ...base,
        groupId,
        groupName: row.Okta_Group_Name__c,
        condition,
      },
    };
  }

  const attribute = row.Okta_Attribute__c;
  const profileName = attribute ? writableProfileName(attribute) : undefined;
  if (profileName === undefined) {
    problems.push(
      `Okta_Attribute__c "${attribute ?? ''}" must be a profile attribute such as profile.territory`,
    );
  } else {
    const refusal = identityWriteRefusal(profileName, identityWrites);
    if (refusal) problems.push(`Okta_Attribute__c ${refusal}`);
  }
  if (!row.Attribute_Value__c)
    problems.push('Attribute_Value__c is required for CONDITION_TO_ATTRIBUTE');
  if (problems.length || !condition || !attribute || !row.Attribute_Value__c)
    return { ok: false, problems };
  return {
    ok: true,
    rule: {
      type: 'CONDITION_TO_ATTRIBUTE',
      ...base,
      oktaAttribute: attribute,
      attributeValue: row.Attribute_Value__c,
      condition,
    },
  };
}

function checkGroupId(row: AccessRuleRow, problems: string[]): string | undefined {
  if (row.Rule_Type__c === 'CONDITION_TO_ATTRIBUTE') return undefined;
  const id = row.Okta_Group_Id__c;
  if (!id) {
    problems.push(`Okta_Group_Id__c is required for ${row.Rule_Type__c}`);
    return undefined;
  }
  if (!OKTA_GROUP_ID.test(id)) {
    problems.push(`Okta_Group_Id__c "${id}" is not an Okta group id (00g…)`);
    return undefined;
  }
  return id;
}

function checkCondition(
  row: AccessRuleRow,
  describeOf: DescribeLookup,
  problems: string[],
): RuleCondition | undefined {
  const objectName = CONDITION_OBJECTS.find(
    (o) => o.toLowerCase() === row.Salesforce_Object__c?.toLowerCase(),
  );
  if (!objectName) {
    problems.push(
      `Salesforce_Object__c "${row.Salesforce_Object__c ?? ''}" must be one of ${CONDITION_OBJECTS.join(', ')}`,
    );
    return undefined;
  }
  if (!row.Condition_Field__c) {
    problems.push('Condition_Field__c is required');
    return undefined;
  }
  if (!row.Condition_Operator__c) {
    problems.push('Condition_Operator__c is required');
    return undefined;
  }
  if (row.Condition_Operator__c !== 'NOT_NULL' && row.Condition_Value__c === null) {
    problems.push(`Condition_Value__c is required for ${row.Condition_Operator__c}`);
    return undefined;
  }
  const described = describeOf(objectName);
  if ('error' in described) {
    problems.push(described.error);
    return undefined;
  }
  const field = findField(described.describe, row.Condition_Field__c);
  if (!field) {
    problems.push(`${objectName} has no field ${row.Condition_Field__c}`);
    return undefined;
  }
  return {
    objectName,
    field: field.name,
    operator: row.Condition_Operator__c,
    value: row.Condition_Operator__c === 'NOT_NULL' ? null : row.Condition_Value__c,
  };
}
