// Permission sets: every object, field, tab, class and app they name exists, and the grants
// are ones a deploy accepts.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, isTrue, list, text } from '../xml-document.mjs';
import { knownObject, resolveFieldPath, unknownObjectMessage } from '../schema-lookup.mjs';
import { PERMISSION_SET_TAB_VISIBILITIES } from '../metadata-vocabulary.mjs';

const OBJECT_FLAGS = [
  'allowCreate',
  'allowDelete',
  'allowEdit',
  'allowRead',
  'modifyAllRecords',
  'viewAllRecords',
];
/** Each flag and the flags it needs (a deploy rejects the grant otherwise). */
const FLAG_NEEDS = {
  allowCreate: ['allowRead'],
  allowEdit: ['allowRead'],
  allowDelete: ['allowRead', 'allowEdit'],
  viewAllRecords: ['allowRead'],
  modifyAllRecords: ['allowRead', 'allowEdit', 'allowDelete', 'viewAllRecords'],
};

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'permission-set',
  description: 'permission sets grant only what exists, in combinations a deploy accepts',
  check({ index }) {
    const { problems, report } = problemCollector('permission-set');
    for (const [name, file] of index.permissionSets) {
      const root = rootOf(file);
      if (!root) continue;
      /** @param {string} element @param {string} message @param {string} [value] @param {string} [valueElement] */
      const at = (element, message, value, valueElement) =>
        report(file, element, message, elementLine(file.text, valueElement ?? element, value));
      const label = text(root.label);
      if (!label) at('label', 'required');
      else if (label.length > 80) at('label', 'longer than 80 characters');
      if (!/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*$/.test(name))
        at('fullName', `${name} is not a valid API name`);

      const seenFields = new Set();
      for (const grant of list(root.fieldPermissions)) {
        const fieldRef = text(grant.field) ?? '';
        const element = `fieldPermissions[${fieldRef}]`;
        const [objectName = '', fieldName = ''] = fieldRef.split('.');
        if (seenFields.has(fieldRef.toLowerCase())) at(element, 'listed twice', fieldRef, 'field');
        seenFields.add(fieldRef.toLowerCase());
        const editable = text(grant.editable);
        const readable = text(grant.readable);
        if (editable !== 'true' && editable !== 'false')
          at(element, 'editable (true|false) is required', fieldRef, 'field');
        if (editable === 'true' && readable !== 'true')
          at(element, 'editable true needs readable true', fieldRef, 'field');
        if (!fieldName || fieldRef.split('.').length !== 2) {
          at(element, 'field must be Object.Field', fieldRef, 'field');
          continue;
        }
        const resolved = resolveFieldPath(index, objectName, [fieldName]);
        if (!resolved.ok) {
          at(element, resolved.message, fieldRef, 'field');
          continue;
        }
        const { field, object } = resolved;
        if (object.kind === 'metadata')
          at(
            element,
            'custom metadata fields take no field permissions (grant customMetadataTypeAccesses)',
            fieldRef,
            'field',
          );
        else if (object.kind === 'event')
          at(element, 'platform event fields take no field permissions', fieldRef, 'field');
        else if (field.custom && field.required)
          at(
            element,
            'required fields take no field permissions (a deploy rejects them)',
            fieldRef,
            'field',
          );
        else if (field.custom && field.formula && editable === 'true')
          at(
            element,
            'formula, roll-up and auto-number fields cannot be editable',
            fieldRef,
            'field',
          );
        else if (
          !field.custom &&
          [
            'Id',
            'Name',
            'OwnerId',
            'CreatedDate',
            'CreatedById',
            'LastModifiedDate',
            'LastModifiedById',
            'SystemModstamp',
          ].includes(field.name) &&
          object.kind !== 'standard'
        ) {
          at(element, `${field.name} takes no field permissions`, fieldRef, 'field');
        }
      }

      const seenObjects = new Set();
      for (const grant of list(root.objectPermissions)) {
        const objectName = text(grant.object) ?? '';
        const element = `objectPermissions[${objectName}]`;
        if (seenObjects.has(objectName.toLowerCase()))
          at(element, 'listed twice', objectName, 'object');
        seenObjects.add(objectName.toLowerCase());
        const object = knownObject(index, objectName);
        if (!object) at(element, unknownObjectMessage(index, objectName), objectName, 'object');
        else if (object.kind === 'metadata')
          at(
            element,
            'custom metadata types take customMetadataTypeAccesses, not objectPermissions',
            objectName,
            'object',
          );
        for (const flag of OBJECT_FLAGS) {
          const value = text(grant[flag]);
          if (value !== 'true' && value !== 'false')
            at(element, `${flag} (true|false) is required`, objectName, 'object');
        }
        for (const [flag, needs] of Object.entries(FLAG_NEEDS)) {
          if (!isTrue(grant[flag])) continue;
          const missing = needs.filter((n) => !isTrue(grant[n]));
          if (missing.length > 0)
            at(element, `${flag} needs ${missing.join(', ')}`, objectName, 'object');
        }
      }

      for (const setting of list(root.tabSettings)) {
        const tab = text(setting.tab) ?? '';
        const visibility = text(setting.visibility);
        const element = `tabSettings[${tab}]`;
        if (!tabExists(index, tab))
          at(
            element,
            `tab ${tab} does not exist (no tab file, and not standard-<Object>)`,
            tab,
            'tab',
          );
        if (!visibility || !PERMISSION_SET_TAB_VISIBILITIES.has(visibility)) {
          at(
            element,
            `visibility ${visibility ?? 'missing'} is not one of ${[...PERMISSION_SET_TAB_VISIBILITIES].join(', ')}`,
            tab,
            'tab',
          );
        }
      }
      for (const access of list(root.classAccesses)) {
        const apexClass = text(access.apexClass) ?? '';
        const element = `classAccesses[${apexClass}]`;
        if (!index.classes.has(apexClass.toLowerCase()))
          at(element, `Apex class ${apexClass} does not exist in classes/`, apexClass, 'apexClass');
        if (text(access.enabled) !== 'true' && text(access.enabled) !== 'false')
          at(element, 'enabled (true|false) is required', apexClass, 'apexClass');
      }
      for (const access of list(root.customMetadataTypeAccesses)) {
        const typeName = text(access.name) ?? '';
        const object = knownObject(index, typeName);
        if (!object || object.kind !== 'metadata') {
          at(
            `customMetadataTypeAccesses[${typeName}]`,
            `custom metadata type ${typeName} is not defined in the project`,
            typeName,
            'name',
          );
        }
      }
      for (const visibility of list(root.applicationVisibilities)) {
        const application = text(visibility.application) ?? '';
        if (!application.startsWith('standard__') && !index.apps.has(application)) {
          at(
            `applicationVisibilities[${application}]`,
            `application ${application} does not exist`,
            application,
            'application',
          );
        }
        if (text(visibility.visible) !== 'true' && text(visibility.visible) !== 'false') {
          at(
            `applicationVisibilities[${application}]`,
            'visible (true|false) is required',
            application,
            'application',
          );
        }
      }
    }
    return problems;
  },
};

/**
 * @param {import('../metadata-index.mjs').MetadataIndex} index
 * @param {string} tab
 */
export function tabExists(index, tab) {
  if (tab.startsWith('standard-')) return true;
  return index.tabs.has(tab);
}
