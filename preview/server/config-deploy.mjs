import { AuraHandledError } from './apex-error.mjs';
import { isSalesforceId } from './salesforce-ids.mjs';

/**
 * What OktaConfigDeployService.cls does when the setup page saves: the same validation (with
 * the describes of the emulated org in place of Apex's Schema describes), then Custom Metadata
 * records deployed to the org, then the companion told to reload.
 *
 * @typedef {{ type: string, developerName: string, label: string, values: Record<string, unknown> }} CustomMetadataRecord
 * @typedef {{ deploy(records: CustomMetadataRecord[]): Promise<void> }} MetadataDeployer
 * @typedef {{ describe(objectApiName: string): Promise<any> }} Describer
 */

const MAPPING_TYPE = 'Okta_Field_Mapping__mdt';
const RULE_TYPE = 'Okta_Access_Rule__mdt';
const SETTING_TYPE = 'Okta_Sync_Setting__mdt';
const NOTIFICATION_TYPE = 'Okta_Notification_Rule__mdt';
const USER_ID = /^005[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const GROUP_ID = /^00G[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/;
const GROUP_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/;
const MAX_QUIET_MINUTES = 10080;
/** The placeholders every notification message may use, besides contact.<Field>. */
const NOTIFICATION_FIELDS = [
  'event',
  'occurredAt',
  'details',
  'auditUrl',
  'user.id',
  'user.login',
  'user.email',
  'user.firstName',
  'user.lastName',
  'user.status',
  'contact.id',
  'lead.id',
];
/** @type {Record<string, string[]>} The placeholders only some events have. */
const EVENT_FIELDS = {
  PROVISIONED: ['changes'],
  UPDATED: ['changes'],
  DEPROVISIONED: ['changes', 'effects'],
  REACTIVATED: ['changes', 'effects'],
  ACCESS_CHANGED: ['changes', 'groups.added', 'groups.removed'],
  GRANT_APPLIED: ['group.id', 'group.name', 'case.id', 'grant.id'],
  GRANT_ENDED: ['group.id', 'group.name', 'case.id', 'grant.id'],
  RECONCILIATION_APPLIED: ['changes'],
};
const CONTACT_PLACEHOLDER = /^contact\.([A-Za-z][A-Za-z0-9_]*)$/;
const MAPPING_OBJECTS = ['Contact', 'Account', 'Lead'];
const CONDITION_OBJECTS = ['Lead', 'Contact', 'Opportunity', 'Account'];
const OKTA_ATTRIBUTE = /^(id|status|profile\.[A-Za-z][A-Za-z0-9_]*)$/;
const PROFILE_ATTRIBUTE = /^profile\.[A-Za-z][A-Za-z0-9_]*$/;
const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{5,37}$/;
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/;

const TEXT_TYPES = ['string', 'textarea', 'email', 'phone', 'url', 'picklist', 'encryptedstring'];
/**
 * The field types (as describe names them) each transform can fill; a transform not named here
 * fills any.
 * @type {Record<string, string[]>}
 */
const TYPES_BY_TRANSFORM = {
  TRIM: TEXT_TYPES,
  LOWER: TEXT_TYPES,
  UPPER: TEXT_TYPES,
  TEMPLATE: TEXT_TYPES,
  PHONE_E164: ['phone', 'string'],
  DATE: ['date'],
  DATETIME: ['datetime'],
  BOOLEAN: ['boolean'],
  NUMBER: ['double', 'int', 'long', 'currency', 'percent'],
};
/** @type {Record<string, string>} */
const TYPE_WORDS = {
  string: 'text',
  textarea: 'long text',
  email: 'email',
  phone: 'phone',
  url: 'URL',
  picklist: 'picklist',
  multipicklist: 'multi-select picklist',
  encryptedstring: 'encrypted text',
  date: 'date',
  datetime: 'date and time',
  boolean: 'checkbox',
  double: 'number',
  int: 'number',
  long: 'number',
  currency: 'currency',
  percent: 'percent',
  reference: 'lookup',
};
/** @type {Record<string, string>} */
const TRANSFORM_WORDS = {
  NONE: 'as is',
  TRIM: 'trimmed',
  LOWER: 'lower-case',
  UPPER: 'upper-case',
  VALUE_MAP: 'through a value table',
  TEMPLATE: 'from a template',
  PHONE_E164: 'as an international phone number',
  DATE: 'as a date',
  DATETIME: 'as a date and time',
  BOOLEAN: 'as yes or no',
  NUMBER: 'as a number',
};

const isBlank = (/** @type {unknown} */ value) =>
  value === null || value === undefined || String(value).trim() === '';
const blankToNull = (/** @type {unknown} */ value) => (isBlank(value) ? null : value);

/** @param {any} describe @param {string} fieldName */
function fieldOf(describe, fieldName) {
  const wanted = String(fieldName ?? '').toLowerCase();
  return describe?.fields?.find((/** @type {any} */ f) => f.name.toLowerCase() === wanted);
}

/** Active picklist values of a field, in their declared order. */
function picklistValues(/** @type {any} */ field) {
  return (field?.picklistValues ?? [])
    .filter((/** @type {any} */ v) => v.active)
    .map((/** @type {any} */ v) => v.value);
}

/** @param {Describer} describer @param {string} objectName */
async function describeOrUndefined(describer, objectName) {
  try {
    return await describer.describe(objectName);
  } catch {
    return undefined;
  }
}

/** Fields no one can write (formulas, auto numbers, system fields). */
function isReadOnlyByNature(/** @type {any} */ field) {
  return field.calculated || field.autoNumber || (!field.createable && !field.updateable);
}

function isJsonObject(/** @type {unknown} */ text) {
  if (isBlank(text)) return false;
  try {
    const value = JSON.parse(String(text));
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** Apex's String.abbreviate. */
function abbreviate(/** @type {string} */ text, /** @type {number} */ max) {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/**
 * Okta profile attributes that decide who signs in as a user or recovers the account, as
 * OktaConfigDeployService.OKTA_IDENTITY_ATTRIBUTES names them.
 * @type {Record<string, string>}
 */
export const OKTA_IDENTITY_ATTRIBUTES = {
  login: 'the username people sign in with',
  email: 'the address Okta sends password-reset and unlock emails to',
  secondEmail: 'the secondary address Okta uses for account recovery',
};

/** The identity attribute a profile.<name> path names, or undefined. */
function identityAttribute(/** @type {string} */ path) {
  if (!/^profile\./i.test(path)) return undefined;
  const name = path.slice('profile.'.length).toLowerCase();
  return Object.keys(OKTA_IDENTITY_ATTRIBUTES).find((key) => key.toLowerCase() === name);
}

const identityWords = (/** @type {string} */ key) =>
  `The Okta attribute profile.${key} is ${OKTA_IDENTITY_ATTRIBUTES[key]}`;

/**
 * @param {unknown} developerName @param {unknown} label @param {Set<string>} seen
 * @param {string[]} problems
 */
function checkName(developerName, label, seen, problems) {
  const name = String(developerName ?? '');
  if (isBlank(developerName) || !DEVELOPER_NAME.test(name)) {
    problems.push(
      'The API name must start with a letter and use letters, digits and single underscores.',
    );
  } else if (name.length > 40) {
    problems.push('The API name must be at most 40 characters.');
  } else if (seen.has(name.toLowerCase())) {
    problems.push(`The API name ${name} is used twice.`);
  } else {
    seen.add(name.toLowerCase());
  }
  if (!isBlank(label) && String(label).length > 40) {
    problems.push('The label must be at most 40 characters.');
  }
}

/** MappingRow.toFieldValues(). */
export function mappingFieldValues(/** @type {any} */ row) {
  return {
    Direction__c: row.direction ?? null,
    Salesforce_Object__c: row.salesforceObject ?? null,
    Salesforce_Field__c: row.salesforceField ?? null,
    Okta_Attribute__c: row.oktaAttribute ?? null,
    Transform__c: isBlank(row.transform) ? 'NONE' : row.transform,
    Transform_Argument__c: blankToNull(row.transformArgument),
    Default_Value__c: blankToNull(row.defaultValue),
    Is_Match_Key__c: row.isMatchKey === true,
    Match_Priority__c: row.matchPriority ?? null,
    Source_Of_Truth__c: blankToNull(row.sourceOfTruth),
    Active__c: row.active !== false,
  };
}

/** AccessRuleRow.toFieldValues(). */
export function accessRuleFieldValues(/** @type {any} */ row) {
  return {
    Rule_Type__c: row.ruleType ?? null,
    Okta_Group_Id__c: blankToNull(row.oktaGroupId),
    Okta_Group_Name__c: blankToNull(row.oktaGroupName),
    Account_Team_Role__c: blankToNull(row.accountTeamRole),
    Account_Access_Level__c: blankToNull(row.accountAccessLevel),
    Opportunity_Access_Level__c: blankToNull(row.opportunityAccessLevel),
    Case_Access_Level__c: blankToNull(row.caseAccessLevel),
    Salesforce_Object__c: blankToNull(row.salesforceObject),
    Condition_Field__c: blankToNull(row.conditionField),
    Condition_Operator__c: blankToNull(row.conditionOperator),
    Condition_Value__c: blankToNull(row.conditionValue),
    Okta_Attribute__c: blankToNull(row.oktaAttribute),
    Attribute_Value__c: blankToNull(row.attributeValue),
    Active__c: row.active !== false,
  };
}

/** @param {any[] | null | undefined} rows @param {Describer} describer @returns {Promise<string[]>} */
export async function validateMappings(rows, describer) {
  if (!rows || rows.length === 0) return ['There is no field mapping to save.'];
  const mdt = await describer.describe(MAPPING_TYPE);
  const directions = picklistValues(fieldOf(mdt, 'Direction__c'));
  const transforms = picklistValues(fieldOf(mdt, 'Transform__c'));
  const sources = picklistValues(fieldOf(mdt, 'Source_Of_Truth__c'));
  /** @type {string[]} */ const problems = [];
  const targets = new Set();
  const names = new Set();
  let position = 0;
  for (const row of rows) {
    position++;
    const target = `${isBlank(row.salesforceObject) ? '?' : row.salesforceObject}.${isBlank(row.salesforceField) ? '?' : row.salesforceField}`;
    /** @type {string[]} */ const rowProblems = [];
    checkName(row.developerName, row.label, names, rowProblems);
    if (!directions.includes(row.direction)) {
      rowProblems.push(
        'Choose the direction: Okta to Salesforce, Salesforce to Okta or both ways.',
      );
    }
    const transform = isBlank(row.transform) ? 'NONE' : row.transform;
    if (!transforms.includes(transform)) {
      rowProblems.push(`The transform ${transform} is unknown: choose one from the list.`);
    }
    const identity = isBlank(row.oktaAttribute)
      ? undefined
      : identityAttribute(String(row.oktaAttribute));
    if (isBlank(row.oktaAttribute) || !OKTA_ATTRIBUTE.test(row.oktaAttribute)) {
      rowProblems.push('Choose the Okta attribute this mapping reads or writes.');
    } else if ((row.direction === 'SALESFORCE_TO_OKTA' || row.direction === 'BOTH') && identity) {
      rowProblems.push(
        `${identityWords(identity)}: anyone who can edit the Salesforce field could take over the Okta account, so Salesforce never writes it. Choose the direction Okta to Salesforce.`,
      );
    }
    if (!isBlank(row.sourceOfTruth) && !sources.includes(row.sourceOfTruth)) {
      rowProblems.push(
        `The source of truth ${row.sourceOfTruth} is unknown: choose Okta or Salesforce.`,
      );
    } else if (row.direction === 'BOTH' && isBlank(row.sourceOfTruth)) {
      rowProblems.push(
        'A mapping that syncs both ways needs a source of truth: choose whether Okta or Salesforce wins.',
      );
    }
    if (transform === 'VALUE_MAP' && !isJsonObject(row.transformArgument)) {
      rowProblems.push('The value table must be a JSON object, for example {"A": "Active"}.');
    }
    if (transform === 'TEMPLATE' && isBlank(row.transformArgument)) {
      rowProblems.push(
        'The template is empty: write it with attributes in braces, for example {profile.firstName} {profile.lastName}.',
      );
    }
    if (
      transform === 'TEMPLATE' &&
      directions.includes(row.direction) &&
      row.direction !== 'OKTA_TO_SALESFORCE'
    ) {
      rowProblems.push(
        'A template can only fill Salesforce: choose the direction Okta to Salesforce.',
      );
    }
    if (
      row.isMatchKey === true &&
      (row.matchPriority === null ||
        row.matchPriority === undefined ||
        row.matchPriority < 0 ||
        row.matchPriority > 99)
    ) {
      rowProblems.push('A match key needs a match priority between 0 and 99.');
    }
    if (row.defaultValue != null && String(row.defaultValue).length > 255) {
      rowProblems.push('The default value must be at most 255 characters.');
    }
    await checkMappedField(row, describer, rowProblems);
    if (
      row.active !== false &&
      row.direction !== 'SALESFORCE_TO_OKTA' &&
      !isBlank(row.salesforceField)
    ) {
      const key = `${row.salesforceObject}.${row.salesforceField}`.toLowerCase();
      if (targets.has(key))
        rowProblems.push('Another active mapping already writes this field from Okta.');
      targets.add(key);
    }
    problems.push(...rowProblems.map((problem) => `Row ${position} (${target}): ${problem}`));
  }
  return [...problems, ...missingLeadFields(rows)];
}

/** A Lead is only created with these: when rows write Leads, they must write them all. */
const REQUIRED_LEAD_FIELDS = ['LastName', 'Company'];

/** @param {any[]} rows @returns {string[]} */
function missingLeadFields(rows) {
  const leadRows = rows.filter(
    (row) =>
      row.active !== false &&
      row.salesforceObject === 'Lead' &&
      row.direction !== 'SALESFORCE_TO_OKTA',
  );
  if (leadRows.length === 0) return [];
  const written = new Set(leadRows.map((row) => String(row.salesforceField ?? '').toLowerCase()));
  return REQUIRED_LEAD_FIELDS.filter((field) => !written.has(field.toLowerCase())).map(
    (field) => `Every Lead needs Lead.${field}: add an active mapping from Okta that writes it.`,
  );
}

/**
 * The object and field of a mapping: one the sync maps, and writable when Okta writes it.
 * @param {any} row @param {Describer} describer @param {string[]} problems
 */
async function checkMappedField(row, describer, problems) {
  if (!MAPPING_OBJECTS.includes(row.salesforceObject)) {
    problems.push('Choose Contact, Account or Lead as the Salesforce object.');
    return;
  }
  if (isBlank(row.salesforceField)) {
    problems.push('Choose the Salesforce field.');
    return;
  }
  const field = fieldOf(
    await describeOrUndefined(describer, row.salesforceObject),
    row.salesforceField,
  );
  if (!field) {
    problems.push(`${row.salesforceObject} has no field called ${row.salesforceField}.`);
    return;
  }
  if (row.direction === 'SALESFORCE_TO_OKTA') return;
  const name = `${row.salesforceObject} ${field.label} (${field.name})`;
  if (isReadOnlyByNature(field)) {
    problems.push(`${name} cannot be written: it is read-only or you have no access to it.`);
  }
  const transform = isBlank(row.transform) ? 'NONE' : row.transform;
  const fits = TYPES_BY_TRANSFORM[transform];
  if (fits && !fits.includes(field.type)) {
    const type = TYPE_WORDS[field.type] ?? field.type;
    problems.push(
      `The transform “${TRANSFORM_WORDS[transform]}” cannot fill ${name}, ${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type} field.`,
    );
  }
}

/** @param {any[] | null | undefined} rows @param {Describer} describer @returns {Promise<string[]>} */
export async function validateAccessRules(rows, describer) {
  if (!rows || rows.length === 0) return ['There is no access rule to save.'];
  const mdt = await describer.describe(RULE_TYPE);
  const picklists = {
    ruleTypes: picklistValues(fieldOf(mdt, 'Rule_Type__c')),
    accountLevels: picklistValues(fieldOf(mdt, 'Account_Access_Level__c')),
    opportunityLevels: picklistValues(fieldOf(mdt, 'Opportunity_Access_Level__c')),
    caseLevels: picklistValues(fieldOf(mdt, 'Case_Access_Level__c')),
    operators: picklistValues(fieldOf(mdt, 'Condition_Operator__c')),
  };
  /** @type {string[]} */ const problems = [];
  const names = new Set();
  let position = 0;
  for (const row of rows) {
    position++;
    const prefix = `Rule ${position} (${isBlank(row.label) ? row.developerName : row.label}): `;
    /** @type {string[]} */ const ruleProblems = [];
    checkName(row.developerName, row.label, names, ruleProblems);
    await checkRule(row, picklists, describer, ruleProblems);
    problems.push(...ruleProblems.map((problem) => prefix + problem));
  }
  return problems;
}

/**
 * @param {any} row
 * @param {Record<'ruleTypes' | 'accountLevels' | 'opportunityLevels' | 'caseLevels' | 'operators', string[]>} picklists
 * @param {Describer} describer @param {string[]} problems
 */
async function checkRule(row, picklists, describer, problems) {
  if (!picklists.ruleTypes.includes(row.ruleType)) {
    problems.push('Choose what the rule does.');
    return;
  }
  if (
    row.ruleType !== 'CONDITION_TO_ATTRIBUTE' &&
    (isBlank(row.oktaGroupId) || !OKTA_GROUP_ID.test(row.oktaGroupId))
  ) {
    problems.push('Choose the Okta group: search for it by name.');
  }
  if (row.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
    if (isBlank(row.accountTeamRole)) problems.push('Choose the Account Team role.');
    if (!picklists.accountLevels.includes(row.accountAccessLevel)) {
      problems.push('Choose the Account access: read only, or read and edit.');
    }
    if (
      (!isBlank(row.opportunityAccessLevel) &&
        !picklists.opportunityLevels.includes(row.opportunityAccessLevel)) ||
      (!isBlank(row.caseAccessLevel) && !picklists.caseLevels.includes(row.caseAccessLevel))
    ) {
      problems.push(
        'Choose the Opportunity and Case access: no access, read only, or read and edit.',
      );
    }
    // The Accounts whose team members join: every Account, or those the condition chooses.
    if (!isBlank(row.conditionField)) {
      if (!fieldOf(await describeOrUndefined(describer, 'Account'), row.conditionField)) {
        problems.push(`Account has no field called ${row.conditionField}.`);
      }
      checkComparison(row, picklists, problems);
    }
    return;
  }
  const knownObject = CONDITION_OBJECTS.includes(row.salesforceObject);
  if (!knownObject) problems.push('Choose the object: Opportunity, Account, Lead or Contact.');
  if (isBlank(row.conditionField)) {
    problems.push('Choose the field of the condition.');
  } else if (
    knownObject &&
    !fieldOf(await describeOrUndefined(describer, row.salesforceObject), row.conditionField)
  ) {
    problems.push(`${row.salesforceObject} has no field called ${row.conditionField}.`);
  }
  checkComparison(row, picklists, problems);
  if (row.ruleType === 'CONDITION_TO_ATTRIBUTE') {
    const identity = isBlank(row.oktaAttribute)
      ? undefined
      : identityAttribute(String(row.oktaAttribute));
    if (isBlank(row.oktaAttribute) || !PROFILE_ATTRIBUTE.test(row.oktaAttribute)) {
      problems.push('Choose the Okta profile attribute to set.');
    } else if (identity) {
      problems.push(
        `${identityWords(identity)}: anyone who can edit the matching records could take over the Okta account, so Salesforce never writes it. Choose another attribute.`,
      );
    }
    if (isBlank(row.attributeValue)) problems.push('Give the value the Okta attribute gets.');
  }
}

/** @param {any} row @param {any} picklists @param {string[]} problems */
function checkComparison(row, picklists, problems) {
  if (!picklists.operators.includes(row.conditionOperator)) {
    problems.push('Choose how the field is compared.');
  } else if (row.conditionOperator !== 'NOT_NULL' && isBlank(row.conditionValue)) {
    problems.push('The condition needs a value to compare with.');
  }
}

/** NotificationRuleRow.toFieldValues(). */
export function notificationRuleFieldValues(/** @type {any} */ row) {
  return {
    Event__c: row.event ?? null,
    Scope_Field__c: blankToNull(row.scopeField),
    // A rule without a scope field keeps no comparison.
    Scope_Operator__c: isBlank(row.scopeField) ? null : blankToNull(row.scopeOperator),
    Scope_Value__c: isBlank(row.scopeField) ? null : blankToNull(row.scopeValue),
    Channel__c: row.channel ?? null,
    Recipient_Type__c: blankToNull(row.recipientType),
    Recipients__c: blankToNull(row.recipients),
    Message_Template__c: blankToNull(row.messageTemplate),
    Digest__c: row.digest === true,
    Quiet_Period_Minutes__c: row.quietPeriodMinutes ?? null,
    Active__c: row.active !== false,
  };
}

/** OktaConfigDeployService.validateNotificationRules: the same checks, messages and order. */
export async function validateNotificationRules(
  /** @type {any[]} */ rows,
  /** @type {Describer} */ describer,
) {
  if (!rows || rows.length === 0) return ['There is no notification rule to save.'];
  const mdt = await describer.describe(NOTIFICATION_TYPE);
  const picklists = {
    channels: picklistValues(fieldOf(mdt, 'Channel__c')),
    recipientTypes: picklistValues(fieldOf(mdt, 'Recipient_Type__c')),
    operators: picklistValues(fieldOf(mdt, 'Scope_Operator__c')),
  };
  const contact = await describeOrUndefined(describer, 'Contact');
  /** @type {string[]} */ const problems = [];
  const names = new Set();
  let position = 0;
  for (const row of rows) {
    position++;
    const prefix = `Notification ${position} (${isBlank(row.label) ? row.developerName : row.label}): `;
    /** @type {string[]} */ const ruleProblems = [];
    checkName(row.developerName, row.label, names, ruleProblems);
    checkNotificationRule(row, picklists, contact, ruleProblems);
    problems.push(...ruleProblems.map((problem) => prefix + problem));
  }
  return problems;
}

/**
 * @param {any} row @param {Record<'channels' | 'recipientTypes' | 'operators', string[]>} picklists
 * @param {any} contact the Contact describe @param {string[]} problems
 */
function checkNotificationRule(row, picklists, contact, problems) {
  const knownEvent = Object.hasOwn(EVENT_FIELDS, row.event ?? '');
  if (!knownEvent) problems.push('Choose the event the rule tells about.');
  if (!picklists.channels.includes(row.channel)) {
    problems.push('Choose the channel: Salesforce notification, email or webhook.');
  } else {
    checkRecipients(row, knownEvent, picklists, problems);
  }
  if (isBlank(row.scopeField)) {
    if (!isBlank(row.scopeValue)) {
      problems.push('Choose the Contact field of the scope, or clear the scope.');
    }
  } else {
    if (!fieldOf(contact, row.scopeField)) {
      problems.push(`Contact has no field called ${row.scopeField}.`);
    }
    if (!picklists.operators.includes(row.scopeOperator)) {
      problems.push('Choose how the field is compared.');
    } else if (row.scopeOperator !== 'NOT_NULL' && isBlank(row.scopeValue)) {
      problems.push('The scope needs a value to compare with.');
    }
  }
  if (knownEvent && !isBlank(row.messageTemplate)) {
    checkTemplate(String(row.messageTemplate), row.event, contact, problems);
  }
  const quiet = row.quietPeriodMinutes;
  if (quiet !== null && quiet !== undefined && (quiet < 0 || quiet > MAX_QUIET_MINUTES)) {
    problems.push(`The quiet period is a whole number of minutes from 0 to ${MAX_QUIET_MINUTES}.`);
  }
}

/** @param {any} row @param {boolean} knownEvent @param {any} picklists @param {string[]} problems */
function checkRecipients(row, knownEvent, picklists, problems) {
  if (row.channel === 'WEBHOOK') {
    if (!isBlank(row.recipientType) || !isBlank(row.recipients)) {
      problems.push(
        'The webhook posts to the address the service is configured with: leave the recipients empty.',
      );
    }
    return;
  }
  if (!picklists.recipientTypes.includes(row.recipientType)) {
    problems.push('Choose who receives the notification.');
    return;
  }
  if (row.recipientType === 'USERS') {
    const ids = String(row.recipients ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean);
    if (ids.length === 0) problems.push('List the Salesforce user ids (005…) who receive it.');
    for (const id of ids) {
      if (!USER_ID.test(id)) problems.push(`${id} is not a Salesforce user id (005…).`);
    }
  } else if (row.recipientType === 'GROUP' || row.recipientType === 'QUEUE') {
    const ref = String(row.recipients ?? '').trim();
    if (!GROUP_ID.test(ref) && !GROUP_NAME.test(ref)) {
      problems.push(
        `Give the ${row.recipientType === 'GROUP' ? 'public group' : 'queue'}’s id (00G…) or API name.`,
      );
    }
  } else {
    if (!isBlank(row.recipients)) {
      problems.push('The owner is read from the record: leave the recipient list empty.');
    }
    const grantEvent = row.event === 'GRANT_APPLIED' || row.event === 'GRANT_ENDED';
    if (knownEvent && row.recipientType === 'CASE_OWNER' && !grantEvent) {
      problems.push(
        'Only grants belong to a Case: the Case owner can hear of Grant applied or Grant ended.',
      );
    }
    if (row.recipientType === 'RECORD_OWNER' && row.event === 'ACCESS_CHANGED') {
      problems.push(
        'An access change is about a Salesforce user, not a Contact: choose other recipients.',
      );
    }
  }
}

/** @param {string} template @param {string} event @param {any} contact @param {string[]} problems */
function checkTemplate(template, event, contact, problems) {
  const allowed = [...NOTIFICATION_FIELDS, ...(EVENT_FIELDS[event] ?? [])];
  let closedUpTo = 0;
  for (const match of template.matchAll(/\{\{([^}]*)\}\}/g)) {
    closedUpTo = (match.index ?? 0) + match[0].length;
    const field = String(match[1]).trim();
    const contactField = CONTACT_PLACEHOLDER.exec(field);
    if (contactField && field !== 'contact.id') {
      if (!fieldOf(contact, String(contactField[1]))) {
        problems.push(`Contact has no field called ${contactField[1]}.`);
      }
    } else if (!allowed.includes(field)) {
      problems.push(
        `{{${field}}} is not a field of this event: use ${allowed.join(', ')} or contact.<Field>.`,
      );
    }
  }
  if (template.indexOf('{{', closedUpTo) >= 0) {
    problems.push('A {{ in the message is never closed by }}.');
  }
}

/**
 * A Number field, which Apex describes as DOUBLE whatever its scale; the emulated org describes
 * one of scale 0 as int.
 */
const isNumberField = (/** @type {any} */ field) =>
  field?.type === 'double' || field?.type === 'int';

/** Setting values as the form sends them: blanks become null, numbers numbers, names as declared. */
export function normalizeSettings(
  /** @type {Record<string, unknown> | null | undefined} */ values,
  /** @type {any} */ mdt,
) {
  /** @type {Record<string, unknown>} */ const normalized = {};
  for (const [name, given] of Object.entries(values ?? {})) {
    const field = fieldOf(mdt, name);
    let value = given;
    if (typeof value === 'string' && value.trim() === '') value = null;
    else if (isNumberField(field) && typeof value === 'string') {
      const number = Number(value.trim());
      value = Number.isFinite(number) ? number : value;
    }
    normalized[field ? field.name : name] = value;
  }
  return normalized;
}

/**
 * @param {Record<string, unknown>} values @param {any} mdt
 * @param {string[]} [closedLeadStatuses] the org's closed, not converted Lead Status values
 * @returns {string[]}
 */
export function validateSettings(values, mdt, closedLeadStatuses = []) {
  /** @type {string[]} */ const problems = [];
  for (const [name, value] of Object.entries(values)) {
    const field = fieldOf(mdt, name);
    if (!field || !name.endsWith('__c')) {
      problems.push(`Unknown setting ${name}.`);
      continue;
    }
    if (value === null || value === undefined) continue;
    const allowed = picklistValues(field);
    if (field.type === 'picklist' && !allowed.includes(String(value))) {
      problems.push(`${field.label}: ${value} is not one of ${allowed.join(', ')}.`);
    } else if (isNumberField(field) && typeof value !== 'number') {
      problems.push(`${field.label} must be a number.`);
    } else if (isNumberField(field) && /** @type {number} */ (value) < 0) {
      problems.push(`${field.label} cannot be negative.`);
    } else if (field.type === 'boolean' && typeof value !== 'boolean') {
      problems.push(`${field.label} must be true or false.`);
    } else if (typeof value === 'string' && field.length > 0 && value.length > field.length) {
      problems.push(`${field.label} must be at most ${field.length} characters.`);
    }
  }
  for (const percent of ['Blast_Radius_Percent__c', 'Api_Reserve_Percent__c']) {
    const value = values[percent];
    if (typeof value === 'number' && value > 100) {
      problems.push(`${fieldOf(mdt, percent)?.label ?? percent} must be at most 100.`);
    }
  }
  const defaultHours = values['Default_Grant_Hours__c'];
  const maxHours = values['Max_Grant_Hours__c'];
  if (typeof defaultHours === 'number' && typeof maxHours === 'number' && defaultHours > maxHours) {
    problems.push('The default grant duration cannot exceed the maximum grant duration.');
  }
  for (const idField of [
    'Default_Owner_Id__c',
    'Lead_Fallback_Owner_Id__c',
    'Alert_Recipient_Id__c',
  ]) {
    const value = values[idField];
    if (typeof value === 'string' && !isSalesforceId(value)) {
      problems.push(
        `${fieldOf(mdt, idField)?.label ?? idField} must be a 15 or 18 character Salesforce Id.`,
      );
    }
  }
  const closedStatus = values['Lead_Closed_Status__c'];
  if (typeof closedStatus === 'string' && !closedLeadStatuses.includes(closedStatus)) {
    problems.push(
      `Lead Closed Status: ${closedStatus} is not a closed Lead Status of this org: choose one of ${closedLeadStatuses.join(', ')}.`,
    );
  }
  const cron = values['Reconciliation_Cron__c'];
  if (typeof cron === 'string' && cron.trim().split(/\s+/).length !== 5) {
    problems.push(
      'The reconciliation schedule must be a cron expression of five fields, for example 0 2 * * *.',
    );
  }
  return problems;
}

/** @returns {CustomMetadataRecord} */
function metadataRecord(
  /** @type {string} */ type,
  /** @type {string} */ developerName,
  /** @type {unknown} */ label,
  /** @type {Record<string, unknown>} */ values,
) {
  return {
    type,
    developerName,
    label: isBlank(label)
      ? abbreviate(developerName.replaceAll('_', ' '), 40)
      : abbreviate(String(label), 40),
    values,
  };
}

let deployments = 0;

/** An id of the AsyncResult kind (0Af) for the queued deployment. */
function deploymentId() {
  deployments += 1;
  return `0Af5g${String(Date.now() % 1e7).padStart(7, '0')}${String(deployments).padStart(3, '0')}`;
}

/**
 * The save operations of the setup page.
 * @param {{ describer: Describer, query: (soql: string) => Promise<any[]>, deployer: MetadataDeployer, reloadConfig: () => Promise<unknown> }} deps
 */
export function configDeployService(deps) {
  /** @param {string[]} problems */
  const throwIfProblems = (problems) => {
    if (problems.length) throw new AuraHandledError(problems.join('\n'));
  };
  /** The org's closed, not converted Lead Status values, in their order. */
  async function closedLeadStatuses() {
    const rows = await deps.query(
      'SELECT ApiName FROM LeadStatus WHERE IsClosed = true AND IsConverted = false ORDER BY SortOrder',
    );
    return rows.map((row) => String(row.ApiName));
  }
  /** @param {CustomMetadataRecord[]} records */
  async function deploy(records) {
    const id = deploymentId();
    try {
      await deps.deployer.deploy(records);
    } catch (error) {
      throw new AuraHandledError(error instanceof Error ? error.message : String(error));
    }
    // Salesforce publishes Okta_Config_Changed__e when the deployment completes; the preview
    // deploys at once, so it tells the companion directly.
    await deps.reloadConfig();
    return id;
  }
  return {
    /** @param {any[]} rows */
    async saveMappings(rows) {
      throwIfProblems(await validateMappings(rows, deps.describer));
      return deploy(
        rows.map((row) =>
          metadataRecord(MAPPING_TYPE, row.developerName, row.label, mappingFieldValues(row)),
        ),
      );
    },
    /** @param {any[]} rows */
    async saveAccessRules(rows) {
      throwIfProblems(await validateAccessRules(rows, deps.describer));
      return deploy(
        rows.map((row) =>
          metadataRecord(RULE_TYPE, row.developerName, row.label, accessRuleFieldValues(row)),
        ),
      );
    },
    /** @param {any[]} rows */
    async saveNotificationRules(rows) {
      throwIfProblems(await validateNotificationRules(rows, deps.describer));
      return deploy(
        rows.map((row) =>
          metadataRecord(
            NOTIFICATION_TYPE,
            row.developerName,
            row.label,
            notificationRuleFieldValues(row),
          ),
        ),
      );
    },
    closedLeadStatuses,
    /** @param {Record<string, unknown>} values */
    async saveSettings(values) {
      const mdt = await deps.describer.describe(SETTING_TYPE);
      const normalized = normalizeSettings(values, mdt);
      const closing =
        typeof normalized['Lead_Closed_Status__c'] === 'string' ? await closedLeadStatuses() : [];
      throwIfProblems(validateSettings(normalized, mdt, closing));
      return deploy([metadataRecord(SETTING_TYPE, 'Default', 'Default', normalized)]);
    },
  };
}
