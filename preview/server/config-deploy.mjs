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
const MAPPING_OBJECTS = ['Contact', 'Account'];
const CONDITION_OBJECTS = ['Lead', 'Contact', 'Opportunity', 'Account'];
const OKTA_ATTRIBUTE = /^(id|status|profile\.[A-Za-z][A-Za-z0-9_]*)$/;
const PROFILE_ATTRIBUTE = /^profile\.[A-Za-z][A-Za-z0-9_]*$/;
const OKTA_GROUP_ID = /^00g[A-Za-z0-9]{5,37}$/;
const DEVELOPER_NAME = /^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*[A-Za-z0-9]$|^[A-Za-z]$/;

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
 * @param {unknown} developerName @param {unknown} label @param {Set<string>} seen
 * @param {string} prefix @param {string[]} problems
 */
function checkName(developerName, label, seen, prefix, problems) {
  const name = String(developerName ?? '');
  if (isBlank(developerName) || name.length > 40 || !DEVELOPER_NAME.test(name)) {
    problems.push(
      `${prefix}the API name must start with a letter, use letters, digits and single underscores, and be at most 40 characters.`,
    );
  } else if (seen.has(name.toLowerCase())) {
    problems.push(`${prefix}the API name ${name} is used twice.`);
  } else {
    seen.add(name.toLowerCase());
  }
  if (!isBlank(label) && String(label).length > 40) {
    problems.push(`${prefix}the label must be at most 40 characters.`);
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
    const prefix = `Row ${position} (${target}): `;
    checkName(row.developerName, row.label, names, prefix, problems);
    if (!directions.includes(row.direction)) {
      problems.push(`${prefix}choose a direction (${directions.join(', ')}).`);
    }
    if (!MAPPING_OBJECTS.includes(row.salesforceObject)) {
      problems.push(`${prefix}the Salesforce object must be Contact or Account.`);
    } else if (isBlank(row.salesforceField)) {
      problems.push(`${prefix}the Salesforce field is required.`);
    } else {
      const field = fieldOf(
        await describeOrUndefined(describer, row.salesforceObject),
        row.salesforceField,
      );
      if (!field) {
        problems.push(`${prefix}${row.salesforceObject} has no field ${row.salesforceField}.`);
      } else if (row.direction !== 'SALESFORCE_TO_OKTA' && isReadOnlyByNature(field)) {
        problems.push(
          `${prefix}this field is set by Salesforce (formula, auto number or system field) and cannot be written from Okta.`,
        );
      }
    }
    if (isBlank(row.oktaAttribute) || !OKTA_ATTRIBUTE.test(row.oktaAttribute)) {
      problems.push(`${prefix}the Okta attribute must be id, status or profile.<attribute>.`);
    }
    const transform = isBlank(row.transform) ? 'NONE' : row.transform;
    if (!transforms.includes(transform)) {
      problems.push(`${prefix}unknown transform ${transform}.`);
    } else if (transform === 'VALUE_MAP' && !isJsonObject(row.transformArgument)) {
      problems.push(
        `${prefix}VALUE_MAP needs a JSON object argument, for example {"A": "Active"}.`,
      );
    } else if (transform === 'TEMPLATE' && isBlank(row.transformArgument)) {
      problems.push(
        `${prefix}TEMPLATE needs a template argument, for example {profile.firstName} {profile.lastName}.`,
      );
    }
    if (!isBlank(row.sourceOfTruth) && !sources.includes(row.sourceOfTruth)) {
      problems.push(`${prefix}the source of truth must be OKTA or SALESFORCE.`);
    } else if (row.direction === 'BOTH' && isBlank(row.sourceOfTruth)) {
      problems.push(`${prefix}a two-way mapping needs a source of truth (OKTA or SALESFORCE).`);
    }
    if (
      row.isMatchKey === true &&
      (row.matchPriority === null ||
        row.matchPriority === undefined ||
        row.matchPriority < 0 ||
        row.matchPriority > 99)
    ) {
      problems.push(`${prefix}a match key needs a match priority between 0 and 99.`);
    }
    if (row.defaultValue != null && String(row.defaultValue).length > 255) {
      problems.push(`${prefix}the default value must be at most 255 characters.`);
    }
    if (
      row.active !== false &&
      row.direction !== 'SALESFORCE_TO_OKTA' &&
      !isBlank(row.salesforceField)
    ) {
      const key = `${row.salesforceObject}.${row.salesforceField}`.toLowerCase();
      if (targets.has(key))
        problems.push(`${prefix}another active mapping already writes this field from Okta.`);
      targets.add(key);
    }
  }
  return problems;
}

