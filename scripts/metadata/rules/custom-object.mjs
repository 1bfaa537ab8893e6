// Required elements and enumerations of CustomObject (custom objects, custom metadata types,
// platform events), and of the list views stored beside them.
import { problemCollector, rootOf } from '../rule.mjs';
import { elementLine, list, text } from '../xml-document.mjs';
import {
  DEPLOYMENT_STATUSES,
  LIMITS,
  NAME_FIELD_TYPES,
  PLATFORM_EVENT_TYPES,
  PUBLISH_BEHAVIORS,
  SETUP_OBJECT_VISIBILITIES,
  SHARING_MODELS,
} from '../metadata-vocabulary.mjs';

/** @type {import('../rule.mjs').Rule} */
export default {
  id: 'custom-object',
  description:
    'custom objects, custom metadata types, platform events and list views carry their required elements',
  check({ index }) {
    const { problems, report } = problemCollector('custom-object');

    for (const object of index.objects.values()) {
      if (object.kind !== 'standard' && !object.file) {
        const sample = [...object.fields.values()].find((f) => f.file)?.file;
        report(
          sample ?? `objects/${object.name}`,
          object.name,
          `custom object has fields but no ${object.name}.object-meta.xml`,
        );
      }
    }

    for (const file of index.objectFiles) {
      const root = rootOf(file);
      if (!root) continue;
      const name = file.name.replace(/\.object-meta\.xml$/, '');
      const folder = file.rel.split('/').slice(-2, -1)[0];
      if (folder !== name)
        report(file, name, `file must be in a folder named ${name} (found ${folder})`);
      const object = index.objects.get(name.toLowerCase());
      if (!object || object.kind === 'standard') continue;

      /** @param {string} element @param {string} message */
      const at = (element, message) =>
        report(file, element, message, elementLine(file.text, element));
      /**
       * @param {string} element
       * @param {Set<string>} allowed
       */
      const requireEnum = (element, allowed) => {
        const value = text(root[element]);
        if (value === undefined || value === '')
          at(element, `required; one of ${[...allowed].join(', ')}`);
        else if (!allowed.has(value))
          at(element, `${value} is not one of ${[...allowed].join(', ')}`);
      };
      for (const element of ['label', 'pluralLabel']) {
        const value = text(root[element]);
        if (!value) at(element, 'required');
        else if (value.length > LIMITS.labelLength)
          at(element, `longer than ${LIMITS.labelLength} characters`);
      }

      if (object.kind === 'metadata') {
        requireEnum('visibility', SETUP_OBJECT_VISIBILITIES);
        continue;
      }
      if (object.kind === 'event') {
        requireEnum('eventType', PLATFORM_EVENT_TYPES);
        requireEnum('publishBehavior', PUBLISH_BEHAVIORS);
        requireEnum('deploymentStatus', DEPLOYMENT_STATUSES);
        continue;
      }
      requireEnum('deploymentStatus', DEPLOYMENT_STATUSES);
      requireEnum('sharingModel', SHARING_MODELS);
      if (text(root.externalSharingModel) !== undefined)
        requireEnum('externalSharingModel', SHARING_MODELS);
      const hasMasterDetail = [...object.fields.values()].some((f) => f.type === 'MasterDetail');
      if (text(root.sharingModel) === 'ControlledByParent' && !hasMasterDetail) {
        at('sharingModel', 'ControlledByParent needs a MasterDetail field on the object');
      }
      if (
        hasMasterDetail &&
        text(root.sharingModel) &&
        text(root.sharingModel) !== 'ControlledByParent'
      ) {
        at('sharingModel', 'an object with a MasterDetail field must use ControlledByParent');
      }
      const nameField = root.nameField;
      if (!nameField || typeof nameField !== 'object') {
        at('nameField', 'required (label and type Text or AutoNumber)');
      } else {
        const type = text(nameField.type);
        if (!text(nameField.label)) at('nameField', 'nameField.label is required');
        if (!type || !NAME_FIELD_TYPES.has(type))
          at('nameField', `nameField.type must be Text or AutoNumber (found ${type ?? 'none'})`);
        if (type === 'AutoNumber' && !/\{0+\}/.test(text(nameField.displayFormat) ?? '')) {
          at('nameField', 'an AutoNumber name field needs a displayFormat with a {0…} counter');
        }
      }
    }

    for (const file of index.listViewFiles) {
      const root = rootOf(file);
      if (!root) continue;
      const base = file.name.replace(/\.listView-meta\.xml$/, '');
      const objectName = file.rel.split('/').slice(-3, -2)[0] ?? '';
      const object = index.objects.get(objectName.toLowerCase());
      if (text(root.fullName) !== base)
        report(
          file,
          'fullName',
          `must equal the file name ${base}`,
          elementLine(file.text, 'fullName'),
        );
      if (!text(root.label)) report(file, 'label', 'required');
      if (!text(root.filterScope)) report(file, 'filterScope', 'required');
      const names = [
        ...list(root.columns).map((c) => text(c)),
        ...list(root.filters).map((f) => text(f.field)),
      ];
      for (const name of names) {
        if (!name || !/__c$/i.test(name) || !object) continue;
        const fieldName = name.includes('.') ? (name.split('.').pop() ?? name) : name;
        if (!object.fields.has(fieldName.toLowerCase())) {
          report(
            file,
            name,
            `${object.name} has no field ${fieldName}`,
            elementLine(file.text, 'field', name) ?? elementLine(file.text, 'columns', name),
          );
        }
      }
    }
    return problems;
  },
};
