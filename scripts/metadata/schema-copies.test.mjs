// The configuration schema has one source, the force-app XML of the three Custom Metadata types.
// Every list that restates it elsewhere (companion, Apex, the editors, the preview) is read here
// and compared with the XML, so a field or picklist value added, removed or renamed in one place
// only fails this test, naming the copy and the difference. The lists the XML does not hold
// (objects a mapping or rule may name, Okta's sign-in attributes) are compared with the
// companion's. The fixture drifted-schema-copies shows each kind of copy failing.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import {
  apexMapKeys,
  apexProperties,
  apexSoqlFields,
  apexStringMap,
  apexStringSet,
  blockAfter,
  bodyOf,
  comparedValues,
  constList,
  describeDifference,
  jsSoqlFields,
  listTable,
  nestedWords,
  objectKeys,
  objectStrings,
  returnedObjectKeys,
  sourceFieldReads,
  stringLiterals,
  xmlSchema,
} from './schema-copies.mjs';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURE = path.join(ROOT, 'scripts/metadata/fixtures/drifted-schema-copies');

const MAPPING = 'Okta_Field_Mapping__mdt';
const RULE = 'Okta_Access_Rule__mdt';
const SETTING = 'Okta_Sync_Setting__mdt';
const NOTICE = 'Okta_Notification_Rule__mdt';

const COMPANION_TYPES = 'companion/src/mapping/types.ts';
const COMPANION_ROWS = 'companion/src/mapping/config-rows.ts';
const COMPANION_IDENTITY = 'companion/src/mapping/identity-attributes.ts';
const APEX_SERVICE = 'force-app/main/default/classes/OktaConfigDeployService.cls';
const APEX_CONTROLLER = 'force-app/main/default/classes/OktaSyncSetupController.cls';
const LWC = 'force-app/main/default/lwc';
const LWC_MAPPING_RULES = `${LWC}/oktaMappingEditor/mappingRules.js`;
const LWC_MAPPING_EDITOR = `${LWC}/oktaMappingEditor/oktaMappingEditor.js`;
const LWC_MAPPING_WORDS = `${LWC}/oktaMappingWords/oktaMappingWords.js`;
const LWC_RULE_WORDS = `${LWC}/oktaRuleWords/oktaRuleWords.js`;
const LWC_RULE_EDITOR = `${LWC}/oktaAccessRuleEditor/oktaAccessRuleEditor.js`;
const LWC_RULE_FORM = `${LWC}/oktaAccessRuleForm/oktaAccessRuleForm.js`;
const LWC_CHECKS = `${LWC}/oktaConfigChecks/oktaConfigChecks.js`;
const LWC_SETTINGS = `${LWC}/oktaSyncSettings/oktaSyncSettings.js`;
const COMPANION_NOTICE_TYPES = 'companion/src/notifications/rule-types.ts';
const COMPANION_NOTICE_ROWS = 'companion/src/notifications/rule-rows.ts';
const COMPANION_NOTICE_TEMPLATE = 'companion/src/notifications/message-template.ts';
const LWC_NOTICE_WORDS = `${LWC}/oktaNotificationWords/oktaNotificationWords.js`;
const LWC_NOTICE_EDITOR = `${LWC}/oktaNotificationRuleEditor/oktaNotificationRuleEditor.js`;
const PREVIEW_DEPLOY = 'preview/server/config-deploy.mjs';
const PREVIEW_BINDINGS = 'preview/server/apex-bindings.mjs';

/** Row properties that hold a picklist value, and the field each one is saved to. */
const PICKLIST_PROPERTIES = {
  direction: `${MAPPING}.Direction__c`,
  transform: `${MAPPING}.Transform__c`,
  sourceOfTruth: `${MAPPING}.Source_Of_Truth__c`,
  ruleType: `${RULE}.Rule_Type__c`,
  conditionOperator: `${RULE}.Condition_Operator__c`,
  accountAccessLevel: `${RULE}.Account_Access_Level__c`,
  event: `${NOTICE}.Event__c`,
  channel: `${NOTICE}.Channel__c`,
  recipientType: `${NOTICE}.Recipient_Type__c`,
  scopeOperator: `${NOTICE}.Scope_Operator__c`,
};