/** @param {any[] | null | undefined} rows @param {Describer} describer @returns {Promise<string[]>} */
export async function validateAccessRules(rows, describer) {
  if (!rows || rows.length === 0) return ['There is no access rule to save.'];
  const mdt = await describer.describe(RULE_TYPE);
  const ruleTypes = picklistValues(fieldOf(mdt, 'Rule_Type__c'));
  const accountLevels = picklistValues(fieldOf(mdt, 'Account_Access_Level__c'));
  const otherLevels = picklistValues(fieldOf(mdt, 'Opportunity_Access_Level__c'));
  const operators = picklistValues(fieldOf(mdt, 'Condition_Operator__c'));
  /** @type {string[]} */ const problems = [];
  const names = new Set();
  let position = 0;
  for (const row of rows) {
    position++;
    const prefix = `Rule ${position} (${isBlank(row.label) ? row.developerName : row.label}): `;
    checkName(row.developerName, row.label, names, prefix, problems);
    if (!ruleTypes.includes(row.ruleType)) {
      problems.push(`${prefix}choose a rule type (${ruleTypes.join(', ')}).`);
      continue;
    }
    if (
      row.ruleType !== 'CONDITION_TO_ATTRIBUTE' &&
      (isBlank(row.oktaGroupId) || !OKTA_GROUP_ID.test(row.oktaGroupId))
    ) {
      problems.push(
        `${prefix}the Okta group id must look like 00g… (copy it from the Okta Admin Console).`,
      );
    }
    if (row.ruleType === 'GROUP_TO_ACCOUNT_TEAM') {
      if (isBlank(row.accountTeamRole))
        problems.push(`${prefix}the account team role is required.`);
      if (!accountLevels.includes(row.accountAccessLevel)) {
        problems.push(`${prefix}the account access level must be Read or Edit.`);
      }
      for (const level of [row.opportunityAccessLevel, row.caseAccessLevel]) {
        if (!isBlank(level) && !otherLevels.includes(level)) {
          problems.push(`${prefix}opportunity and case access must be None, Read or Edit.`);
        }
      }
      continue;
    }
    if (!CONDITION_OBJECTS.includes(row.salesforceObject)) {
      problems.push(
        `${prefix}the Salesforce object must be Lead, Contact, Opportunity or Account.`,
      );
    } else if (
      isBlank(row.conditionField) ||
      !fieldOf(await describeOrUndefined(describer, row.salesforceObject), row.conditionField)
    ) {
      problems.push(`${prefix}${row.salesforceObject} has no field ${row.conditionField}.`);
    }
    if (!operators.includes(row.conditionOperator)) {
      problems.push(`${prefix}choose a condition operator (${operators.join(', ')}).`);
    } else if (row.conditionOperator !== 'NOT_NULL' && isBlank(row.conditionValue)) {
      problems.push(`${prefix}the condition needs a value.`);
    }
    if (row.ruleType === 'CONDITION_TO_ATTRIBUTE') {
      if (isBlank(row.oktaAttribute) || !PROFILE_ATTRIBUTE.test(row.oktaAttribute)) {
        problems.push(`${prefix}the Okta attribute must be profile.<attribute>.`);
      }
      if (isBlank(row.attributeValue)) problems.push(`${prefix}the attribute value is required.`);
    }
  }
  return problems;
}

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
    else if (field?.type === 'double' && typeof value === 'string') {
      const number = Number(value.trim());
      value = Number.isFinite(number) ? number : value;
    }
    normalized[field ? field.name : name] = value;
  }
  return normalized;
}

/** @param {Record<string, unknown>} values @param {any} mdt @returns {string[]} */
export function validateSettings(values, mdt) {
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
    } else if (field.type === 'double' && typeof value !== 'number') {
      problems.push(`${field.label} must be a number.`);
    } else if (field.type === 'double' && /** @type {number} */ (value) < 0) {
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
 * @param {{ describer: Describer, deployer: MetadataDeployer, reloadConfig: () => Promise<unknown> }} deps
 */
export function configDeployService(deps) {
  /** @param {string[]} problems */
  const throwIfProblems = (problems) => {
    if (problems.length) throw new AuraHandledError(problems.join('\n'));
  };
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
    /** @param {Record<string, unknown>} values */
    async saveSettings(values) {
      const mdt = await deps.describer.describe(SETTING_TYPE);
      const normalized = normalizeSettings(values, mdt);
      throwIfProblems(validateSettings(normalized, mdt));
      return deploy([metadataRecord(SETTING_TYPE, 'Default', 'Default', normalized)]);
    },
  };
}
