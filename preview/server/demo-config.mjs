/**
 * Configuration a fresh sandbox needs before an agent can grant temporary access from a
 * Case: an access rule naming a seeded Okta group ("Support Tier 2": its members join the
 * Account Team of direct customers), as an admin would add on the setup page. Used by
 * `npm run preview -- --sandbox`, the screenshots and the tests.
 */
export const GRANTABLE_GROUP_NAME = 'Support Tier 2';

/**
 * @param {{ sandbox: any, companion: any }} world
 * @returns {Promise<{ groupId: string }>}
 */
export async function seedGrantableGroup(world) {
  const group = [...world.sandbox.okta.state.groups.values()].find(
    (/** @type {any} */ g) => g.name === GRANTABLE_GROUP_NAME,
  );
  if (!group) throw new Error(`The sandbox has no Okta group named ${GRANTABLE_GROUP_NAME}.`);
  world.sandbox.salesforce.deployCustomMetadata({
    type: 'Okta_Access_Rule__mdt',
    developerName: 'Support_Tier_2_Team',
    label: 'Support Tier 2 team',
    values: {
      Rule_Type__c: 'GROUP_TO_ACCOUNT_TEAM',
      Okta_Group_Id__c: group.id,
      Okta_Group_Name__c: GRANTABLE_GROUP_NAME,
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
  const config = await world.companion.syncConfig.reload('preview: grantable group');
  const problems = (config?.problems ?? []).filter((/** @type {any} */ p) =>
    String(p.source).includes('Support_Tier_2_Team'),
  );
  if (problems.length)
    throw new Error(`The companion refused the access rule: ${JSON.stringify(problems)}`);
  return { groupId: group.id };
}
