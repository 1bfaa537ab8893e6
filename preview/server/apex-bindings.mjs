import { AuraHandledError } from './apex-error.mjs';
import { CompanionError, queryString, segment } from './companion-api.mjs';
import { mappingFieldValues } from './config-deploy.mjs';
import { isSalesforceId, to18 } from './salesforce-ids.mjs';
import { SalesforceRestError, soqlString } from './salesforce-rest.mjs';

/**
 * THE table of the preview: every `@AuraEnabled` Apex method the components import, bound to
 * what its Apex does — the same companion route (as OktaCompanionClient.cls calls it), the same
 * SOQL against the emulated org, or the same Custom Metadata deployment — with the same
 * argument checks and messages. preview/test/apex-bindings.test.mjs fails when an Apex method
 * has no entry here, or an entry's parameters differ from the Apex signature.
 *
 * @typedef {import('./salesforce-rest.mjs').SalesforceRest} SalesforceRest
 * @typedef {import('./companion-api.mjs').CompanionApi} CompanionApi
 * @typedef {ReturnType<typeof import('./config-deploy.mjs').configDeployService>} ConfigDeploy
 * @typedef {{ salesforce: SalesforceRest, companion: CompanionApi, config: ConfigDeploy }} ApexContext
 * @typedef {{
 *   params: string[],
 *   calls: string,
 *   run: (args: Record<string, any>, ctx: ApexContext) => Promise<unknown>,
 * }} ApexBinding
 */

const AGENT_ACTIONS = ['unlock', 'reset-factors', 'resend-activation'];
const PLAN_KINDS = ['create', 'update', 'link', 'deactivate', 'conflict'];
const TIMELINE_SIZE = 20;
const DEAD_LETTER_PAGE = 50;
const PLAN_PAGE = 50;
const HELD_PAGE = 50;
const GROUP_SEARCH_PAGE = 20;
const PICKLIST_OBJECTS = ['Account', 'Opportunity', 'Lead', 'Contact', 'AccountTeamMember'];
const FALLBACK_DEFAULT_HOURS = 8;
const FALLBACK_MAX_HOURS = 72;

// ---- What the Apex classes share ------------------------------------------------------------

/** OktaAuraErrors.of(e): a companion failure keeps its readable message. */
async function relay(/** @type {() => Promise<unknown>} */ call) {
  try {
    return await call();
  } catch (error) {
    if (error instanceof CompanionError) throw new AuraHandledError(error.message);
    throw error;
  }
}

/** An `Id` parameter: Apex refuses what is not an Id and holds the 18 character form. */
function idParam(/** @type {unknown} */ value) {
  if (value === null || value === undefined || value === '') return null;
  if (!isSalesforceId(value)) throw new AuraHandledError(`Invalid id: ${String(value)}`);
  return to18(String(value));
}

const nonNull = (/** @type {Record<string, unknown>} */ object) =>
  Object.fromEntries(
    Object.entries(object).filter(([, value]) => value !== null && value !== undefined),
  );

const isBlank = (/** @type {unknown} */ value) =>
  value === null || value === undefined || String(value).trim() === '';

// ---- OktaCaseAccessController -------------------------------------------------------------

async function requireCase(
  /** @type {SalesforceRest} */ salesforce,
  /** @type {unknown} */ caseId,
) {
  const id = idParam(caseId);
  const [record] = id
    ? await salesforce.query(
        `SELECT Id, CaseNumber, ContactId, Contact.Name, Contact.Okta_User_Id__c FROM Case WHERE Id = ${soqlString(id)} LIMIT 1`,
      )
    : [];
  if (!record)
    throw new AuraHandledError('The case was not found or you do not have access to it.');
  return record;
}

async function linkedContact(
  /** @type {SalesforceRest} */ salesforce,
  /** @type {unknown} */ caseId,
) {
  const record = await requireCase(salesforce, caseId);
  if (!record.ContactId) {
    throw new AuraHandledError('This case has no contact: add one to see its Okta account.');
  }
  if (isBlank(record.Contact?.Okta_User_Id__c)) {
    throw new AuraHandledError(
      'The case contact is not linked to an Okta user (Okta User Id is empty).',
    );
  }
  return {
    contactId: to18(record.ContactId),
    contactName: record.Contact?.Name ?? null,
    oktaUserId: String(record.Contact.Okta_User_Id__c),
    caseNumber: record.CaseNumber,
  };
}

