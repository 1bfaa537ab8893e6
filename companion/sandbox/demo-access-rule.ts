import type { Sandbox } from './index.js';

/**
 * The one access rule the sandbox starts with, so that what it enables can be tried at once:
 * members of the seeded Okta group "Support Tier 2" join the Account Team of direct customers,
 * and agents can grant that group for a while from a Case. An admin would add it on the setup
 * page; `npm start` deploys it before the companion starts (the preview deploys the same rule).
 */
export const DEMO_ACCESS_RULE = {
  developerName: 'Support_Tier_2_Team',
  label: 'Support Tier 2 team',
  groupName: 'Support Tier 2',
} as const;

export function deployDemoAccessRule(sandbox: Pick<Sandbox, 'okta' | 'salesforce'>): {
  groupId: string;
} {
  const group = [...sandbox.okta.state.groups.values()].find(
    (g) => g.name === DEMO_ACCESS_RULE.groupName,
  );
  if (!group) throw new Error(`The sandbox has no Okta group named ${DEMO_ACCESS_RULE.groupName}.`);
  sandbox.salesforce.deployCustomMetadata({
    type: 'Okta_Access_Rule__mdt',
    developerName: DEMO_ACCESS_RULE.developerName,
    label: DEMO_ACCESS_RULE.label,
    values: {
      Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
      Okta_Group_Id__c: group.id,
      Okta_Group_Name__c: DEMO_ACCESS_RULE.groupName,
      Account_Team_Role__c: 'Technical Sales',
      Account_Access_Level__c: 'Read',
      Case_Access_Level__c: 'Read',
      Salesforce_Object__c: 'Account',
      Condition_Field__c: 'Type',
      Condition_Operator__c: 'EQUALS',
      Condition_Value__c: 'Customer - Direct',
      Active__c: true,
    },
  });
  return { groupId: group.id };
}