/**
 * @typedef {object} CopyCheck
 * @property {string} copy      where the copy is and what it is
 * @property {string} source    what it copies
 * @property {string[]} copied
 * @property {string[]} declared
 * @property {boolean} [subset] the copy may name fewer values than the source, never others
 */

/** @param {string} root */
function reader(root) {
  return (/** @type {string} */ file) => readFileSync(path.join(root, file), 'utf8');
}

/** The sentences of the checks that fail. @param {CopyCheck[]} checks */
function problemsOf(checks) {
  return checks
    .map((c) =>
      describeDifference(
        c.copy,
        c.source,
        c.copied,
        c.subset ? c.declared.filter((v) => c.copied.includes(v)) : c.declared,
      ),
    )
    .filter((problem) => problem !== undefined);
}

/** @param {string[]} names */
const custom = (names) => names.filter((name) => name.endsWith('__c'));

/** Every copy of the schema in this repository, with what the XML declares for it. */
function repositoryChecks() {
  const read = reader(ROOT);
  const schema = {
    [MAPPING]: xmlSchema(ROOT, MAPPING),
    [RULE]: xmlSchema(ROOT, RULE),
    [SETTING]: xmlSchema(ROOT, SETTING),
    [NOTICE]: xmlSchema(ROOT, NOTICE),
  };
  const fields = (/** @type {string} */ type) => [...schema[type].keys()];
  const values = (/** @type {string} */ qualified) => {
    const [type = '', field = ''] = qualified.split('.');
    const declared = schema[type]?.get(field);
    if (!declared) throw new Error(`${qualified} is not in the XML`);
    return declared.values;
  };
  /** @type {CopyCheck[]} */
  const checks = [];
  const picklist = (
    /** @type {string} */ file,
    /** @type {string} */ what,
    /** @type {string[]} */ copied,
    /** @type {string} */ field,
  ) => checks.push({ copy: `${file} ${what}`, source: field, copied, declared: values(field) });
  const fieldList = (
    /** @type {string} */ file,
    /** @type {string} */ what,
    /** @type {string[]} */ copied,
    /** @type {string} */ type,
  ) =>
    checks.push({
      copy: `${file} ${what}`,
      source: `the fields of ${type}`,
      copied: custom(copied),
      declared: fields(type),
    });

  // Companion: the value lists the loader validates with, the SOQL and the row schemas.
  const types = read(COMPANION_TYPES);
  picklist(
    COMPANION_TYPES,
    'DIRECTIONS',
    constList(types, 'DIRECTIONS'),
    `${MAPPING}.Direction__c`,
  );
  picklist(
    COMPANION_TYPES,
    'TRANSFORMS',
    constList(types, 'TRANSFORMS'),
    `${MAPPING}.Transform__c`,
  );
  picklist(
    COMPANION_TYPES,
    'SOURCES_OF_TRUTH',
    constList(types, 'SOURCES_OF_TRUTH'),
    `${MAPPING}.Source_Of_Truth__c`,
  );
  picklist(COMPANION_TYPES, 'RULE_TYPES', constList(types, 'RULE_TYPES'), `${RULE}.Rule_Type__c`);
  picklist(
    COMPANION_TYPES,
    'CONDITION_OPERATORS',
    constList(types, 'CONDITION_OPERATORS'),
    `${RULE}.Condition_Operator__c`,
  );
  picklist(
    COMPANION_TYPES,
    'ACCOUNT_ACCESS_LEVELS',
    constList(types, 'ACCOUNT_ACCESS_LEVELS'),
    `${RULE}.Account_Access_Level__c`,
  );
  picklist(
    COMPANION_TYPES,
    'RELATED_ACCESS_LEVELS',
    constList(types, 'RELATED_ACCESS_LEVELS'),
    `${RULE}.Opportunity_Access_Level__c`,
  );
  picklist(
    COMPANION_TYPES,
    'RELATED_ACCESS_LEVELS',
    constList(types, 'RELATED_ACCESS_LEVELS'),
    `${RULE}.Case_Access_Level__c`,
  );
  picklist(
    COMPANION_TYPES,
    'ACCOUNT_STRATEGIES',
    constList(types, 'ACCOUNT_STRATEGIES'),
    `${SETTING}.Account_Strategy__c`,
  );
  picklist(
    COMPANION_TYPES,
    'DEPROVISION_CASE_ACTIONS',
    constList(types, 'DEPROVISION_CASE_ACTIONS'),
    `${SETTING}.Deprovision_Case_Action__c`,
  );
  const rows = read(COMPANION_ROWS);
  fieldList(
    COMPANION_ROWS,
    'FIELD_MAPPING_FIELDS',
    constList(rows, 'FIELD_MAPPING_FIELDS'),
    MAPPING,
  );
  fieldList(COMPANION_ROWS, 'ACCESS_RULE_FIELDS', constList(rows, 'ACCESS_RULE_FIELDS'), RULE);
  fieldList(COMPANION_ROWS, 'SYNC_SETTING_FIELDS', constList(rows, 'SYNC_SETTING_FIELDS'), SETTING);
  fieldList(COMPANION_ROWS, 'fieldMappingRow', objectKeys(rows, 'fieldMappingRow'), MAPPING);
  fieldList(COMPANION_ROWS, 'accessRuleRow', objectKeys(rows, 'accessRuleRow'), RULE);
  fieldList(COMPANION_ROWS, 'syncSettingRow', objectKeys(rows, 'syncSettingRow'), SETTING);

  // Apex: the queries of the setup page, the rows it edits, the values it compares with.
  const controller = read(APEX_CONTROLLER);
  for (const type of [MAPPING, RULE, SETTING, NOTICE]) {
    const queries = apexSoqlFields(controller, type);
    assert.ok(queries.length > 0, `${APEX_CONTROLLER} queries ${type}`);
    queries.forEach((selected, i) =>
      fieldList(APEX_CONTROLLER, `query ${i + 1} of ${type}`, selected, type),
    );
  }
  const service = read(APEX_SERVICE);
  for (const [rowClass, type] of [
    ['MappingRow', MAPPING],
    ['AccessRuleRow', RULE],
    ['NotificationRuleRow', NOTICE],
  ]) {
    const block = blockAfter(service, `public class ${rowClass}`);
    fieldList(
      APEX_SERVICE,
      `${rowClass}(source)`,
      sourceFieldReads(bodyOf(block, `public ${rowClass}`, '\\w+ source')),
      type,
    );
    fieldList(
      APEX_SERVICE,
      `${rowClass}.toFieldValues()`,
      apexMapKeys(blockAfter(block, 'toFieldValues()')),
      type,
    );
  }
  fieldList(
    APEX_SERVICE,
    'validateSettings (field names it names)',
    stringLiterals(bodyOf(service, 'List<String> validateSettings')).filter((s) =>
      /^[A-Z]\w*__c$/.test(s),
    ),
    SETTING,
  );
  checks[checks.length - 1].subset = true;

  // Where a row's picklist property is compared with a value, the value must be in the XML.
  for (const file of [
    APEX_SERVICE,
    LWC_MAPPING_RULES,
    LWC_RULE_WORDS,
    LWC_RULE_FORM,
    LWC_NOTICE_WORDS,
    PREVIEW_DEPLOY,
  ]) {
    const compared = comparedValues(read(file), Object.keys(PICKLIST_PROPERTIES));
    for (const [property, field] of Object.entries(PICKLIST_PROPERTIES)) {
      const copied = [
        ...new Set(compared.filter((c) => c.property === property).map((c) => c.value)),
      ];
      if (copied.length)
        checks.push({
          copy: `${file} comparisons of ${property}`,
          source: field,
          copied,
          declared: values(field),
          subset: true,
        });
    }
  }

  // The editors: value lists, their words, the settings form, the row properties sent to Apex.
  const mappingRules = read(LWC_MAPPING_RULES);
  picklist(
    LWC_MAPPING_RULES,
    'DIRECTIONS',
    constList(mappingRules, 'DIRECTIONS'),
    `${MAPPING}.Direction__c`,
  );
  picklist(
    LWC_MAPPING_RULES,
    'TRANSFORMS',
    constList(mappingRules, 'TRANSFORMS'),
    `${MAPPING}.Transform__c`,
  );
  picklist(
    LWC_MAPPING_RULES,
    'SOURCES_OF_TRUTH',
    constList(mappingRules, 'SOURCES_OF_TRUTH'),
    `${MAPPING}.Source_Of_Truth__c`,
  );
  const mappingWords = read(LWC_MAPPING_WORDS);
  picklist(
    LWC_MAPPING_WORDS,
    'TRANSFORM_WORDS',
    objectKeys(mappingWords, 'TRANSFORM_WORDS'),
    `${MAPPING}.Transform__c`,
  );
  picklist(
    LWC_MAPPING_WORDS,
    'DIRECTION_WORDS',
    objectKeys(mappingWords, 'DIRECTION_WORDS'),
    `${MAPPING}.Direction__c`,
  );
  picklist(
    LWC_MAPPING_WORDS,
    'SOURCE_OF_TRUTH_WORDS',
    objectKeys(mappingWords, 'SOURCE_OF_TRUTH_WORDS'),
    `${MAPPING}.Source_Of_Truth__c`,
  );
  const ruleWords = read(LWC_RULE_WORDS);
  picklist(
    LWC_RULE_WORDS,
    'RULE_TYPES',
    constList(ruleWords, 'RULE_TYPES'),
    `${RULE}.Rule_Type__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'RULE_TYPE_WORDS',
    objectKeys(ruleWords, 'RULE_TYPE_WORDS'),
    `${RULE}.Rule_Type__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'OPERATOR_WORDS',
    objectKeys(ruleWords, 'OPERATOR_WORDS'),
    `${RULE}.Condition_Operator__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'ACCESS_WORDS',
    objectKeys(ruleWords, 'ACCESS_WORDS'),
    `${RULE}.Case_Access_Level__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'ACCOUNT_ACCESS_LEVELS',
    constList(ruleWords, 'ACCOUNT_ACCESS_LEVELS'),
    `${RULE}.Account_Access_Level__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'RELATED_ACCESS_LEVELS',
    constList(ruleWords, 'RELATED_ACCESS_LEVELS'),
    `${RULE}.Opportunity_Access_Level__c`,
  );
  picklist(
    LWC_RULE_WORDS,
    'RELATED_ACCESS_LEVELS',
    constList(ruleWords, 'RELATED_ACCESS_LEVELS'),
    `${RULE}.Case_Access_Level__c`,
  );
  const settingsForm = read(LWC_SETTINGS);
  const settingEntries = [
    ...blockAfter(settingsForm, 'const SECTIONS').matchAll(/\{[^{}]*?name: '(\w+__c)'[^{}]*?\}/g),
  ];
  fieldList(
    LWC_SETTINGS,
    'SECTIONS',
    settingEntries.map((m) => m[1] ?? ''),
    SETTING,
  );
  for (const [entry, name = ''] of settingEntries) {
    const options = /options\(\[([^\]]*)\]\)/.exec(entry);
    if (options)
      picklist(
        LWC_SETTINGS,
        `options of ${name}`,
        stringLiterals(options[1] ?? ''),
        `${SETTING}.${name}`,
      );
    const max = /max: (\d+)/.exec(entry);
    const length = schema[SETTING].get(name)?.length;
    if (max && length !== undefined && Number(max[1]) !== length) {
      checks.push({
        copy: `${LWC_SETTINGS} max of ${name}`,
        source: `the length of ${SETTING}.${name}`,
        copied: [max[1] ?? ''],
        declared: [String(length)],
      });
    }
  }
  const apexRow = (/** @type {string} */ rowClass) =>
    apexProperties(blockAfter(service, `public class ${rowClass}`));
  checks.push({
    copy: `${LWC_MAPPING_EDITOR} ROW_FIELDS`,
    source: 'OktaConfigDeployService.MappingRow',
    copied: constList(read(LWC_MAPPING_EDITOR), 'ROW_FIELDS'),
    declared: apexRow('MappingRow'),
  });
  checks.push({
    copy: `${LWC_RULE_EDITOR} ROW_FIELDS`,
    source: 'OktaConfigDeployService.AccessRuleRow',
    copied: constList(read(LWC_RULE_EDITOR), 'ROW_FIELDS'),
    declared: apexRow('AccessRuleRow'),
  });

  // Notification rules: the companion's lists, the editor's words and rows.
  const noticeTypes = read(COMPANION_NOTICE_TYPES);
  const noticeWords = read(LWC_NOTICE_WORDS);
  for (const [list, field] of [
    ['NOTIFICATION_EVENTS', 'Event__c'],
    ['NOTIFICATION_CHANNELS', 'Channel__c'],
    ['RECIPIENT_TYPES', 'Recipient_Type__c'],
  ]) {
    picklist(COMPANION_NOTICE_TYPES, list, constList(noticeTypes, list), `${NOTICE}.${field}`);
    picklist(LWC_NOTICE_WORDS, list, constList(noticeWords, list), `${NOTICE}.${field}`);
  }
  for (const [words, field] of [
    ['EVENT_WORDS', 'Event__c'],
    ['CHANNEL_WORDS', 'Channel__c'],
    ['RECIPIENT_WORDS', 'Recipient_Type__c'],
    ['SCOPE_OPERATOR_WORDS', 'Scope_Operator__c'],
  ]) {
    picklist(LWC_NOTICE_WORDS, words, objectKeys(noticeWords, words), `${NOTICE}.${field}`);
  }
  const noticeRows = read(COMPANION_NOTICE_ROWS);
  fieldList(
    COMPANION_NOTICE_ROWS,
    'NOTIFICATION_RULE_FIELDS',
    constList(noticeRows, 'NOTIFICATION_RULE_FIELDS'),
    NOTICE,
  );
  fieldList(
    COMPANION_NOTICE_ROWS,
    'notificationRuleRow',
    objectKeys(noticeRows, 'notificationRuleRow'),
    NOTICE,
  );
  checks.push({
    copy: `${LWC_NOTICE_EDITOR} ROW_FIELDS`,
    source: 'OktaConfigDeployService.NotificationRuleRow',
    copied: constList(read(LWC_NOTICE_EDITOR), 'ROW_FIELDS'),
    declared: apexRow('NotificationRuleRow'),
  });

  // The preview's stand-ins for the Apex.
  const previewDeploy = read(PREVIEW_DEPLOY);
  fieldList(
    PREVIEW_DEPLOY,
    'mappingFieldValues()',
    returnedObjectKeys(previewDeploy, 'mappingFieldValues'),
    MAPPING,
  );
  fieldList(
    PREVIEW_DEPLOY,
    'accessRuleFieldValues()',
    returnedObjectKeys(previewDeploy, 'accessRuleFieldValues'),
    RULE,
  );
  const bindings = read(PREVIEW_BINDINGS);
  fieldList(PREVIEW_BINDINGS, 'SETTING_FIELDS', constList(bindings, 'SETTING_FIELDS'), SETTING);
  fieldList(PREVIEW_BINDINGS, `query of ${MAPPING}`, jsSoqlFields(bindings, MAPPING), MAPPING);
  fieldList(PREVIEW_BINDINGS, `query of ${RULE}`, jsSoqlFields(bindings, RULE), RULE);
  fieldList(PREVIEW_BINDINGS, `query of ${NOTICE}`, jsSoqlFields(bindings, NOTICE), NOTICE);
  fieldList(
    PREVIEW_BINDINGS,
    'notificationRuleRow(source)',
    sourceFieldReads(bodyOf(bindings, 'function notificationRuleRow')),
    NOTICE,
  );
  fieldList(
    PREVIEW_DEPLOY,
    'notificationRuleFieldValues()',
    returnedObjectKeys(previewDeploy, 'notificationRuleFieldValues'),
    NOTICE,
  );
  fieldList(
    PREVIEW_BINDINGS,
    'mappingRow(source)',
    sourceFieldReads(bodyOf(bindings, 'function mappingRow')),
    MAPPING,
  );
  fieldList(
    PREVIEW_BINDINGS,
    'accessRuleRow(source)',
    sourceFieldReads(bodyOf(bindings, 'function accessRuleRow')),
    RULE,
  );

  // Lists the XML does not hold: the companion's are the reference.
  const mappedObjects = constList(types, 'MAPPED_OBJECTS');
  const conditionObjects = constList(types, 'CONDITION_OBJECTS');
  const objectCopies = [
    [`${APEX_SERVICE} MAPPING_OBJECTS`, apexStringSet(service, 'MAPPING_OBJECTS'), mappedObjects],
    [
      `${APEX_SERVICE} CONDITION_OBJECTS`,
      apexStringSet(service, 'CONDITION_OBJECTS'),
      conditionObjects,
    ],
    [
      `${LWC_MAPPING_RULES} MAPPED_OBJECTS`,
      constList(mappingRules, 'MAPPED_OBJECTS'),
      mappedObjects,
    ],
    [
      `${LWC_RULE_WORDS} CONDITION_OBJECTS`,
      constList(ruleWords, 'CONDITION_OBJECTS'),
      conditionObjects,
    ],
    [
      `${PREVIEW_DEPLOY} MAPPING_OBJECTS`,
      constList(previewDeploy, 'MAPPING_OBJECTS'),
      mappedObjects,
    ],
    [
      `${PREVIEW_DEPLOY} CONDITION_OBJECTS`,
      constList(previewDeploy, 'CONDITION_OBJECTS'),
      conditionObjects,
    ],
  ];
  for (const [copy, copied, declared] of objectCopies) {
    checks.push({
      copy: String(copy),
      source: `${COMPANION_TYPES} ${declared === mappedObjects ? 'MAPPED_OBJECTS' : 'CONDITION_OBJECTS'}`,
      copied: /** @type {string[]} */ (copied),
      declared: /** @type {string[]} */ (declared),
    });
  }
  const entries = (/** @type {Record<string, string>} */ map) =>
    Object.entries(map).map(([key, words]) => `${key}: ${words}`);
  const identity = entries(objectStrings(read(COMPANION_IDENTITY), 'OKTA_IDENTITY_ATTRIBUTES'));
  for (const [copy, copied] of [
    [
      `${APEX_SERVICE} OKTA_IDENTITY_ATTRIBUTES`,
      apexStringMap(service, 'OKTA_IDENTITY_ATTRIBUTES'),
    ],
    [
      `${LWC_CHECKS} OKTA_IDENTITY_ATTRIBUTES`,
      objectStrings(read(LWC_CHECKS), 'OKTA_IDENTITY_ATTRIBUTES'),
    ],
    [
      `${PREVIEW_DEPLOY} OKTA_IDENTITY_ATTRIBUTES`,
      objectStrings(previewDeploy, 'OKTA_IDENTITY_ATTRIBUTES'),
    ],
  ]) {
    checks.push({
      copy: String(copy),
      source: `${COMPANION_IDENTITY} OKTA_IDENTITY_ATTRIBUTES`,
      copied: entries(/** @type {Record<string, string>} */ (copied)),
      declared: identity,
    });
  }

  // The placeholders of notification messages: the companion's are the reference.
  const template = read(COMPANION_NOTICE_TEMPLATE);
  const commonFields = constList(template, 'COMMON_FIELDS');
  const eventFields = listTable(template, 'EXTRA_FIELDS', 'js');
  const apexFields = stringLiterals(
    blockAfter(service, /List<String> NOTIFICATION_FIELDS\s*=\s*new List<String>/),
  );
  for (const [file, fields, table] of [
    [APEX_SERVICE, apexFields, listTable(service, 'EVENT_FIELDS', 'apex')],
    [
      LWC_NOTICE_WORDS,
      constList(noticeWords, 'NOTIFICATION_FIELDS'),
      listTable(noticeWords, 'EVENT_FIELDS', 'js'),
    ],
    [
      PREVIEW_DEPLOY,
      constList(previewDeploy, 'NOTIFICATION_FIELDS'),
      listTable(previewDeploy, 'EVENT_FIELDS', 'js'),
    ],
  ]) {
    checks.push({
      copy: `${file} NOTIFICATION_FIELDS`,
      source: `${COMPANION_NOTICE_TEMPLATE} COMMON_FIELDS`,
      copied: /** @type {string[]} */ (fields),
      declared: commonFields,
    });
    checks.push({
      copy: `${file} EVENT_FIELDS`,
      source: `${COMPANION_NOTICE_TEMPLATE} EXTRA_FIELDS`,
      copied: /** @type {string[]} */ (table),
      declared: eventFields,
    });
  }

  // The transform tables the save check and the editor share: the editor's are the reference.
  const transformWords = nestedWords(mappingWords, 'TRANSFORM_WORDS');
  const typeTable = listTable(mappingRules, 'TYPES_BY_TRANSFORM', 'js');
  const typeWords = entries(objectStrings(mappingRules, 'TYPE_WORDS'));
  checks.push({
    copy: `${LWC_MAPPING_RULES} TYPES_BY_TRANSFORM (transforms)`,
    source: `${MAPPING}.Transform__c`,
    copied: objectKeys(mappingRules, 'TYPES_BY_TRANSFORM'),
    declared: values(`${MAPPING}.Transform__c`),
    subset: true,
  });
  for (const [file, language] of [
    [APEX_SERVICE, 'apex'],
    [PREVIEW_DEPLOY, 'js'],
  ]) {
    const source = read(file);
    const words =
      language === 'apex'
        ? apexStringMap(source, 'TRANSFORM_WORDS')
        : objectStrings(source, 'TRANSFORM_WORDS');
    const types =
      language === 'apex'
        ? apexStringMap(source, 'TYPE_WORDS')
        : objectStrings(source, 'TYPE_WORDS');
    checks.push({
      copy: `${file} TRANSFORM_WORDS`,
      source: `${LWC_MAPPING_WORDS} TRANSFORM_WORDS`,
      copied: entries(words),
      declared: entries(transformWords),
    });
    checks.push({
      copy: `${file} TYPES_BY_TRANSFORM`,
      source: `${LWC_MAPPING_RULES} TYPES_BY_TRANSFORM`,
      copied: listTable(source, 'TYPES_BY_TRANSFORM', /** @type {'js' | 'apex'} */ (language)),
      declared: typeTable,
    });
    checks.push({
      copy: `${file} TYPE_WORDS`,
      source: `${LWC_MAPPING_RULES} TYPE_WORDS`,
      copied: entries(types),
      declared: typeWords,
    });
  }
  return checks;
}

describe('configuration schema copies', () => {
  const checks = repositoryChecks();

  it('reads every copy (none of them empty)', () => {
    assert.ok(checks.length > 60, `${checks.length} checks`);
    for (const check of checks) assert.ok(check.copied.length > 0, `${check.copy} reads as empty`);
  });

  it('finds every copy equal to the force-app XML (or to the companion, for lists the XML lacks)', () => {
    assert.deepEqual(problemsOf(checks), []);
  });
});

describe('a copy that drifted from the XML (fixture drifted-schema-copies)', () => {
  const read = reader(FIXTURE);
  const schema = xmlSchema(FIXTURE, MAPPING);
  const directions = schema.get('Direction__c')?.values ?? [];
  const fields = [...schema.keys()];
  const service = read('copies/Service.cls');
  const row = blockAfter(service, 'public class MappingRow');
  /** @type {CopyCheck[]} */
  const checks = [
    {
      copy: 'types.ts DIRECTIONS',
      source: 'Direction__c',
      copied: constList(read('copies/types.ts'), 'DIRECTIONS'),
      declared: directions,
    },
    {
      copy: 'Controller.cls query',
      source: MAPPING,
      copied: custom(apexSoqlFields(read('copies/Controller.cls'), MAPPING)[0] ?? []),
      declared: fields,
    },
    {
      copy: 'Service.cls toFieldValues()',
      source: MAPPING,
      copied: apexMapKeys(blockAfter(row, 'toFieldValues()')),
      declared: fields,
    },
    {
      copy: 'Service.cls comparisons of direction',
      source: 'Direction__c',
      copied: comparedValues(service, ['direction']).map((c) => c.value),
      declared: directions,
      subset: true,
    },
    {
      copy: 'mappingWords.js DIRECTION_WORDS',
      source: 'Direction__c',
      copied: objectKeys(read('copies/mappingWords.js'), 'DIRECTION_WORDS'),
      declared: directions,
    },
    {
      copy: 'bindings.mjs MAPPING_FIELDS',
      source: MAPPING,
      copied: constList(read('copies/bindings.mjs'), 'MAPPING_FIELDS'),
      declared: fields,
    },
    {
      copy: 'bindings.mjs fieldValues()',
      source: MAPPING,
      copied: returnedObjectKeys(read('copies/bindings.mjs'), 'fieldValues'),
      declared: fields,
    },
  ];

  it('names each copy that lacks, adds or renames a field or value, and only those', () => {
    assert.deepEqual(problemsOf(checks), [
      'types.ts DIRECTIONS lacks SIDEWAYS (it copies Direction__c)',
      `Controller.cls query lacks Nickname__c (it copies ${MAPPING})`,
      `Service.cls toFieldValues() lacks Salesforce_Field__c and has Sf_Field__c, which ${MAPPING} does not (it copies ${MAPPING})`,
      'Service.cls comparisons of direction has TWO_WAY, which Direction__c does not (it copies Direction__c)',
      'mappingWords.js DIRECTION_WORDS has BACKWARDS, which Direction__c does not (it copies Direction__c)',
    ]);
  });
});