async function grantSettings(/** @type {SalesforceRest} */ salesforce) {
  const result = { defaultHours: FALLBACK_DEFAULT_HOURS, maxHours: FALLBACK_MAX_HOURS };
  const [setting] = await salesforce.query(
    "SELECT Default_Grant_Hours__c, Max_Grant_Hours__c FROM Okta_Sync_Setting__mdt WHERE DeveloperName = 'Default' LIMIT 1",
  );
  if (setting) {
    if (setting.Max_Grant_Hours__c != null && setting.Max_Grant_Hours__c >= 1) {
      result.maxHours = Math.trunc(setting.Max_Grant_Hours__c);
    }
    if (setting.Default_Grant_Hours__c != null && setting.Default_Grant_Hours__c >= 1) {
      result.defaultHours = Math.trunc(setting.Default_Grant_Hours__c);
    }
  }
  result.defaultHours = Math.min(result.defaultHours, result.maxHours);
  return result;
}

// ---- OktaSyncSetupController --------------------------------------------------------------

/** OktaConfigDeployService.MappingRow(source). */
function mappingRow(/** @type {any} */ source) {
  return nonNull({
    developerName: source.DeveloperName,
    label: source.MasterLabel,
    direction: source.Direction__c,
    salesforceObject: source.Salesforce_Object__c,
    salesforceField: source.Salesforce_Field__c,
    oktaAttribute: source.Okta_Attribute__c,
    transform: source.Transform__c,
    transformArgument: source.Transform_Argument__c,
    defaultValue: source.Default_Value__c,
    isMatchKey: source.Is_Match_Key__c,
    matchPriority: source.Match_Priority__c == null ? null : Math.trunc(source.Match_Priority__c),
    sourceOfTruth: source.Source_Of_Truth__c,
    active: source.Active__c,
  });
}

/** OktaConfigDeployService.NotificationRuleRow(source). */
function notificationRuleRow(/** @type {any} */ source) {
  return nonNull({
    developerName: source.DeveloperName,
    label: source.MasterLabel,
    event: source.Event__c,
    scopeField: source.Scope_Field__c,
    scopeOperator: source.Scope_Operator__c,
    scopeValue: source.Scope_Value__c,
    channel: source.Channel__c,
    recipientType: source.Recipient_Type__c,
    recipients: source.Recipients__c,
    messageTemplate: source.Message_Template__c,
    digest: source.Digest__c,
    quietPeriodMinutes:
      source.Quiet_Period_Minutes__c == null ? null : Math.trunc(source.Quiet_Period_Minutes__c),
    active: source.Active__c,
  });
}

/** OktaConfigDeployService.AccessRuleRow(source). */
function accessRuleRow(/** @type {any} */ source) {
  return nonNull({
    developerName: source.DeveloperName,
    label: source.MasterLabel,
    ruleType: source.Rule_Type__c,
    oktaGroupId: source.Okta_Group_Id__c,
    oktaGroupName: source.Okta_Group_Name__c,
    accountTeamRole: source.Account_Team_Role__c,
    accountAccessLevel: source.Account_Access_Level__c,
    opportunityAccessLevel: source.Opportunity_Access_Level__c,
    caseAccessLevel: source.Case_Access_Level__c,
    salesforceObject: source.Salesforce_Object__c,
    conditionField: source.Condition_Field__c,
    conditionOperator: source.Condition_Operator__c,
    conditionValue: source.Condition_Value__c,
    oktaAttribute: source.Okta_Attribute__c,
    attributeValue: source.Attribute_Value__c,
    active: source.Active__c,
  });
}

