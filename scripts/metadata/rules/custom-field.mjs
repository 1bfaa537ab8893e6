// Required elements, sizes and attributes of each CustomField by its type.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, isTrue, list, text } from '../xml-document.mjs';
import { knownObject, unknownObjectMessage } from '../schema-lookup.mjs';
import { objectKind } from '../metadata-index.mjs';
import {
  CMDT_FIELD_TYPES,
  DELETE_CONSTRAINTS,
  EXTERNAL_ID_TYPES,
  FIELD_MANAGEABILITY,
  FIELD_TYPES,
  LIMITS,
  PLATFORM_EVENT_FIELD_TYPES,
  SIZELESS_TYPES,
  UNIQUE_TYPES,
} from '../metadata-vocabulary.mjs';

const API_NAME = /^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__c$/;

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'custom-field',
  description: 'custom fields carry the elements their type requires, and only those',
  check({ index }) {
    const { problems, report } = problemCollector('custom-field');
    for (const file of index.fieldFiles) {
      const root = rootOf(file);
      if (!root) continue;
      const name = file.name.replace(/\.field-meta\.xml$/, '');
      const objectName = file.rel.split('/').slice(-3, -2)[0] ?? '';
      const kind = objectKind(objectName);
      /** @param {string} element @param {string} message @param {string} [value] */
      const at = (element, message, value) =>
        report(file, element, message, elementLine(file.text, element, value));
      const number = (/** @type {string} */ element) => {
        const value = text(root[element]);
        return value === undefined || value === '' ? undefined : Number(value);
      };

      const fullName = text(root.fullName);
      if (fullName !== name)
        at('fullName', `must equal the file name ${name} (found ${fullName ?? 'none'})`);
      if (!API_NAME.test(name)) {
        at(
          'fullName',
          `${name} is not a valid custom field API name (letters, digits, single underscores, ending __c)`,
        );
      }
      const label = text(root.label);
      if (!label) at('label', 'required');
      else if (label.length > LIMITS.labelLength)
        at('label', `longer than ${LIMITS.labelLength} characters`);

      const type = text(root.type);
      if (!type) {
        at('type', 'required');
        continue;
      }
      if (!FIELD_TYPES.has(type)) {
        at('type', `${type} is not a field type`, type);
        continue;
      }
      if (kind === 'metadata') {
        if (!CMDT_FIELD_TYPES.has(type))
          at('type', `custom metadata types do not support ${type} fields`, type);
        const manageability = text(root.fieldManageability);
        if (!manageability)
          at(
            'fieldManageability',
            `required on custom metadata fields; one of ${[...FIELD_MANAGEABILITY].join(', ')}`,
          );
        else if (!FIELD_MANAGEABILITY.has(manageability))
          at(
            'fieldManageability',
            `${manageability} is not one of ${[...FIELD_MANAGEABILITY].join(', ')}`,
          );
      } else if (text(root.fieldManageability) !== undefined) {
        at('fieldManageability', 'only custom metadata type fields take fieldManageability');
      }
      if (kind === 'event' && !PLATFORM_EVENT_FIELD_TYPES.has(type)) {
        at('type', `platform events do not support ${type} fields`, type);
      }

      const length = number('length');
      const precision = number('precision');
      const scale = number('scale');
      const visibleLines = number('visibleLines');
      const isFormula = text(root.formula) !== undefined;

      if (type === 'Text' && !isFormula) {
        if (length === undefined)
          at('length', `required for Text (${LIMITS.textLength.min}–${LIMITS.textLength.max})`);
        else if (
          !Number.isInteger(length) ||
          length < LIMITS.textLength.min ||
          length > LIMITS.textLength.max
        ) {
          at(
            'length',
            `${length} is outside ${LIMITS.textLength.min}–${LIMITS.textLength.max} for Text`,
          );
        }
      }
      if (type === 'LongTextArea' || type === 'Html') {
        if (length === undefined)
          at(
            'length',
            `required for ${type} (${LIMITS.longTextLength.min}–${LIMITS.longTextLength.max})`,
          );
        else if (
          !Number.isInteger(length) ||
          length < LIMITS.longTextLength.min ||
          length > LIMITS.longTextLength.max
        ) {
          at(
            'length',
            `${length} is outside ${LIMITS.longTextLength.min}–${LIMITS.longTextLength.max} for ${type}`,
          );
        }
      }
      if (type === 'LongTextArea' || type === 'Html' || type === 'MultiselectPicklist') {
        if (visibleLines === undefined) at('visibleLines', `required for ${type}`);
        else if (visibleLines < LIMITS.visibleLines.min || visibleLines > LIMITS.visibleLines.max) {
          at(
            'visibleLines',
            `${visibleLines} is outside ${LIMITS.visibleLines.min}–${LIMITS.visibleLines.max}`,
          );
        }
      }
      if (type === 'Number' || type === 'Currency' || type === 'Percent') {
        if (precision === undefined)
          at('precision', `required for ${type} (${LIMITS.precision.min}–${LIMITS.precision.max})`);
        else if (
          !Number.isInteger(precision) ||
          precision < LIMITS.precision.min ||
          precision > LIMITS.precision.max
        ) {
          at(
            'precision',
            `${precision} is outside ${LIMITS.precision.min}–${LIMITS.precision.max}`,
          );
        }
        if (scale === undefined) at('scale', `required for ${type}`);
        else if (
          !Number.isInteger(scale) ||
          scale < 0 ||
          (precision !== undefined && scale > precision)
        ) {
          at('scale', `${scale} must be between 0 and the precision (${precision ?? '?'})`);
        }
      } else {
        if (precision !== undefined) at('precision', `a ${type} field takes no precision`);
        if (scale !== undefined) at('scale', `a ${type} field takes no scale`);
      }
      if (SIZELESS_TYPES.has(type) && length !== undefined)
        at('length', `a ${type} field takes no length`);

      if (type === 'Checkbox') {
        const defaultValue = text(root.defaultValue);
        if (defaultValue !== 'true' && defaultValue !== 'false')
          at('defaultValue', 'a Checkbox needs defaultValue true or false');
        if (isTrue(root.required)) at('required', 'a Checkbox cannot be required');
      }
      if (type === 'AutoNumber' && !/\{0+\}/.test(text(root.displayFormat) ?? '')) {
        at('displayFormat', 'an AutoNumber field needs a displayFormat with a {0…} counter');
      }

      if (type === 'Picklist' || type === 'MultiselectPicklist') {
        const valueSet = root.valueSet;
        if (!valueSet || typeof valueSet !== 'object') {
          at('valueSet', `a ${type} needs a valueSet`);
        } else if (text(valueSet.valueSetName) === undefined) {
          const values = list(valueSet.valueSetDefinition?.value);
          if (values.length === 0) at('valueSet', 'needs at least one value');
          if (!isTrue(valueSet.restricted))
            at(
              'valueSet',
              'picklists of this project are restricted: set <restricted>true</restricted>',
            );
          const seen = new Set();
          let defaults = 0;
          for (const value of values) {
            const valueName = text(value.fullName);
            if (!valueName) {
              at('valueSet', 'every value needs a fullName');
              continue;
            }
            if (seen.has(valueName.toLowerCase()))
              at('valueSet', `duplicate value ${valueName}`, valueName);
            seen.add(valueName.toLowerCase());
            const isDefault = text(value.default);
            if (isDefault !== 'true' && isDefault !== 'false')
              at('valueSet', `value ${valueName} needs <default>true|false</default>`, valueName);
            if (isDefault === 'true') defaults += 1;
            if (!text(value.label)) at('valueSet', `value ${valueName} needs a label`, valueName);
          }
          if (defaults > 1 && type === 'Picklist')
            at('valueSet', 'a Picklist has at most one default value');
        }
      } else if (root.valueSet !== undefined) {
        at('valueSet', `a ${type} field takes no valueSet`);
      }

      if (type === 'Lookup' || type === 'MasterDetail') {
        const referenceTo = text(root.referenceTo);
        if (!referenceTo) at('referenceTo', `required for ${type}`);
        else if (!knownObject(index, referenceTo))
          at('referenceTo', unknownObjectMessage(index, referenceTo), referenceTo);
        const relationshipName = text(root.relationshipName);
        if (!relationshipName) at('relationshipName', `required for ${type}`);
        else if (
          !/^[A-Za-z][A-Za-z0-9_]*$/.test(relationshipName) ||
          relationshipName.includes('__') ||
          relationshipName.endsWith('_')
        ) {
          at('relationshipName', `${relationshipName} is not a valid relationship name`);
        }
        const deleteConstraint = text(root.deleteConstraint);
        if (type === 'Lookup' && deleteConstraint !== undefined) {
          if (!DELETE_CONSTRAINTS.has(deleteConstraint))
            at(
              'deleteConstraint',
              `${deleteConstraint} is not one of ${[...DELETE_CONSTRAINTS].join(', ')}`,
            );
          else if (deleteConstraint === 'Cascade')
            at(
              'deleteConstraint',
              'Cascade on a Lookup needs a feature Salesforce support must enable; use SetNull or Restrict',
            );
          else if (deleteConstraint === 'SetNull' && isTrue(root.required))
            at('deleteConstraint', 'a required Lookup cannot use SetNull');
        }
        if (type === 'MasterDetail') {
          if (deleteConstraint !== undefined)
            at('deleteConstraint', 'a MasterDetail field takes no deleteConstraint');
          if (text(root.relationshipOrder) === undefined)
            at('relationshipOrder', 'required for MasterDetail (0 or 1)');
          if (root.required !== undefined)
            at('required', 'a MasterDetail field is always required; omit <required>');
        }
      } else {
        for (const element of ['referenceTo', 'relationshipName', 'deleteConstraint']) {
          if (root[element] !== undefined) at(element, `a ${type} field takes no ${element}`);
        }
      }

      if (isTrue(root.externalId) && !EXTERNAL_ID_TYPES.has(type)) {
        at('externalId', `only ${[...EXTERNAL_ID_TYPES].join(', ')} fields can be External IDs`);
      }
      if (isTrue(root.unique) && !UNIQUE_TYPES.has(type)) {
        at('unique', `only ${[...UNIQUE_TYPES].join(', ')} fields can be unique`);
      }
      if (root.caseSensitive !== undefined && !(type === 'Text' && isTrue(root.unique))) {
        at('caseSensitive', 'only a unique Text field takes caseSensitive');
      }
      if (isFormula && (isTrue(root.required) || isTrue(root.unique) || isTrue(root.externalId))) {
        at('formula', 'a formula field cannot be required, unique or an External ID');
      }
    }
    return problems;
  },
};