const SETTING_FIELDS = [
  'Sync_Enabled__c',
  'Okta_Contact_Filter__c',
  'Okta_Lead_Filter__c',
  'Lead_Closed_Status__c',
  'Lead_Assignment_Rule__c',
  'Account_Strategy__c',
  'Account_Match_Attribute__c',
  'Default_Owner_Id__c',
  'User_Match_Field__c',
  'Deprovision_Case_Action__c',
  'Deprovision_Case_Queue__c',
  'Lead_Fallback_Owner_Id__c',
  'Deactivate_Empty_Accounts__c',
  'Blast_Radius_Percent__c',
  'Blast_Radius_Min_Contacts__c',
  'Blast_Radius_Window_Minutes__c',
  'Default_Grant_Hours__c',
  'Max_Grant_Hours__c',
  'Termination_Case_Type__c',
  'Access_Issue_Attribute__c',
  'Reconciliation_Cron__c',
  'Bulk_Threshold__c',
  'Api_Reserve_Percent__c',
  'Alert_Recipient_Id__c',
];

function requireRunId(/** @type {unknown} */ runId) {
  if (isBlank(runId)) throw new AuraHandledError('Choose a reconciliation run.');
}

/** Datetime.formatGmt('yyyy-MM-dd\'T\'HH:mm:ss.SSS\'Z\'') of a Datetime parameter. */
function datetimeParam(/** @type {unknown} */ value) {
  if (value === null || value === undefined || value === '') return null;
  const time = Date.parse(String(value));
  if (Number.isNaN(time)) throw new AuraHandledError(`Invalid date/time: ${String(value)}`);
  return new Date(time).toISOString();
}

// ---- The table --------------------------------------------------------------------------------

/** @type {Record<string, ApexBinding>} */
export const APEX_BINDINGS = {
  // OktaCaseAccessController: the Okta panel of the Case record page.
  'OktaCaseAccessController.getStatus': {
    params: ['caseId'],
    calls: 'SOQL Case → Contact.Okta_User_Id__c; GET users/:oktaUserId/status',
    async run({ caseId }, { salesforce, companion }) {
      const subject = await linkedContact(salesforce, caseId);
      return relay(async () => {
        const status = await companion.json('GET', `users/${segment(subject.oktaUserId)}/status`);
        return { ...status, contact: { id: subject.contactId, name: subject.contactName } };
      });
    },
  },
  'OktaCaseAccessController.performAction': {
    params: ['caseId', 'action'],
    calls: 'SOQL Case → Contact; POST users/:oktaUserId/actions/:action',
    async run({ caseId, action }, { salesforce, companion }) {
      if (isBlank(action) || !AGENT_ACTIONS.includes(action)) {
        throw new AuraHandledError(
          `Unknown action "${action ?? 'null'}". Choose one of: ${AGENT_ACTIONS.join(', ')}.`,
        );
      }
      const subject = await linkedContact(salesforce, caseId);
      return relay(() =>
        companion.json('POST', `users/${segment(subject.oktaUserId)}/actions/${segment(action)}`, {
          caseId: idParam(caseId),
          reason: `Requested from Case ${subject.caseNumber}`,
        }),
      );
    },
  },
  'OktaCaseAccessController.listGrants': {
    params: ['caseId'],
    calls: 'GET grants?caseId&activeOnly=true',
    async run({ caseId }, { salesforce, companion }) {
      const record = await requireCase(salesforce, caseId);
      return relay(() =>
        companion.json(
          'GET',
          `grants${queryString({ caseId: to18(record.Id), activeOnly: 'true' })}`,
        ),
      );
    },
  },
  'OktaCaseAccessController.grantAccess': {
    params: ['caseId', 'groupId', 'hours', 'reason'],
    calls: 'SOQL Okta_Sync_Setting__mdt, Case → Contact; POST grants',
    async run({ caseId, groupId, hours, reason }, { salesforce, companion }) {
      const limits = await grantSettings(salesforce);
      const problems = [];
      if (isBlank(groupId)) problems.push('Choose the Okta group to grant.');
      if (hours === null || hours === undefined || hours < 1 || hours > limits.maxHours) {
        problems.push(`The duration must be between 1 and ${limits.maxHours} hours.`);
      }
      if (isBlank(reason)) problems.push('Give the reason for the access.');
      else if (String(reason).trim().length > 255)
        problems.push('The reason must be at most 255 characters.');
      if (problems.length) throw new AuraHandledError(problems.join(' '));
      const subject = await linkedContact(salesforce, caseId);
      return relay(() =>
        companion.json('POST', 'grants', {
          caseId: idParam(caseId),
          contactId: subject.contactId,
          groupId,
          durationHours: Math.trunc(hours),
          reason: String(reason).trim(),
        }),
      );
    },
  },
  'OktaCaseAccessController.revokeGrant': {
    params: ['caseId', 'grantId'],
    calls: 'DELETE grants/:grantId',
    async run({ caseId, grantId }, { salesforce, companion }) {
      await requireCase(salesforce, caseId);
      if (isBlank(grantId)) throw new AuraHandledError('Choose the grant to revoke.');
      return relay(() => companion.json('DELETE', `grants/${segment(grantId)}`));
    },
  },
  'OktaCaseAccessController.grantableGroups': {
    params: [],
    calls: 'GET groups/grantable',
    run: (_args, { companion }) => relay(() => companion.json('GET', 'groups/grantable')),
  },
  'OktaCaseAccessController.getGrantSettings': {
    params: [],
    calls: 'SOQL Okta_Sync_Setting__mdt (Default)',
    run: (_args, { salesforce }) => grantSettings(salesforce),
  },

  // OktaContactStatusController: the Okta panel of the Contact record page.
  'OktaContactStatusController.getSyncTimeline': {
    params: ['contactId'],
    calls: 'SOQL Okta_Sync_Log__c of the Contact, newest first, 20',
    async run({ contactId }, { salesforce }) {
      const id = idParam(contactId);
      if (!id) return [];
      const logs = await salesforce.query(
        'SELECT Id, Name, Direction__c, Operation__c, Status__c, Attempts__c, Error__c, Event_Type__c, Actor__c, Occurred_At__c, CreatedDate ' +
          `FROM Okta_Sync_Log__c WHERE Contact__c = ${soqlString(id)} ` +
          `ORDER BY Occurred_At__c DESC NULLS LAST, CreatedDate DESC LIMIT ${TIMELINE_SIZE}`,
      );
      return logs.map((log) =>
        nonNull({
          id: log.Id,
          name: log.Name,
          direction: log.Direction__c,
          operation: log.Operation__c,
          status: log.Status__c,
          attempts: log.Attempts__c == null ? null : Math.trunc(log.Attempts__c),
          error: log.Error__c,
          eventType: log.Event_Type__c,
          actor: log.Actor__c,
          occurredAt: log.Occurred_At__c ?? log.CreatedDate,
        }),
      );
    },
  },
  'OktaContactStatusController.resync': {
    params: ['contactId'],
    calls: 'SOQL Contact.Okta_User_Id__c; POST contacts/:contactId/resync',
    async run({ contactId }, { salesforce, companion }) {
      const id = idParam(contactId);
      const [contact] = id
        ? await salesforce.query(
            `SELECT Id, Okta_User_Id__c FROM Contact WHERE Id = ${soqlString(id)} LIMIT 1`,
          )
        : [];
      if (!contact)
        throw new AuraHandledError('The contact was not found or you do not have access to it.');
      if (isBlank(contact.Okta_User_Id__c)) {
        throw new AuraHandledError(
          'This contact is not linked to an Okta user, so there is nothing to resync.',
        );
      }
      return relay(() => companion.json('POST', `contacts/${segment(id)}/resync`, {}));
    },
  },

  // OktaSyncSetupController: the Okta Sync Setup app page.
  'OktaSyncSetupController.getMappings': {
    params: [],
    calls: 'SOQL Okta_Field_Mapping__mdt',
    async run(_args, { salesforce }) {
      const records = await salesforce.query(
        'SELECT DeveloperName, MasterLabel, Direction__c, Salesforce_Object__c, Salesforce_Field__c, Okta_Attribute__c, ' +
          'Transform__c, Transform_Argument__c, Default_Value__c, Is_Match_Key__c, Match_Priority__c, Source_Of_Truth__c, Active__c ' +
          'FROM Okta_Field_Mapping__mdt ORDER BY Salesforce_Object__c, DeveloperName',
      );
      return records.map(mappingRow);
    },
  },
  'OktaSyncSetupController.getAccessRules': {
    params: [],
    calls: 'SOQL Okta_Access_Rule__mdt',
    async run(_args, { salesforce }) {
      const records = await salesforce.query(
        'SELECT DeveloperName, MasterLabel, Rule_Type__c, Okta_Group_Id__c, Okta_Group_Name__c, Account_Team_Role__c, ' +
          'Account_Access_Level__c, Opportunity_Access_Level__c, Case_Access_Level__c, Salesforce_Object__c, Condition_Field__c, ' +
          'Condition_Operator__c, Condition_Value__c, Okta_Attribute__c, Attribute_Value__c, Active__c ' +
          'FROM Okta_Access_Rule__mdt ORDER BY Rule_Type__c, DeveloperName',
      );
      return records.map(accessRuleRow);
    },
  },
  'OktaSyncSetupController.getNotificationRules': {
    params: [],
    calls: 'SOQL Okta_Notification_Rule__mdt',
    async run(_args, { salesforce }) {
      const records = await salesforce.query(
        'SELECT DeveloperName, MasterLabel, Event__c, Scope_Field__c, Scope_Operator__c, Scope_Value__c, Channel__c, ' +
          'Recipient_Type__c, Recipients__c, Message_Template__c, Digest__c, Quiet_Period_Minutes__c, Active__c ' +
          'FROM Okta_Notification_Rule__mdt ORDER BY Event__c, DeveloperName',
      );
      return records.map(notificationRuleRow);
    },
  },
  'OktaSyncSetupController.getSettings': {
    params: [],
    calls: 'SOQL Okta_Sync_Setting__mdt (Default)',
    async run(_args, { salesforce }) {
      const [record] = await salesforce.query(
        `SELECT DeveloperName, ${SETTING_FIELDS.join(', ')} FROM Okta_Sync_Setting__mdt WHERE DeveloperName = 'Default' LIMIT 1`,
      );
      return record
        ? Object.fromEntries(SETTING_FIELDS.map((name) => [name, record[name] ?? null]))
        : {};
    },
  },
  'OktaSyncSetupController.getClosedLeadStatuses': {
    params: [],
    calls: 'SOQL LeadStatus (closed, not converted)',
    run: (_args, { config }) => config.closedLeadStatuses(),
  },
  'OktaSyncSetupController.saveMappings': {
    params: ['rows'],
    calls: 'validate; deploy Okta_Field_Mapping__mdt; POST config/reload',
    run: ({ rows }, { config }) => relay(() => config.saveMappings(rows)),
  },
  'OktaSyncSetupController.saveAccessRules': {
    params: ['rows'],
    calls: 'validate; deploy Okta_Access_Rule__mdt; POST config/reload',
    run: ({ rows }, { config }) => relay(() => config.saveAccessRules(rows)),
  },
  'OktaSyncSetupController.saveNotificationRules': {
    params: ['rows'],
    calls: 'validate; deploy Okta_Notification_Rule__mdt; POST config/reload',
    run: ({ rows }, { config }) => relay(() => config.saveNotificationRules(rows)),
  },
  'OktaSyncSetupController.saveSettings': {
    params: ['values'],
    calls: 'validate; deploy Okta_Sync_Setting__mdt.Default; POST config/reload',
    run: ({ values }, { config }) => relay(() => config.saveSettings(values)),
  },
  'OktaSyncSetupController.previewMapping': {
    params: ['oktaUser', 'contactId', 'rows'],
    calls: 'POST mappings/preview',
    async run({ oktaUser, contactId, rows }, { companion }) {
      /** @type {Record<string, unknown>} */
      const body = {};
      if (!isBlank(contactId)) {
        if (!/^003[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(String(contactId).trim())) {
          throw new AuraHandledError(
            'The Contact Id must be a 15 or 18 character Id starting with 003.',
          );
        }
        body.contactId = String(contactId).trim();
      } else if (!isBlank(oktaUser)) {
        body.oktaUser = String(oktaUser).trim();
      } else {
        throw new AuraHandledError('Enter an Okta login or user id, or a Contact Id, to preview.');
      }
      if (Array.isArray(rows) && rows.length > 0) {
        body.mappings = rows.map((row) => ({
          ...mappingFieldValues(row),
          DeveloperName: row.developerName ?? null,
        }));
      }
      return relay(() => companion.json('POST', 'mappings/preview', body));
    },
  },
  'OktaSyncSetupController.getOktaProfileAttributes': {
    params: [],
    calls: 'GET okta/profile-attributes',
    run: (_args, { companion }) => relay(() => companion.json('GET', 'okta/profile-attributes')),
  },
  'OktaSyncSetupController.searchOktaGroups': {
    params: ['nameStart'],
    calls: 'GET okta/groups?q&limit=20',
    async run({ nameStart }, { companion }) {
      const text = nameStart == null ? '' : String(nameStart).trim();
      if (text.length > 100)
        throw new AuraHandledError('Type at most 100 characters of the group name.');
      return relay(() =>
        companion.json('GET', `okta/groups${queryString({ q: text, limit: GROUP_SEARCH_PAGE })}`),
      );
    },
  },
  'OktaSyncSetupController.getPicklistValues': {
    params: ['objectApiName', 'fieldApiName'],
    calls: 'describe :objectApiName → the field’s active picklistValues',
    async run({ objectApiName, fieldApiName }, { salesforce }) {
      if (isBlank(objectApiName) || !PICKLIST_OBJECTS.includes(objectApiName)) {
        throw new AuraHandledError(
          'Picklist values are offered for Account, Opportunity, Lead, Contact and AccountTeamMember only.',
        );
      }
      const described = await salesforce.describe(objectApiName).catch((error) => {
        if (error instanceof SalesforceRestError && error.status === 404) {
          throw new AuraHandledError(
            `${objectApiName} is not available in this org (are Account Teams enabled?).`,
          );
        }
        throw error;
      });
      const wanted = String(fieldApiName ?? '').toLowerCase();
      const field = isBlank(fieldApiName)
        ? undefined
        : described.fields.find((/** @type {any} */ f) => f.name.toLowerCase() === wanted);
      if (!field)
        throw new AuraHandledError(`${objectApiName} has no field called ${fieldApiName}.`);
      if (field.type !== 'picklist' && field.type !== 'multipicklist')
        throw new AuraHandledError(`${objectApiName}.${field.name} is not a picklist.`);
      return field.picklistValues
        .filter((/** @type {any} */ entry) => entry.active)
        .map((/** @type {any} */ entry) => ({ label: entry.label, value: entry.value }));
    },
  },
  'OktaSyncSetupController.getHealth': {
    params: [],
    calls: 'GET health',
    run: (_args, { companion }) => relay(() => companion.json('GET', 'health')),
  },
  'OktaSyncSetupController.releaseGuard': {
    params: [],
    calls: 'POST guard/release',
    run: (_args, { companion }) => relay(() => companion.json('POST', 'guard/release', {})),
  },
  'OktaSyncSetupController.listHeldChanges': {
    params: [],
    calls: 'GET guard/held?limit=50',
    run: (_args, { companion }) =>
      relay(() => companion.json('GET', `guard/held${queryString({ limit: HELD_PAGE })}`)),
  },
  'OktaSyncSetupController.listDeadLetters': {
    params: ['after'],
    calls: 'GET dead-letters?limit=50&after',
    run: ({ after }, { companion }) =>
      relay(() =>
        companion.json('GET', `dead-letters${queryString({ limit: DEAD_LETTER_PAGE, after })}`),
      ),
  },
  'OktaSyncSetupController.replayDeadLetter': {
    params: ['deadLetterId'],
    calls: 'POST dead-letters/:deadLetterId/replay',
    async run({ deadLetterId }, { companion }) {
      if (isBlank(deadLetterId)) throw new AuraHandledError('Choose the failed job to replay.');
      return relay(() =>
        companion.json('POST', `dead-letters/${segment(deadLetterId)}/replay`, {}),
      );
    },
  },
  'OktaSyncSetupController.replayAllDeadLetters': {
    params: [],
    calls: 'POST dead-letters/replay-all',
    run: (_args, { companion }) =>
      relay(() => companion.json('POST', 'dead-letters/replay-all', {})),
  },
  'OktaSyncSetupController.startReconciliation': {
    params: ['dryRun', 'confirmDeactivations'],
    calls: 'POST reconciliations',
    run: ({ dryRun, confirmDeactivations }, { companion }) =>
      relay(() =>
        companion.json('POST', 'reconciliations', {
          dryRun: dryRun !== false,
          ...(confirmDeactivations === true ? { confirmDeactivations: true } : {}),
        }),
      ),
  },
  'OktaSyncSetupController.listReconciliations': {
    params: [],
    calls: 'GET reconciliations?limit=10',
    run: (_args, { companion }) =>
      relay(() => companion.json('GET', `reconciliations${queryString({ limit: 10 })}`)),
  },
  'OktaSyncSetupController.getReconciliation': {
    params: ['runId'],
    calls: 'GET reconciliations/:runId',
    async run({ runId }, { companion }) {
      requireRunId(runId);
      return relay(() => companion.json('GET', `reconciliations/${segment(runId)}`));
    },
  },
  'OktaSyncSetupController.getReconciliationPlan': {
    params: ['runId', 'after', 'kind'],
    calls: 'GET reconciliations/:runId/plan?after&limit=50&kind',
    async run({ runId, after, kind }, { companion }) {
      requireRunId(runId);
      if (!isBlank(kind) && !PLAN_KINDS.includes(kind))
        throw new AuraHandledError(`Unknown plan item kind "${kind}".`);
      return relay(() =>
        companion.json(
          'GET',
          `reconciliations/${segment(runId)}/plan${queryString({ after, limit: PLAN_PAGE, kind })}`,
        ),
      );
    },
  },
  'OktaSyncSetupController.exportReconciliationPlan': {
    params: ['runId', 'kind'],
    calls: 'GET reconciliations/:runId/plan?kind&format=csv',
    async run({ runId, kind }, { companion }) {
      requireRunId(runId);
      if (!isBlank(kind) && !PLAN_KINDS.includes(kind))
        throw new AuraHandledError(`Unknown plan item kind "${kind}".`);
      return relay(() =>
        companion.csv(
          `reconciliations/${segment(runId)}/plan${queryString({ kind, format: 'csv' })}`,
        ),
      );
    },
  },
  'OktaSyncSetupController.applyReconciliation': {
    params: ['runId', 'confirmDeactivations'],
    calls: 'POST reconciliations/:runId/apply',
    async run({ runId, confirmDeactivations }, { companion }) {
      requireRunId(runId);
      return relay(() =>
        companion.json(
          'POST',
          `reconciliations/${segment(runId)}/apply`,
          confirmDeactivations === true ? { confirmDeactivations: true } : {},
        ),
      );
    },
  },
  'OktaSyncSetupController.exportAudit': {
    params: ['fromTime', 'toTime'],
    calls: 'GET audit?from&to&format=csv',
    async run({ fromTime, toTime }, { companion }) {
      const from = datetimeParam(fromTime);
      const to = datetimeParam(toTime);
      if (!from || !to)
        throw new AuraHandledError('Choose both the start and the end of the period.');
      if (from >= to) throw new AuraHandledError('The start of the period must be before its end.');
      return relay(() => companion.csv(`audit${queryString({ from, to, format: 'csv' })}`));
    },
  },
};

/**
 * Runs the bound Apex method; unknown methods fail as the platform fails them.
 * @param {string} qualifiedName `<Class>.<method>`
 * @param {Record<string, unknown>} args
 * @param {ApexContext} ctx
 */
export async function invokeApex(qualifiedName, args, ctx) {
  const binding = Object.hasOwn(APEX_BINDINGS, qualifiedName)
    ? APEX_BINDINGS[qualifiedName]
    : undefined;
  if (!binding)
    throw new AuraHandledError(`No Apex method ${qualifiedName} is available in the preview.`);
  const known = Object.fromEntries(binding.params.map((name) => [name, args[name] ?? null]));
  return binding.run(known, ctx);
}
